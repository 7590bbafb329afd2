"""A damaged file is refused with an offer; recovering it gives a valid new map of what could be read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from journey_studio.model import Card, Document, Flow, Lane, MapInfo, Persona, Stage
from journey_studio.store import JourneyFileError, open_document, recover_document, save_document
from tests.store.conftest import refused, tamper
from tests.strategies import sample_document

CARDS = 400


def big_document() -> Document:
    stages = [Stage(f"s{i}", f"Stage {i}") for i in range(4)]
    lanes = [Lane("l1", "Touchpoints", "touchpoints"), Lane("l2", "Notes", "notes")]
    personas = [Persona("p1", "Ana"), Persona("p2", "Ben")]
    cards = [
        Card(
            f"c{i}",
            "touchpoint",
            f"s{i % 4}",
            "l1" if i % 2 else "l2",
            f"Card {i}",
            "words " * 40,
            emotion={"p1": 1 + (i % 9) / 2},
            personas=["p2"] if i % 3 else [],
        )
        for i in range(CARDS)
    ]
    flows = [Flow(f"f{i}", f"c{i}", f"c{i + 1}", "p1" if i % 2 else "") for i in range(CARDS - 1)]
    return Document(MapInfo(title="Workshop map"), personas, stages, lanes, cards, flows)


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "big.journey"
    save_document(big_document(), path)
    return path


def page_of(path: Path, table: str, leaf: bool) -> int:
    """The root page of a table, or the first leaf page under it (the root is an interior page)."""
    conn = sqlite3.connect(path)
    root = int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    conn.close()
    if not leaf:
        return root
    data = path.read_bytes()
    page = data[(root - 1) * page_size : root * page_size]
    assert page[0] == 0x05, "expected an interior table page"
    first_cell = int.from_bytes(page[12:14], "big")
    return int.from_bytes(page[first_cell : first_cell + 4], "big")


def damage_page(path: Path, number: int) -> None:
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    data[(number - 1) * size + 8 : number * size] = b"\xa5" * (size - 8)
    path.write_bytes(bytes(data))


def assert_valid(doc: Document, tmp_path: Path) -> None:
    doc.check_consistency()
    again = tmp_path / "recovered.journey"
    save_document(doc, again)
    assert len(open_document(again).cards) == len(doc.cards)


def test_damaged_leaf_of_cards(big: Path, tmp_path: Path) -> None:
    damage_page(big, page_of(big, "cards", leaf=True))
    error = refused(big)
    assert error.reason == "damaged" and error.recoverable and "recover" in str(error)
    recovered = recover_document(big)
    cards = len(recovered.document.cards)
    assert 0 < cards < CARDS
    assert recovered.document.info.title == "Workshop map"
    assert len(recovered.document.stages) == 4
    assert recovered.lost["cards"] == 0 and recovered.unreadable
    assert "could not be recovered" in recovered.summary()
    assert_valid(recovered.document, tmp_path)


def test_damaged_root_of_flows(big: Path, tmp_path: Path) -> None:
    damage_page(big, page_of(big, "flows", leaf=False))
    assert refused(big).recoverable
    recovered = recover_document(big)
    assert len(recovered.document.cards) == CARDS
    assert len(recovered.document.flows) < CARDS - 1
    assert_valid(recovered.document, tmp_path)


def test_file_cut_short(big: Path, tmp_path: Path) -> None:
    data = big.read_bytes()
    big.write_bytes(data[: int(len(data) * 0.7) + 100])
    error = refused(big)
    assert error.reason == "damaged" and error.recoverable
    recovered = recover_document(big)
    assert len(recovered.document.stages) == 4 and 0 < len(recovered.document.cards) < CARDS
    assert_valid(recovered.document, tmp_path)


def test_invalid_values_are_left_out(saved: Path, tmp_path: Path) -> None:
    tamper(
        saved,
        "UPDATE card_emotions SET score = 7 WHERE card = 'c1'",
        "UPDATE cards SET stage = 'gone' WHERE id = 'c3'",
        "UPDATE lanes SET kind = 'dancing' WHERE position = 0",
        "UPDATE map_info SET map_type = 'treasure'",
    )
    assert refused(saved).recoverable
    recovered = recover_document(saved)
    doc = recovered.document
    assert doc.info.map_type == "current-state" and doc.info.title == sample_document().info.title
    assert "c3" not in doc.cards and not doc.flows_of({"c3"})
    assert all(card.emotion == {} or card.id != "c1" for card in doc.cards)
    assert recovered.lost["lanes"] == 1
    assert_valid(doc, tmp_path)


def test_a_file_with_nothing_left_is_refused(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    data[size:] = b"\x00" * (len(data) - size)
    saved.write_bytes(bytes(data))
    with pytest.raises(JourneyFileError) as caught:
        recover_document(saved)
    assert caught.value.reason == "damaged" and "\n" not in str(caught.value)


def test_recovering_never_changes_the_file(big: Path) -> None:
    damage_page(big, page_of(big, "cards", leaf=True))
    before = big.read_bytes()
    recover_document(big)
    assert big.read_bytes() == before and [p.name for p in big.parent.iterdir()] == [big.name]
