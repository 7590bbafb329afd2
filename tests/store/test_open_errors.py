"""Opening files that are missing, foreign, newer, damaged or crafted: one clear error each."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_studio.store import APPLICATION_ID, SCHEMA_VERSION, JourneyFileError, open_document
from journey_studio.store import connection as connection_module
from journey_studio.store import header as header_module
from tests.store.conftest import FIXTURES, refused, set_header, tamper


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
    assert not error.recoverable


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
    tamper(saved, f"PRAGMA user_version={SCHEMA_VERSION + 1}")
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


@pytest.mark.parametrize(
    ("offset", "value", "words"),
    [
        (18, b"\x02\x02", "write-ahead-log"),
        (18, b"\x01\x03", "read or write version"),
        (16, b"\x03\x00", "page size"),
        (16, b"\x00\x00", "page size"),
        (20, b"\x20", "encrypted"),
        (21, b"\x41", "header fields"),
        (80, b"\x01", "header fields"),
        (44, (9).to_bytes(4, "big"), "schema format"),
        (56, (2).to_bytes(4, "big"), "text encoding"),
        (36, (10**6).to_bytes(4, "big"), "free page count"),
    ],
)
def test_header_fields_are_checked_before_sqlite(saved: Path, offset: int, value: bytes, words: str) -> None:
    set_header(saved, offset, value)
    error = refused(saved)
    assert error.reason == "damaged" and words in str(error)


def test_encrypted_file_is_not_a_journey_file(saved: Path) -> None:
    saved.write_bytes(os.urandom(16) + saved.read_bytes()[16:])
    error = refused(saved)
    assert error.reason == "not-journey" and "encrypted" in str(error)


def test_newer_version_may_be_opened_read_only(saved: Path) -> None:
    tamper(
        saved,
        "PRAGMA user_version=7",
        "CREATE TABLE journeys_v7 (id TEXT PRIMARY KEY, note TEXT)",
        "ALTER TABLE cards ADD COLUMN colour TEXT DEFAULT 'red'",
        "CREATE INDEX cards_by_colour ON cards(colour)",
    )
    assert refused(saved).reason == "newer-version"
    doc = open_document(saved, allow_newer=True)
    assert len(doc.cards) == 3


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE VIEW v AS SELECT 1",
        "CREATE TRIGGER t AFTER INSERT ON cards BEGIN SELECT 1; END",
        "DROP TABLE card_metrics",
        "ALTER TABLE cards DROP COLUMN owner",
    ],
)
def test_newer_version_read_only_still_refuses_what_it_cannot_trust(saved: Path, statement: str) -> None:
    tamper(saved, "PRAGMA user_version=7", statement)
    assert refused(saved, allow_newer=True).reason == "contents"


def test_too_many_rows_is_too_complex(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from journey_studio.store import rows as rows_module

    tamper(
        saved,
        "WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
        "INSERT INTO objectives SELECT i, 'x' FROM n",
    )
    monkeypatch.setattr(rows_module, "MAX_ROWS", 1000)
    error = refused(saved)
    assert error.reason == "too-complex" and "more than 1,000 rows" in str(error)


def test_giant_value_is_too_complex(saved: Path) -> None:
    tamper(saved, "UPDATE cards SET description = zeroblob(6000000) WHERE id = 'c1'")
    error = refused(saved)
    assert error.reason == "too-complex" and "limits" in str(error)


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
    ("extra column", ["ALTER TABLE cards ADD COLUMN colour TEXT"], "the table 'cards' is not defined"),
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


SCHEMA_CHANGES = ("view", "trigger", "index", "table", "missing table", "extra column")


@pytest.mark.parametrize(("name", "statements", "expected"), CRAFTED, ids=[c[0] for c in CRAFTED])
def test_crafted_contents(saved: Path, name: str, statements: list[str], expected: str) -> None:
    tamper(saved, "PRAGMA writable_schema=OFF", *statements)
    error = refused(saved)
    assert error.reason == "contents", str(error)
    assert expected in str(error)
    # Damaged values may be recovered into a new map; a schema that is not ours never is.
    assert error.recoverable == (name not in SCHEMA_CHANGES)


def test_invalid_utf8_text_still_opens(saved: Path) -> None:
    tamper(saved, "UPDATE cards SET title = CAST(x'41ff42' AS TEXT) WHERE id = 'c1'")
    assert open_document(saved).cards["c1"].title == "A\ufffdB"


def test_slow_file_hits_the_deadline(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection_module, "READ_SECONDS", -1.0)
    monkeypatch.setattr(connection_module, "PROGRESS_STEPS", 1)
    error = refused(saved)
    assert error.reason == "too-complex" and "longer than" in str(error)


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
    data[data.index(b'CREATE TABLE "objectives"') + 20] = 0x80  # inside the stored schema text
    saved.write_bytes(bytes(data))
    assert refused(saved).reason == "damaged"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), min_size=1, max_size=6))
def test_random_damage_opens_or_fails_cleanly(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    path = tmp_path / "fuzzed.journey"
    data = bytearray((FIXTURES / "v1" / "sample.journey").read_bytes())
    for position, value in flips:
        data[position % (len(data) if position % 2 else 8192)] = value  # half the flips in the header pages
    path.write_bytes(bytes(data))
    try:
        open_document(path)
    except JourneyFileError as error:
        assert "\n" not in str(error)
    assert path.read_bytes() == data
