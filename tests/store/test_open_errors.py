"""Opening files that are missing, foreign, newer, damaged or crafted: one clear error each."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_studio.store import APPLICATION_ID, JourneyFileError, open_document, save_document
from journey_studio.store import connection as connection_module
from journey_studio.store import header as header_module
from tests.strategies import sample_document


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "map.journey"
    save_document(sample_document(), path)
    return path


def refused(path: Path) -> JourneyFileError:
    with pytest.raises(JourneyFileError) as caught:
        open_document(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return caught.value


def tamper(path: Path, *statements: str) -> None:
    """Change a saved file with plain SQL, as another program might."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_missing_file(tmp_path: Path) -> None:
    error = refused(tmp_path / "nowhere.journey")
    assert error.reason == "missing" and "no such file" in str(error)


def test_folder(tmp_path: Path) -> None:
    assert refused(tmp_path).reason == "not-journey"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.journey"
    path.write_bytes(b"")
    error = refused(path)
    assert error.reason == "empty" and "is empty" in str(error)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.journey"
    path.write_bytes(os.urandom(8192))
    error = refused(path)
    assert error.reason == "not-journey" and "not a Journey Studio file" in str(error)


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.journey"
    path.write_text("just some notes\n")
    assert refused(path).reason == "not-journey"


def test_too_large(tmp_path: Path, saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(header_module, "MAX_FILE_BYTES", 1000)
    error = refused(saved)
    assert error.reason == "too-large" and "too large" in str(error)


def test_database_of_another_application(tmp_path: Path) -> None:
    path = tmp_path / "other.journey"
    tamper(path, "CREATE TABLE contacts (name TEXT)", "INSERT INTO contacts VALUES ('x')")
    error = refused(path)
    assert error.reason == "other-application" and "another application" in str(error)


def test_database_with_a_foreign_application_id(saved: Path) -> None:
    tamper(saved, f"PRAGMA application_id={APPLICATION_ID + 1}")
    assert refused(saved).reason == "other-application"


def test_newer_version(saved: Path) -> None:
    tamper(saved, "PRAGMA user_version=2")
    error = refused(saved)
    assert error.reason == "newer-version" and "newer version" in str(error)


def test_newer_version_is_refused_before_sqlite_reads_it(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[60:64] = (99).to_bytes(4, "big")
    data[100:] = b"\xff" * (len(data) - 100)  # the rest is garbage SQLite would choke on
    saved.write_bytes(bytes(data))
    error = refused(saved)
    assert error.reason == "newer-version" and "file version 99" in str(error)


def test_missing_version(saved: Path) -> None:
    tamper(saved, "PRAGMA user_version=0")
    assert refused(saved).reason == "damaged"


@pytest.mark.parametrize("cut", [0.5, 0.999])
def test_truncated_file(saved: Path, cut: float) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: int(len(data) * cut)])
    error = refused(saved)
    assert error.reason == "damaged" and "damaged" in str(error)


def test_truncated_at_a_page_boundary(saved: Path) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: 4096 * 3])
    assert refused(saved).reason == "damaged"


