"""Open a .journey file safely: plain-Python checks, a private in-memory copy, allowlist, validation."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from ..model import Document
from ..model.bulk import paused_gc
from .connection import Deadline, allow_writes, forbid_writes, open_copy, read_snapshot
from .errors import JourneyFileError
from .header import Header, check_header, check_size, os_error, read_header
from .migrations import MigrationError, upgrade
from .rows import ContentsError, TooManyRowsError, build_document, fetch_rows
from .schema import MAX_FILE_BYTES, SCHEMA_VERSION
from .versions import SCHEMA_SQL, SchemaDamageError, SchemaError, check_newer_schema, check_schema

_TOO_COMPLEX = ("too big", "too many", "too large", "too deep", "stack overflow", "out of memory")


class DamageError(Exception):
    """SQLite's own checks found damage in the copy."""


def sqlite_failure(
    path: str | os.PathLike[str], exc: sqlite3.Error, seconds: float, recoverable: bool = False
) -> JourneyFileError:
    """One plain message for an error SQLite raised while reading a file."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    text = str(exc).lower()
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in text:
        return JourneyFileError(
            path, "locked", "another program is writing to the file; try again when it has finished"
        )
    if name == "SQLITE_READONLY_ROLLBACK":
        return JourneyFileError(
            path,
            "locked",
            "another program stopped half-way through writing the file (a “-journal” file lies "
            "beside it); open it in that program first, or close that program",
        )
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR")):
        return JourneyFileError(path, "unreadable", "cannot be read (the operating system refused)")
    if name == "SQLITE_INTERRUPT" or "interrupt" in text:
        return too_complex(path, f"it took longer than {seconds:g} seconds to read")
    if name in ("SQLITE_TOOBIG", "SQLITE_NOMEM") or any(word in text for word in _TOO_COMPLEX):
        return too_complex(path, "it holds a value or structure beyond Journey Studio's limits")
    if name == "SQLITE_AUTH" or "not authorized" in text:
        return JourneyFileError(path, "contents", "the file asks SQLite to do something that is not allowed")
    return damaged(path, "SQLite cannot read part of it", recoverable)


def too_complex(path: str | os.PathLike[str], why: str) -> JourneyFileError:
    return JourneyFileError(path, "too-complex", f"the file is too large or too complex to open ({why})")


def damaged(path: str | os.PathLike[str], why: str, recoverable: bool) -> JourneyFileError:
    offer = "; Journey Studio can recover what it can read into a new map" if recoverable else ""
    return JourneyFileError(path, "damaged", f"the file is damaged ({why}){offer}", recoverable=recoverable)


def _snapshot(path: str | os.PathLike[str], deadline: Deadline, lenient: bool) -> bytes:
    """The file's bytes under SQLite's shared lock; for recovery, as they are if SQLite balks."""
    try:
        return read_snapshot(path, MAX_FILE_BYTES, deadline)
    except OSError as exc:
        raise os_error(path, exc) from None
    except sqlite3.Error as exc:
        failure = sqlite_failure(path, exc, deadline.seconds, recoverable=True)
        if not lenient or failure.reason != "damaged":
            raise failure from None
    try:
        with open(path, "rb") as stream:
            return stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise os_error(path, exc) from None


@contextmanager
def private_copy(
    path: str | os.PathLike[str], deadline: Deadline, allow_newer: bool = False, lenient: bool = False
) -> Iterator[tuple[sqlite3.Connection, Header]]:
    """A hardened read-only connection to an in-memory copy of the file, and its checked header.

    Raises JourneyFileError for what the plain-Python checks or the snapshot refuse.
    ``lenient`` takes a file that is cut short (for recovery), dropping a partial last page.
    """
    header_bytes, size = read_header(path)
    first = check_header(path, header_bytes, size, allow_newer=allow_newer, lenient=lenient)
    data = _snapshot(path, deadline, lenient)
    if not data:
        raise JourneyFileError(path, "empty", "the file is empty (0 bytes); it holds no map")
    check_size(path, len(data))
    if lenient:  # whole pages only, and a header that says how many there are
        pages = len(data) // first.page_size
        data = data[: pages * first.page_size]
        data = data[:28] + min(pages, int.from_bytes(data[28:32], "big")).to_bytes(4, "big") + data[32:]
    # The checks again, on what was really read (the file may have changed in between).
    header = check_header(path, data[:100], len(data), allow_newer=allow_newer, lenient=lenient)
    try:
        conn = open_copy(data, deadline)
    except sqlite3.Error as exc:
        raise sqlite_failure(path, exc, deadline.seconds) from None
    try:
        yield conn, header
    finally:
        conn.close()


def integrity_problem(conn: sqlite3.Connection) -> str:
    """SQLite's full integrity check (not quick_check); "" when fine."""
    problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(1)")]
    if problems != ["ok"]:
        return problems[0] if problems else "integrity check failed"
    return ""


