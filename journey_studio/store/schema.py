"""The tables of a .journey file, declared once for the writer and the reader."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

APPLICATION_ID = 0x4A524E59  # "JRNY"
SCHEMA_VERSION = 2
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS = 250_000  # per table; ten times the largest map people make
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class TableSpec:
    """One table: its columns in order (name → Python type), primary key and references."""

    name: str
    columns: tuple[tuple[str, type], ...]
    pk: str | tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    nullable: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


def _text(*names: str) -> tuple[tuple[str, type], ...]:
    return tuple((name, str) for name in names)


# Creation order: a table comes after the tables it refers to.
TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "map_info",
        (("id", int), *_text("title", "description", "map_type", "review_cadence", "next_review")),
        pk="id",
    ),
    TableSpec("objectives", (("position", int), ("text", str)), pk="position"),
    TableSpec(
        "personas",
        (
            ("id", str),
            ("position", int),
            *_text("name", "role", "goals", "needs", "pain_points", "quote", "colour"),
            ("avatar", bytes),
            ("on_map", int),
        ),
        pk="id",
    ),
    TableSpec(
        "stages", (("id", str), ("position", int), ("name", str), ("goal", str), ("width", float)), pk="id"
    ),
    TableSpec(
        "lanes", (("id", str), ("position", int), ("name", str), ("kind", str), ("height", float)), pk="id"
    ),
    TableSpec(
        "cards",
        (
            ("id", str),
            ("position", int),
            *_text("kind", "stage", "lane", "title", "description", "channel", "owner"),
            ("exit", int),
        ),
        pk="id",
        foreign_keys=(("stage", "stages", "id"), ("lane", "lanes", "id")),
    ),
    TableSpec(
        "card_personas",
        (("card", str), ("position", int), ("persona", str)),
        pk=("card", "position"),
        foreign_keys=(("card", "cards", "id"), ("persona", "personas", "id")),
    ),
    TableSpec(
        "card_emotions",
        (("card", str), ("position", int), ("persona", str), ("score", float)),
        pk=("card", "position"),
        foreign_keys=(("card", "cards", "id"), ("persona", "personas", "id")),
    ),
    TableSpec(
        "card_metrics",
        (("card", str), ("position", int), ("name", str), ("value", float)),
        pk=("card", "position"),
        foreign_keys=(("card", "cards", "id"),),
    ),
    TableSpec(
        "flows",
        (("id", str), ("position", int), *_text("source", "target", "persona", "label")),
        pk="id",
        foreign_keys=(("source", "cards", "id"), ("target", "cards", "id"), ("persona", "personas", "id")),
        nullable=("persona",),  # NULL when the flow is for every persona
    ),
    # schema 2: the workshop tables
    TableSpec("acknowledgements", (("position", int), ("finding", str), ("reason", str)), pk="position"),
    TableSpec("threads", (("id", str), ("position", int), ("target", str), ("resolved", int)), pk="id"),
    TableSpec(
        "thread_comments",
        (("thread", str), ("position", int), ("author", str), ("time", str), ("text", str)),
        pk=("thread", "position"),
        foreign_keys=(("thread", "threads", "id"),),
    ),
    TableSpec(
        "votes",
        (
            ("id", str),
            ("position", int),
            ("name", str),
            ("date", str),
            ("dots_per_participant", int),
            ("closed", int),
        ),
        pk="id",
    ),
    TableSpec(
        "vote_candidates",
        (("vote", str), ("position", int), ("card", str)),
        pk=("vote", "position"),
        foreign_keys=(("vote", "votes", "id"), ("card", "cards", "id")),
    ),
    TableSpec(
        "vote_participants",
        (("vote", str), ("position", int), ("name", str)),
        pk=("vote", "position"),
        foreign_keys=(("vote", "votes", "id"),),
    ),
    TableSpec(
        "vote_dots",
        (("vote", str), ("position", int), ("participant", str), ("card", str)),
        pk=("vote", "position"),
        foreign_keys=(("vote", "votes", "id"), ("card", "cards", "id")),
    ),
)

TABLE_BY_NAME: dict[str, TableSpec] = {table.name: table for table in TABLES}
# The tables schema 2 added; a version 1 file has none of them.
WORKSHOP_TABLES: frozenset[str] = frozenset(
    (
        "acknowledgements",
        "threads",
        "thread_comments",
        "votes",
        "vote_candidates",
        "vote_participants",
        "vote_dots",
    )
)


def create_tables(db: sqlite_utils.Database) -> None:
    """Create every table of the current schema with sqlite-utils, from the declaration above.

    Files are written with the frozen statements of ``versions.SCHEMA_SQL``; a test keeps the
    two the same for the current version.
    """
    for table in TABLES:
        db[table.name].create(  # type: ignore[union-attr]
            dict(table.columns),
            pk=table.pk,
            foreign_keys=list(table.foreign_keys),
            not_null=[name for name in table.column_names if name not in table.nullable],
        )


ColumnInfo = tuple[str, str, int, int, int]  # (name, declared type, not null, pk index, hidden)


def table_columns(conn: sqlite3.Connection, table: str) -> tuple[ColumnInfo, ...]:
    """The columns of a table as ``PRAGMA table_xinfo`` reports them (table is one of ours)."""
    rows = conn.execute(f'PRAGMA table_xinfo("{TABLE_BY_NAME[table].name}")').fetchall()
    return tuple((str(r[1]), str(r[2]).upper(), int(r[3]), int(r[5]), int(r[6])) for r in rows)
