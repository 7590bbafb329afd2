"""Open a .journey file safely: check it in plain Python, then read it read-only and validate it."""

from __future__ import annotations

import contextlib
import os
import sqlite3

from ..model import Document
from .connection import open_read_only
from .errors import JourneyFileError
from .header import check_header, read_header
from .rows import ContentsError, build_document, fetch_rows
from .schema import TABLES, expected_schema, table_columns

_OBJECT_NOUNS = {"table": "table", "index": "index", "view": "view", "trigger": "trigger"}


def check_schema(conn: sqlite3.Connection) -> None:
    """Refuse any table, index, view or trigger that a file of this version does not have."""
    expected = expected_schema()
    found = {
        (str(kind), str(name), str(table))
        for kind, name, table in conn.execute("SELECT type, name, tbl_name FROM sqlite_master")
    }
    extra = sorted(found - expected.objects)
    if extra:
        kind, name, _ = extra[0]
        noun = _OBJECT_NOUNS.get(kind, "object")
        raise ContentsError(f"the file holds a {noun} {name[:60]!r} that Journey Studio does not write")
    missing = sorted(expected.objects - found, key=lambda obj: (obj[0] != "table", obj[1]))
    if missing:
        kind, name, _ = missing[0]
        raise ContentsError(f"the file lacks the {_OBJECT_NOUNS.get(kind, 'object')} {name!r}")
    for table in TABLES:
        if table_columns(conn, table.name) != expected.columns[table.name]:
            raise ContentsError(f"the table {table.name!r} does not have the expected columns")


def _integrity(conn: sqlite3.Connection) -> None:
    problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(1)")]
    if problems != ["ok"]:
        raise sqlite3.DatabaseError(problems[0] if problems else "integrity check failed")


def read_database(conn: sqlite3.Connection) -> Document:
    """The document stored in an open (hardened) connection, in one read transaction."""
    conn.execute("BEGIN")
    try:
        _integrity(conn)
        check_schema(conn)
        return build_document(fetch_rows(conn))
    finally:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")


def open_document(path: str | os.PathLike[str]) -> Document:
    """Read a .journey file into a new Document; the file itself is never changed.

    Raises JourneyFileError whose ``reason`` says what kind of problem it is (missing, empty,
    too-large, not-journey, other-application, newer-version, damaged, contents, unreadable)
    and whose message says it in one plain line.
    """
    header, size = read_header(path)
    check_header(path, header, size)
    try:
        conn = open_read_only(path)
    except (sqlite3.Error, UnicodeError) as exc:
        raise JourneyFileError(path, "unreadable", f"cannot be opened ({exc})") from None
    try:
        return read_database(conn)
    except ContentsError as exc:
        raise JourneyFileError(path, "contents", f"not a valid journey map: {exc}") from None
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc).lower():
            raise JourneyFileError(
                path, "damaged", "the file took too long to read; it may be damaged"
            ) from None
        raise JourneyFileError(path, "damaged", f"the file is damaged ({exc})") from None
    except UnicodeError:  # SQLite's own error message quoted bytes from the file
        raise JourneyFileError(path, "damaged", "the file is damaged (unreadable text)") from None
    except (sqlite3.DatabaseError, RecursionError, MemoryError, OverflowError) as exc:
        raise JourneyFileError(path, "damaged", f"the file is damaged ({exc})") from None
    finally:
        conn.close()
