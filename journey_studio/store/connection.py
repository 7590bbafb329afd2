"""SQLite connections hardened for files that cannot be trusted.

The user's file is only ever opened read-only, long enough to take a consistent snapshot of
its bytes under SQLite's shared lock (which also tells us when another program is writing it).
Everything else happens on a private copy deserialized into memory, through a connection set
up before any other SQL: no trusted schema, cell size checks, no memory mapping, tight limits,
an authorizer that denies ATTACH and anything run on behalf of a view or trigger, a deadline,
and a text factory that survives invalid UTF-8. No Python function is ever registered.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Collection
from pathlib import Path

READ_SECONDS = 8.0  # a whole open must finish (or give up) within this time
LOCK_WAIT_SECONDS = 1.0  # how long to wait for another program's write lock to go away
PROGRESS_STEPS = 1000  # virtual machine steps between deadline checks

# Far above what a valid map needs (a 2 MB avatar, 20,000-character texts, 11 columns, short
# fixed queries), far below SQLite's defaults: a crafted file meets a wall, not a stall.
LIMITS: dict[int, int] = {
    sqlite3.SQLITE_LIMIT_LENGTH: 4_000_000,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 100_000,
    sqlite3.SQLITE_LIMIT_COLUMN: 64,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 50,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 4,
    sqlite3.SQLITE_LIMIT_VDBE_OP: 100_000,
    sqlite3.SQLITE_LIMIT_FUNCTION_ARG: 8,
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 100,
    sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: 100,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 1,
    sqlite3.SQLITE_LIMIT_WORKER_THREADS: 0,
}

READ_PRAGMAS = frozenset({"integrity_check", "foreign_key_check", "table_xinfo"})
_READ_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_TRANSACTION})
_WRITE_ACTIONS = frozenset(
    {
        sqlite3.SQLITE_INSERT,
        sqlite3.SQLITE_UPDATE,
        sqlite3.SQLITE_DELETE,
        sqlite3.SQLITE_CREATE_TABLE,
        sqlite3.SQLITE_CREATE_INDEX,
        sqlite3.SQLITE_DROP_TABLE,
        sqlite3.SQLITE_DROP_INDEX,
        sqlite3.SQLITE_ALTER_TABLE,
    }
)


class Deadline:
    """A point in time after which reading gives up (SQLite's progress handler and our loops)."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = READ_SECONDS if seconds is None else seconds
        self.end = time.monotonic() + self.seconds

    def expired(self) -> bool:
        return time.monotonic() > self.end

    def check(self) -> None:
        if self.expired():
            raise TimeoutError(f"took longer than {self.seconds:g} seconds")


class Authorizer:
    """Allows the reader's own statements and nothing else; migrations may also write."""

    def __init__(self, pragmas: Collection[str], writes: bool = False) -> None:
        self.pragmas = frozenset(pragmas)
        self.writes = writes

    def __call__(
        self, action: int, arg1: str | None, arg2: str | None, db: str | None, source: str | None
    ) -> int:
        if source is not None:  # on behalf of a view or a trigger: never
            return sqlite3.SQLITE_DENY
        if action in _READ_ACTIONS or (self.writes and action in _WRITE_ACTIONS):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in self.pragmas:
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY  # ATTACH, DETACH, functions, schema changes, other pragmas


def decode_text(raw: bytes) -> str:
    """SQLite text as str; bytes that are not UTF-8 become U+FFFD instead of failing the open."""
    return raw.decode("utf-8", "replace")


def read_only_uri(path: str | os.PathLike[str]) -> str:
    """A URI naming exactly this file (``#``, ``?`` and ``%`` in its name are escaped)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def _harden(conn: sqlite3.Connection) -> None:
    """Everything that must be in place before SQLite reads a byte of the file."""
    conn.text_factory = decode_text
    for limit, value in LIMITS.items():
        conn.setlimit(limit, value)
    for pragma in ("trusted_schema=OFF", "cell_size_check=ON", "mmap_size=0"):
        conn.execute(f"PRAGMA {pragma}")


def _guard(conn: sqlite3.Connection, authorizer: Authorizer, deadline: Deadline) -> None:
    conn.set_authorizer(authorizer)
    conn.set_progress_handler(lambda: int(deadline.expired()), PROGRESS_STEPS)


def read_snapshot(path: str | os.PathLike[str], size_limit: int, deadline: Deadline) -> bytes:
    """The file's bytes, read while SQLite holds a shared lock on it.

    The lock keeps another program from writing while we copy. A program that holds a write
    lock, or stopped half-way through a write (a hot journal), makes this raise
    sqlite3.OperationalError (``SQLITE_BUSY`` or ``SQLITE_READONLY_ROLLBACK``). Reading the
    header cookie does not parse the file's schema.
    """
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=LOCK_WAIT_SECONDS, isolation_level=None)
    try:
        _harden(conn)
        _guard(conn, Authorizer({"schema_version"}), deadline)
        conn.execute("BEGIN")
        conn.execute("PRAGMA schema_version").fetchone()
        with Path(path).open("rb") as stream:
            data = stream.read(size_limit + 1)
        conn.execute("ROLLBACK")
        return data
    finally:
        conn.close()


def open_copy(data: bytes, deadline: Deadline) -> sqlite3.Connection:
    """A read-only, hardened in-memory database holding a private copy of ``data``."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=True)
    try:
        _harden(conn)
        conn.deserialize(data)  # SQLite reopens "main" in memory: before the authorizer, which denies it
        conn.execute("PRAGMA mmap_size=0")
        conn.execute("PRAGMA query_only=ON")
        _guard(conn, Authorizer(READ_PRAGMAS), deadline)
    except BaseException:
        conn.close()
        raise
    return conn


def allow_writes(conn: sqlite3.Connection, deadline: Deadline) -> None:
    """Let our own upgrade steps change the in-memory copy (still no ATTACH, views or triggers)."""
    conn.set_authorizer(None)
    conn.execute("PRAGMA query_only=OFF")
    _guard(conn, Authorizer(READ_PRAGMAS | {"user_version"}, writes=True), deadline)


def forbid_writes(conn: sqlite3.Connection, deadline: Deadline) -> None:
    conn.set_authorizer(None)
    conn.execute("PRAGMA query_only=ON")
    _guard(conn, Authorizer(READ_PRAGMAS), deadline)
