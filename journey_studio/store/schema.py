"""The tables of a .journey file, declared once for the writer and the reader."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cache

import sqlite_utils

APPLICATION_ID = 0x4A524E59  # "JRNY"
SCHEMA_VERSION = 1
MAX_FILE_BYTES = 200 * 1024 * 1024
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
)

TABLE_BY_NAME: dict[str, TableSpec] = {table.name: table for table in TABLES}


def create_tables(db: sqlite_utils.Database) -> None:
    """Create every table of the current schema in an empty database."""
    for table in TABLES:
        db[table.name].create(  # type: ignore[union-attr]
            dict(table.columns),
            pk=table.pk,
            foreign_keys=list(table.foreign_keys),
            not_null=[name for name in table.column_names if name not in table.nullable],
        )


SchemaObject = tuple[str, str, str]  # (type, name, table name) as listed in sqlite_schema
ColumnInfo = tuple[str, str, int, int, int]  # (name, declared type, not null, pk index, hidden)


@dataclass(frozen=True)
class ExpectedSchema:
    """What sqlite_schema and table_xinfo show for a file of the current version."""

    objects: frozenset[SchemaObject]
    columns: dict[str, tuple[ColumnInfo, ...]]


def table_columns(conn: sqlite3.Connection, table: str) -> tuple[ColumnInfo, ...]:
    """The columns of a table as ``PRAGMA table_xinfo`` reports them (table is one of ours)."""
    rows = conn.execute(f'PRAGMA table_xinfo("{TABLE_BY_NAME[table].name}")').fetchall()
    return tuple((str(r[1]), str(r[2]).upper(), int(r[3]), int(r[5]), int(r[6])) for r in rows)


@cache
def expected_schema() -> ExpectedSchema:
    """Build the schema in memory once and record what a correct file must show."""
    conn = sqlite3.connect(":memory:")
    try:
        db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
        with db.atomic():
            create_tables(db)
        objects = frozenset(
            (str(t), str(n), str(tbl))
            for t, n, tbl in conn.execute("SELECT type, name, tbl_name FROM sqlite_master")
        )
        columns = {table.name: table_columns(conn, table.name) for table in TABLES}
    finally:
        conn.close()
    return ExpectedSchema(objects, columns)
