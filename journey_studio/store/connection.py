"""A read-only SQLite connection hardened for files that cannot be trusted."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

READ_SECONDS = 5.0  # a whole open must finish within this time
PROGRESS_STEPS = 1000  # virtual machine steps between deadline checks

# What our fixed queries need; everything else (ATTACH, writes, schema changes) is denied.
_ALLOWED_ACTIONS = frozenset(
    {
        sqlite3.SQLITE_SELECT,
        sqlite3.SQLITE_READ,
        sqlite3.SQLITE_PRAGMA,
        sqlite3.SQLITE_TRANSACTION,
    }
)
_ALLOWED_PRAGMAS = frozenset({"integrity_check", "table_xinfo"})


def _authorize(action: int, arg1: str | None, arg2: str | None, db: str | None, source: str | None) -> int:
    if action not in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() not in _ALLOWED_PRAGMAS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def _decode_text(raw: bytes) -> str:
    """SQLite text as str; bytes that are not UTF-8 become U+FFFD instead of failing the open."""
    return raw.decode("utf-8", "replace")


def read_only_uri(path: str | os.PathLike[str]) -> str:
    """A URI naming exactly this file (``#``, ``?`` and ``%`` in its name are escaped)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def open_read_only(path: str | os.PathLike[str], seconds: float | None = None) -> sqlite3.Connection:
    """Open ``path`` read-only with a deadline, no schema trust, no ATTACH and no memory mapping."""
    conn = sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None, check_same_thread=True)
    try:
        conn.text_factory = _decode_text
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        for pragma in ("trusted_schema=OFF", "cell_size_check=ON", "mmap_size=0", "query_only=ON"):
            conn.execute(f"PRAGMA {pragma}")
        conn.set_authorizer(_authorize)
        deadline = time.monotonic() + (READ_SECONDS if seconds is None else seconds)
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_STEPS)
    except BaseException:
        conn.close()
        raise
    return conn
