"""A corpus of malicious schemas: each is refused, and no function of ours ever runs.

Follows SQLite's "Defense Against the Dark Arts": views and triggers that stand in for our
tables, CHECK / DEFAULT / generated columns / indexes that call functions, virtual tables, and
schemas built to exhaust the parser or the reader.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from journey_studio.store import connection as connection_module
from journey_studio.store import recover_document
from journey_studio.store.connection import LIMITS, Authorizer, Deadline, open_copy
from journey_studio.store.schema import TABLES
from tests.store.conftest import refused

CANARY_CALLS: list[tuple[object, ...]] = []


def canary(*args: object) -> int:
    CANARY_CALLS.append(args)
    return 1


def rewrite_table(table: str, old: str, new: str) -> list[str]:
    """Statements that change a table's stored CREATE text, as a crafted file would."""
    return [
        "PRAGMA writable_schema=ON",
        f"UPDATE sqlite_master SET sql = replace(sql, '{old}', '{new}') WHERE name = '{table}'",
    ]


RECURSIVE = (
    "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i AS position, 'x' AS text FROM r"
)
DEEP = " + ".join(["1"] * 300)  # an expression tree 300 deep

CORPUS: dict[str, list[str]] = {
    "view replaces a table": [
        "DROP TABLE objectives",
        "CREATE VIEW objectives AS SELECT canary(1) AS position, 'x' AS text",
    ],
    "recursive CTE view replaces a table": [
        "DROP TABLE objectives",
        f"CREATE VIEW objectives AS {RECURSIVE}",
    ],
    "recursive CTE view beside the tables": [f"CREATE VIEW forever AS {RECURSIVE}"],
    "triggers on every table": [
        f"CREATE TRIGGER t_{t.name}_{event} AFTER {event} ON {t.name} BEGIN SELECT canary(1); END"
        for t in TABLES
        for event in ("INSERT", "UPDATE", "DELETE")
    ],
    "CHECK calls a function": rewrite_table(
        "cards", '"exit" INTEGER NOT NULL', '"exit" INTEGER NOT NULL CHECK (canary(exit))'
    ),
    "DEFAULT calls a function": rewrite_table(
        "cards", '"owner" TEXT NOT NULL', '"owner" TEXT NOT NULL DEFAULT (canary())'
    ),
    "generated column in place of a stored one": rewrite_table(
        "cards", '"title" TEXT NOT NULL', '"title" TEXT GENERATED ALWAYS AS (canary(id)) VIRTUAL'
    ),
    "generated column added": [
        "ALTER TABLE cards ADD COLUMN g TEXT GENERATED ALWAYS AS (canary(title)) VIRTUAL"
    ],
    "index on a function": ["CREATE INDEX by_canary ON cards(canary(title))"],
    "partial index calling a function": ["CREATE INDEX partial ON cards(title) WHERE canary(title)"],
    "FTS5 virtual table": ["CREATE VIRTUAL TABLE notes USING fts5(body)", "INSERT INTO notes VALUES ('x')"],
    "FTS5 table replaces a table": [
        "DROP TABLE objectives",
        "CREATE VIRTUAL TABLE objectives USING fts5(position, text)",
    ],
    "R-Tree virtual table": ["CREATE VIRTUAL TABLE boxes USING rtree(id, x0, x1)"],
    "R-Tree replaces a table": [
        "DROP TABLE card_metrics",
        "CREATE VIRTUAL TABLE card_metrics USING rtree(card, a, b)",
    ],
    "deeply nested view": [f"CREATE VIEW deep AS SELECT {DEEP} AS x"],
    "quoting in a name": ['CREATE TABLE "x""; DROP TABLE cards; --" (a)'],
    "a thousand tables": [f"CREATE TABLE extra_{i} (a)" for i in range(1000)],
    "columns beyond the limit": ["CREATE TABLE wide (" + ", ".join(f"c{i}" for i in range(200)) + ")"],
    "DEFAULT loads an extension": rewrite_table(
        "flows", '"label" TEXT NOT NULL', "\"label\" TEXT NOT NULL DEFAULT (load_extension(''evil.so''))"
    ),
}


