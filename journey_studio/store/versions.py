"""The exact schema of every released file version, frozen, and the allowlist check built on it.

A file's ``sqlite_schema`` must hold exactly the tables and indexes of its version (as
``PRAGMA user_version`` names it): the same names and the same CREATE statements. Any view,
trigger, virtual table, extra index, extra column, CHECK, DEFAULT or generated column is refused.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache

from .schema import TABLES, table_columns

# Version → the statements that create its tables, in order. Never edit a released version:
# add the next one, and a step in migrations.py that upgrades the one before it.
_VERSION_1: tuple[str, ...] = (
    """CREATE TABLE "map_info" ("id" INTEGER PRIMARY KEY NOT NULL, "title" TEXT NOT NULL,
            "description" TEXT NOT NULL, "map_type" TEXT NOT NULL, "review_cadence" TEXT NOT NULL,
            "next_review" TEXT NOT NULL)""",
    """CREATE TABLE "objectives" ("position" INTEGER PRIMARY KEY NOT NULL, "text" TEXT NOT NULL)""",
    """CREATE TABLE "personas" ("id" TEXT PRIMARY KEY NOT NULL, "position" INTEGER NOT NULL,
            "name" TEXT NOT NULL, "role" TEXT NOT NULL, "goals" TEXT NOT NULL, "needs" TEXT NOT NULL,
            "pain_points" TEXT NOT NULL, "quote" TEXT NOT NULL, "colour" TEXT NOT NULL,
            "avatar" BLOB NOT NULL, "on_map" INTEGER NOT NULL)""",
    """CREATE TABLE "stages" ("id" TEXT PRIMARY KEY NOT NULL, "position" INTEGER NOT NULL,
            "name" TEXT NOT NULL, "goal" TEXT NOT NULL, "width" REAL NOT NULL)""",
    """CREATE TABLE "lanes" ("id" TEXT PRIMARY KEY NOT NULL, "position" INTEGER NOT NULL,
            "name" TEXT NOT NULL, "kind" TEXT NOT NULL, "height" REAL NOT NULL)""",
    """CREATE TABLE "cards" ("id" TEXT PRIMARY KEY NOT NULL, "position" INTEGER NOT NULL,
            "kind" TEXT NOT NULL, "stage" TEXT NOT NULL REFERENCES "stages"("id"),
            "lane" TEXT NOT NULL REFERENCES "lanes"("id"), "title" TEXT NOT NULL,
            "description" TEXT NOT NULL, "channel" TEXT NOT NULL, "owner" TEXT NOT NULL,
            "exit" INTEGER NOT NULL)""",
    """CREATE TABLE "card_personas" ("card" TEXT NOT NULL REFERENCES "cards"("id"),
            "position" INTEGER NOT NULL, "persona" TEXT NOT NULL REFERENCES "personas"("id"),
            PRIMARY KEY ("card", "position"))""",
    """CREATE TABLE "card_emotions" ("card" TEXT NOT NULL REFERENCES "cards"("id"),
            "position" INTEGER NOT NULL, "persona" TEXT NOT NULL REFERENCES "personas"("id"),
            "score" REAL NOT NULL, PRIMARY KEY ("card", "position"))""",
    """CREATE TABLE "card_metrics" ("card" TEXT NOT NULL REFERENCES "cards"("id"),
            "position" INTEGER NOT NULL, "name" TEXT NOT NULL, "value" REAL NOT NULL,
            PRIMARY KEY ("card", "position"))""",
    """CREATE TABLE "flows" ("id" TEXT PRIMARY KEY NOT NULL, "position" INTEGER NOT NULL,
            "source" TEXT NOT NULL REFERENCES "cards"("id"), "target" TEXT NOT NULL REFERENCES "cards"("id"),
            "persona" TEXT REFERENCES "personas"("id"), "label" TEXT NOT NULL)""",
)

# Schema 2 adds the workshop tables: intended findings, comment threads and dot votes.
WORKSHOP_SQL: tuple[str, ...] = (
    """CREATE TABLE "acknowledgements" ("position" INTEGER PRIMARY KEY NOT NULL,
        "finding" TEXT NOT NULL, "reason" TEXT NOT NULL)""",
    """CREATE TABLE "threads" ("id" TEXT PRIMARY KEY NOT NULL, "position" INTEGER NOT NULL,
        "target" TEXT NOT NULL, "resolved" INTEGER NOT NULL)""",
    """CREATE TABLE "thread_comments" ("thread" TEXT NOT NULL REFERENCES "threads"("id"),
        "position" INTEGER NOT NULL, "author" TEXT NOT NULL, "time" TEXT NOT NULL, "text" TEXT NOT NULL,
        PRIMARY KEY ("thread", "position"))""",
    """CREATE TABLE "votes" ("id" TEXT PRIMARY KEY NOT NULL, "position" INTEGER NOT NULL,
        "name" TEXT NOT NULL, "date" TEXT NOT NULL, "dots_per_participant" INTEGER NOT NULL,
        "closed" INTEGER NOT NULL)""",
    """CREATE TABLE "vote_candidates" ("vote" TEXT NOT NULL REFERENCES "votes"("id"),
        "position" INTEGER NOT NULL, "card" TEXT NOT NULL REFERENCES "cards"("id"),
        PRIMARY KEY ("vote", "position"))""",
    """CREATE TABLE "vote_participants" ("vote" TEXT NOT NULL REFERENCES "votes"("id"),
        "position" INTEGER NOT NULL, "name" TEXT NOT NULL, PRIMARY KEY ("vote", "position"))""",
    """CREATE TABLE "vote_dots" ("vote" TEXT NOT NULL REFERENCES "votes"("id"),
        "position" INTEGER NOT NULL, "participant" TEXT NOT NULL,
        "card" TEXT NOT NULL REFERENCES "cards"("id"), PRIMARY KEY ("vote", "position"))""",
)

SCHEMA_SQL: dict[int, tuple[str, ...]] = {1: _VERSION_1, 2: _VERSION_1 + WORKSHOP_SQL}

SchemaRow = tuple[str, str, str, str]  # (type, name, table name, normalized sql) from sqlite_schema
_SPACE = re.compile(r"\s+")
_AROUND_PUNCTUATION = re.compile(r" ?([(),]) ?")
_OTHER_QUOTES = re.compile(r"\[([^\]\"]*)\]|`([^`\"]*)`")


class SchemaError(Exception):
    """The file's tables are not those of its version; the message names the first difference."""


