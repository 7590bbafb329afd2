"""Upgrade an older file's private in-memory copy to the current schema, one numbered step at a time.

``STEPS[n]`` turns a database of version ``n`` into one of version ``n + 1``. Steps run only on
the copy (the user's file is untouched until they save) and only after the copy passed the
allowlist of its own version, so they act on tables we know. Each step is our own fixed SQL.

Each schema change adds ``SCHEMA_SQL[n]`` in versions.py, a step here and a fixture file of the
version before it under tests/fixtures/.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping

from .schema import SCHEMA_VERSION

Step = Callable[[sqlite3.Connection], None]


def step_1_to_2(conn: sqlite3.Connection) -> None:
    """Schema 2 adds empty workshop tables: intended findings, comment threads and dot votes."""
    from .versions import WORKSHOP_SQL

    for statement in WORKSHOP_SQL:
        conn.execute(statement)


STEPS: dict[int, Step] = {1: step_1_to_2}


class MigrationError(Exception):
    """No way from the file's version to the current one, or a step failed."""


def upgrade(
    conn: sqlite3.Connection,
    version: int,
    steps: Mapping[int, Step] | None = None,
    target: int = SCHEMA_VERSION,
) -> int:
    """Run the steps from ``version`` up to ``target`` inside one transaction; returns ``target``.

    Each step is followed by ``PRAGMA user_version`` being set, so a half-upgraded copy can
    never be mistaken for a finished one; on any failure everything is rolled back.
    """
    chosen = STEPS if steps is None else steps
    missing = [n for n in range(version, target) if n not in chosen]
    if missing:
        raise MigrationError(f"no upgrade from file version {missing[0]}")
    if version >= target:
        return version
    conn.execute("BEGIN")
    try:
        for n in range(version, target):
            chosen[n](conn)
            conn.execute(f"PRAGMA user_version={n + 1:d}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return target
