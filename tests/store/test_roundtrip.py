"""A saved map opens again exactly as it was, and the file is what the format promises."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from journey_studio.interchange import document_to_dict, dumps, loads
from journey_studio.model import Document
from journey_studio.store import APPLICATION_ID, SCHEMA_VERSION, open_document, save_document
from tests.strategies import document_state, documents, sample_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ROUND_TRIP = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ROUND_TRIP
@given(doc=documents())
def test_save_then_open_is_identical(tmp_path: Path, doc: Document) -> None:
    path = tmp_path / "map.journey"
    save_document(doc, path)
    assert document_state(open_document(path)) == document_state(doc)


@ROUND_TRIP
@given(doc=documents())
def test_json_through_journey_file_is_identical(tmp_path: Path, doc: Document) -> None:
    text = dumps(loads(dumps(doc)))
    path = tmp_path / "map.journey"
    save_document(loads(text), path)
    assert dumps(open_document(path)) == text


def test_sample_round_trip_keeps_order_of_everything(tmp_path: Path) -> None:
    doc = sample_document()
    path = tmp_path / "sample.journey"
    save_document(doc, path)
    again = open_document(path)
    assert document_state(again) == document_state(doc)
    assert list(again.cards["c1"].emotion) == ["p2", "p1"]
    assert document_to_dict(again) == document_to_dict(doc)


def test_empty_document_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "empty.journey"
    save_document(Document(), path)
    assert document_state(open_document(path)) == document_state(Document())


def test_file_header_and_journal_mode(tmp_path: Path) -> None:
    path = tmp_path / "map.journey"
    save_document(sample_document(), path)
    header = path.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID
    assert int.from_bytes(header[60:64], "big") == SCHEMA_VERSION
    assert header[18:20] == b"\x01\x01"  # rollback journal, not WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.journey"]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    finally:
        conn.close()
    assert {"map_info", "personas", "stages", "lanes", "cards", "flows", "card_emotions"} <= tables


def test_saving_twice_replaces_the_map(tmp_path: Path) -> None:
    path = tmp_path / "map.journey"
    save_document(sample_document(), path)
    save_document(Document(), path)
    assert len(open_document(path).cards) == 0


def test_version_1_fixture_still_opens() -> None:
    """Files written by schema version 1 are kept and must open forever (upgraded if need be)."""
    doc = open_document(FIXTURES / "v1" / "sample.journey")
    assert document_state(doc) == document_state(sample_document())


def test_odd_file_names_open_exactly_that_file(tmp_path: Path) -> None:
    decoy = sample_document()
    decoy.update_info({"title": "decoy"})
    for name in ("map#1.journey", "what?mode=rwc.journey", "100%41.journey", "my map é 地图 🙂.journey"):
        target = tmp_path / name
        save_document(sample_document(), target)
        for impostor in (name.split("#")[0], name.split("?")[0], name.replace("%41", "A")):
            if impostor != name:
                save_document(decoy, tmp_path / impostor)
        assert open_document(target).info.title == sample_document().info.title, name
        assert open_document(str(target)).info.title == sample_document().info.title, name