def craft(path: Path, statements: list[str]) -> None:
    conn = sqlite3.connect(path)
    conn.create_function("canary", -1, lambda *args: 1, deterministic=True)  # only to build the file
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[object, ...]]]:
    """Register the canary on every connection the reader makes: if any schema expression ran, we'd see it."""
    real = connection_module._harden

    def harden_with_canary(conn: sqlite3.Connection) -> None:
        real(conn)
        conn.create_function("canary", -1, canary)

    monkeypatch.setattr(connection_module, "_harden", harden_with_canary)
    CANARY_CALLS.clear()
    yield CANARY_CALLS
    assert CANARY_CALLS == [], "a function named by the file ran"


@pytest.mark.parametrize("name", list(CORPUS))
def test_malicious_schema_is_refused(saved: Path, name: str, watched: list[tuple[object, ...]]) -> None:
    craft(saved, CORPUS[name])
    error = refused(saved)
    assert error.reason in ("contents", "too-complex", "damaged"), str(error)
    assert not error.recoverable
    with pytest.raises(type(error)):
        recover_document(saved)


def test_the_corpus_is_really_malicious(saved: Path) -> None:
    """Without our checks, SQLite would run the canary while reading these files."""
    craft(saved, CORPUS["view replaces a table"])
    conn = sqlite3.connect(saved)
    conn.create_function("canary", -1, canary)
    CANARY_CALLS.clear()
    conn.execute("SELECT * FROM objectives").fetchall()
    conn.close()
    assert CANARY_CALLS


def test_hardened_copy_settings(saved: Path) -> None:
    conn = open_copy(saved.read_bytes(), Deadline())
    try:
        for limit, value in LIMITS.items():
            assert conn.getlimit(limit) == value
        for statement in (
            f"ATTACH DATABASE '{saved}' AS other",
            "DELETE FROM flows",
            "CREATE TABLE t (x)",
            "SELECT abs(1)",
            "PRAGMA writable_schema=ON",
            "PRAGMA query_only=OFF",
        ):
            with pytest.raises(sqlite3.DatabaseError):
                conn.execute(statement)
        assert conn.execute("SELECT id FROM cards").fetchall()  # reading our tables still works
    finally:
        conn.close()


def test_connection_pragmas_are_set_before_reading(saved: Path) -> None:
    conn = open_copy(saved.read_bytes(), Deadline())
    try:
        conn.set_authorizer(None)
        values = {
            p: conn.execute(f"PRAGMA {p}").fetchone()[0]
            for p in ("trusted_schema", "cell_size_check", "query_only")
        }
    finally:
        conn.close()
    assert values == {"trusted_schema": 0, "cell_size_check": 1, "query_only": 1}


def test_authorizer_denies_what_a_view_or_trigger_does() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("CREATE TABLE log (x)")
    conn.execute("CREATE VIEW v AS SELECT x FROM t")
    conn.execute("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.x); END")
    conn.set_authorizer(Authorizer({"table_xinfo"}, writes=True))
    conn.execute("SELECT x FROM t").fetchall()  # our own query: allowed
    with pytest.raises(sqlite3.DatabaseError, match=r"prohibited|not authorized"):
        conn.execute("SELECT x FROM v").fetchall()
    with pytest.raises(sqlite3.DatabaseError, match=r"prohibited|not authorized"):
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()


def test_text_that_is_not_utf8_survives() -> None:
    assert connection_module.decode_text(b"A\xffB") == "A\ufffdB"


def test_reading_never_runs_sql_from_the_file(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every statement the reader prepares is one of its own, whatever the file holds."""
    craft(saved, CORPUS["triggers on every table"])
    seen: list[str] = []
    real = connection_module._guard

    def tracing_guard(conn: sqlite3.Connection, authorizer: Authorizer, deadline: Deadline) -> None:
        real(conn, authorizer, deadline)
        conn.set_trace_callback(seen.append)

    monkeypatch.setattr(connection_module, "_guard", tracing_guard)
    refused(saved)
    assert seen and all("canary" not in statement and "TRIGGER" not in statement for statement in seen)