class SchemaDamageError(SchemaError):
    """The stored CREATE text itself is damaged (it is not even valid UTF-8)."""


def normalize_sql(sql: str | None) -> str:
    """CREATE text with quoting and spacing made uniform: ``[a]``, `` `a` `` and ``"a"`` are alike.

    sqlite-utils 3 quoted names with brackets, version 4 with double quotes; both wrote files of
    version 1. Only quote and space characters change, so no different statement can match.
    """
    if sql is None:
        return ""
    text = _OTHER_QUOTES.sub(lambda m: f'"{m.group(1) if m.group(1) is not None else m.group(2)}"', sql)
    return _AROUND_PUNCTUATION.sub(r"\1", _SPACE.sub(" ", text)).strip()


def schema_rows(conn: sqlite3.Connection) -> set[SchemaRow]:
    """The objects of the file's schema with normalized CREATE text."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(str(kind), str(name), str(table), normalize_sql(sql)) for kind, name, table, sql in rows}


@cache
def expected_rows(version: int) -> frozenset[SchemaRow]:
    """Build a version's schema in memory once and record what its files must show."""
    conn = sqlite3.connect(":memory:")
    try:
        for statement in SCHEMA_SQL[version]:
            conn.execute(statement)
        return frozenset(schema_rows(conn))
    finally:
        conn.close()


def _describe(row: SchemaRow, definite: bool = False) -> str:
    kind, name = row[0], row[1]
    noun = kind if kind in ("table", "index", "view", "trigger") else "object"
    if kind == "table" and row[3].upper().startswith("CREATE VIRTUAL TABLE"):
        noun = "virtual table"
    article = "the" if definite else "an" if noun[0] in "aeiou" else "a"
    return f"{article} {noun} {name[:60]!r}"


def check_schema(conn: sqlite3.Connection, version: int) -> None:
    """Raise SchemaError unless the file's schema is exactly that of ``version``."""
    expected = expected_rows(version)
    found = schema_rows(conn)
    if any("\ufffd" in row[3] for row in found):
        raise SchemaDamageError("the stored description of its tables is unreadable")
    expected_names = {(kind, name) for kind, name, _, _ in expected}
    extra = sorted(row for row in found - expected if (row[0], row[1]) not in expected_names)
    if extra:
        raise SchemaError(f"the file holds {_describe(extra[0])} that Journey Studio does not write")
    missing = sorted(
        (row for row in expected - found if (row[0], row[1]) not in {(k, n) for k, n, _, _ in found}),
        key=lambda row: (row[0] != "table", row[1]),
    )
    if missing:
        raise SchemaError(f"the file lacks {_describe(missing[0], definite=True)}")
    changed = sorted(found - expected)
    if changed:
        raise SchemaError(
            f"{_describe(changed[0], definite=True)} is not defined as Journey Studio defines it"
        )


def check_newer_schema(conn: sqlite3.Connection) -> None:
    """For a read-only look at a file of a newer version: our tables with our columns must be there.

    Extra plain tables and indexes are allowed (the newer version added them); views,
    triggers and virtual tables are still refused, and nothing but our own columns is read.
    """
    found = schema_rows(conn)
    for row in sorted(found):
        kind, _, _, sql = row
        if kind not in ("table", "index") or sql.upper().startswith("CREATE VIRTUAL TABLE"):
            raise SchemaError(f"the file holds {_describe(row)} that Journey Studio does not write")
    tables = {name for kind, name, _, _ in found if kind == "table"}
    for table in TABLES:
        if table.name not in tables:
            raise SchemaError(f"the file lacks the table {table.name!r}")
        columns = {column[0]: column for column in table_columns(conn, table.name)}
        for name, _ in table.columns:
            column = columns.get(name)
            if column is None or column[4]:  # missing, or generated (hidden) rather than stored
                raise SchemaError(f"the table {table.name!r} lacks the column {name!r}")