def check_references(conn: sqlite3.Connection) -> None:
    """SQLite's foreign key check, after the model's own checks (which name the broken value)."""
    broken = conn.execute("PRAGMA foreign_key_check").fetchone()
    if broken:
        raise ContentsError(f"a row of {str(broken[0])[:40]} refers to a missing {str(broken[2])[:40]} row")


def check_tables(conn: sqlite3.Connection, version: int, deadline: Deadline) -> None:
    """Refuse any schema but that of the file's version; upgrade an older copy to the current one.

    This comes first, so nothing the file's schema could define (a CHECK, a DEFAULT, a trigger)
    takes part in the integrity check or any later query.
    """
    if version > SCHEMA_VERSION:
        check_newer_schema(conn)
        return
    if version not in SCHEMA_SQL:
        raise MigrationError(f"no schema is known for file version {version}")
    check_schema(conn, version)
    if version < SCHEMA_VERSION:
        allow_writes(conn, deadline)
        upgrade(conn, version, target=SCHEMA_VERSION)
        forbid_writes(conn, deadline)
        check_schema(conn, SCHEMA_VERSION)


def read_checked(conn: sqlite3.Connection, deadline: Deadline) -> Document:
    """The document in a copy whose tables passed ``check_tables``, in one read transaction."""
    conn.execute("BEGIN")
    try:
        problem = integrity_problem(conn)
        if problem:
            raise DamageError(problem)
        document = build_document(fetch_rows(conn, deadline))
        check_references(conn)
        return document
    finally:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")


def refusal(
    path: str | os.PathLike[str], exc: BaseException, deadline: Deadline, recoverable: bool
) -> JourneyFileError:
    """The JourneyFileError for an exception raised while checking or reading a copy."""
    if isinstance(exc, SchemaDamageError):
        return damaged(path, str(exc), recoverable=False)
    if isinstance(exc, SchemaError):
        return JourneyFileError(
            path, "contents", f"changed outside Journey Studio, not opened for safety: {exc}"
        )
    if isinstance(exc, ContentsError):
        return JourneyFileError(path, "contents", f"not a valid journey map: {exc}", recoverable=True)
    if isinstance(exc, DamageError):  # SQLite's own wording is for programmers, not people
        return damaged(path, "SQLite's integrity check found damaged pages", recoverable)
    if isinstance(exc, MigrationError):
        return JourneyFileError(path, "contents", f"cannot be upgraded: {exc}")
    if isinstance(exc, (TooManyRowsError, TimeoutError)):
        return too_complex(path, str(exc))
    if isinstance(exc, sqlite3.Error):
        return sqlite_failure(path, exc, deadline.seconds, recoverable)
    return damaged(path, "unreadable values", recoverable)


_EXPECTED = (
    SchemaError,
    ContentsError,
    DamageError,
    MigrationError,
    TooManyRowsError,
    TimeoutError,
    sqlite3.Error,
    UnicodeError,
    RecursionError,
    MemoryError,
    OverflowError,
)


def open_document(
    path: str | os.PathLike[str], *, allow_newer: bool = False, seconds: float | None = None
) -> Document:
    """Read a .journey file into a new Document; the file itself is never changed.

    ``allow_newer`` reads a file of a newer schema version for a read-only look (only the
    tables and columns this version knows). Raises JourneyFileError whose ``reason`` (see
    REASONS) says what kind of problem it is and whose message says it in one plain line.
    """
    deadline = Deadline(seconds)
    with paused_gc(), private_copy(path, deadline, allow_newer) as (conn, header):
        try:
            check_tables(conn, header.version, deadline)
        except _EXPECTED as exc:
            raise refusal(path, exc, deadline, recoverable=False) from None
        try:
            return read_checked(conn, deadline)
        except _EXPECTED as exc:
            raise refusal(path, exc, deadline, recoverable=True) from None