def test_scrambled_page(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[4096 * 2 : 4096 * 3] = bytes(range(256)) * 16
    saved.write_bytes(bytes(data))
    assert refused(saved).reason == "damaged"


def test_write_ahead_log_file(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[18:20] = b"\x02\x02"
    saved.write_bytes(bytes(data))
    assert refused(saved).reason == "damaged"


CRAFTED: list[tuple[str, list[str], str]] = [
    ("view", ["CREATE VIEW everything AS SELECT * FROM cards"], "view 'everything'"),
    (
        "trigger",
        ["CREATE TRIGGER sneaky AFTER INSERT ON cards BEGIN DELETE FROM flows; END"],
        "trigger 'sneaky'",
    ),
    ("index", ["CREATE INDEX extra ON cards(title)"], "index 'extra'"),
    ("table", ["CREATE TABLE extras (x)"], "table 'extras'"),
    ("missing table", ["DROP TABLE card_metrics"], "lacks the table 'card_metrics'"),
    ("extra column", ["ALTER TABLE cards ADD COLUMN colour TEXT"], "expected columns"),
    (
        "unknown stage",
        ["UPDATE cards SET stage = 'x' WHERE id = 'c3'"],
        "card 'c3' refers to unknown stage 'x'",
    ),
    ("unknown lane", ["UPDATE cards SET lane = 'x'"], "unknown lane 'x'"),
    ("unknown flow card", ["UPDATE flows SET target = 'gone' WHERE id = 'f1'"], "unknown card 'gone'"),
    (
        "unknown persona",
        ["UPDATE card_emotions SET persona = 'p9' WHERE position = 0"],
        "unknown persona 'p9'",
    ),
    ("unknown card", ["UPDATE card_metrics SET card = 'zz'"], "card_metrics refers to unknown card 'zz'"),
    ("wrong type", ["UPDATE stages SET width = 'wide'"], "width must be a number"),
    ("text for blob", ["UPDATE personas SET avatar = 'abc'"], "avatar must be binary data"),
    ("bad flag", ["UPDATE cards SET exit = 7"], "exit must be 0 or 1"),
    ("emotion range", ["UPDATE card_emotions SET score = 7"], "must be 1–5 in halves"),
    ("enum", ["UPDATE lanes SET kind = 'dancing'"], "unknown kind 'dancing'"),
    ("map type", ["UPDATE map_info SET map_type = 'treasure'"], "unknown map type 'treasure'"),
    ("no map row", ["DELETE FROM map_info"], "exactly one row"),
    ("order", ["UPDATE personas SET position = 7 WHERE id = 'p1'"], "order of personas is damaged"),
    ("bad id", ["UPDATE flows SET id = 'has space' WHERE id = 'f2'"], "not a valid id"),
    ("repeated score", ["UPDATE card_emotions SET persona = 'p1'"], "names the same key twice"),
    ("self loop", ["UPDATE flows SET target = source WHERE id = 'f1'"], "connects a card to itself"),
    ("blob for text", ["UPDATE stages SET goal = x'00'"], "goal must be text"),
]


@pytest.mark.parametrize(("name", "statements", "expected"), CRAFTED, ids=[c[0] for c in CRAFTED])
def test_crafted_contents(saved: Path, name: str, statements: list[str], expected: str) -> None:
    tamper(saved, "PRAGMA writable_schema=OFF", *statements)
    error = refused(saved)
    assert error.reason == "contents", str(error)
    assert expected in str(error)


def test_invalid_utf8_text_still_opens(saved: Path) -> None:
    tamper(saved, "UPDATE cards SET title = CAST(x'41ff42' AS TEXT) WHERE id = 'c1'")
    assert open_document(saved).cards["c1"].title == "A\ufffdB"


def test_slow_file_hits_the_deadline(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection_module, "READ_SECONDS", -1.0)
    monkeypatch.setattr(connection_module, "PROGRESS_STEPS", 1)
    error = refused(saved)
    assert error.reason == "damaged" and "too long" in str(error)


def test_read_only_connection_refuses_attach_and_writes(saved: Path) -> None:
    conn = connection_module.open_read_only(saved)
    try:
        for statement in (f"ATTACH DATABASE '{saved}' AS other", "DELETE FROM flows", "CREATE TABLE t (x)"):
            with pytest.raises(sqlite3.DatabaseError):
                conn.execute(statement)
    finally:
        conn.close()


def test_opening_never_changes_the_file(saved: Path) -> None:
    before = saved.read_bytes()
    stamp = saved.stat().st_mtime_ns
    open_document(saved)
    saved.chmod(0o444)
    open_document(saved)
    assert saved.read_bytes() == before and saved.stat().st_mtime_ns == stamp
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[:50],
        lambda d: d[:100] + b"\x00" * (len(d) - 100),
        lambda d: d[: len(d) // 2] + os.urandom(len(d) // 2),
    ],
    ids=["header only", "zeroed", "noisy tail"],
)
def test_damage_never_escapes_as_another_exception(saved: Path, damage: Callable[[bytes], bytes]) -> None:
    saved.write_bytes(damage(saved.read_bytes()))
    refused(saved)


def test_damaged_schema_text_is_reported_as_damage(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[2495] = 0x80  # inside the stored CREATE TABLE text on the first page
    saved.write_bytes(bytes(data))
    assert refused(saved).reason == "damaged"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), min_size=1, max_size=6))
def test_random_damage_opens_or_fails_cleanly(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    path = tmp_path / "fuzzed.journey"
    data = bytearray((Path(__file__).parent / "fixtures" / "v1" / "sample.journey").read_bytes())
    for position, value in flips:
        data[position % (len(data) if position % 2 else 8192)] = value  # half the flips in the header pages
    path.write_bytes(bytes(data))
    try:
        open_document(path)
    except JourneyFileError as error:
        assert "\n" not in str(error)
    assert path.read_bytes() == data
