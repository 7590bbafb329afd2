"""Mutated versions of valid map files, for fuzzing the readers; and the check every mutant must pass.

Used by tests/store/test_fuzz.py (a fast sample) and benchmarks/fuzz_files.py (the full run).
A mutant is made from a seed alone, so any failure can be reproduced with ``mutant(seed)``.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from journey_studio.interchange import InterchangeError, dumps, loads
from journey_studio.model import Document
from journey_studio.store import REASONS, JourneyFileError, open_document, recover_document
from journey_studio.store.connection import READ_SECONDS
from journey_studio.store.schema import TABLES
from journey_studio.store.writer import document_problem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BASES = sorted((FIXTURES / "v1").glob("*.journey"))
TIME_LIMIT = READ_SECONDS + 2.0  # an open may give up at its deadline, never hang past it

ODD_VALUES = (
    "NULL",
    "-1",
    "1e308",
    "9223372036854775807",
    "3.5",
    "''",
    "x'00ff'",
    "CAST(x'41ff42' AS TEXT)",
    "'dancing'",
    "zeroblob(3000)",
    "replace(hex(zeroblob(30000)), '00', 'ab')",  # 60,000 characters
    "zeroblob(5000000)",
    "'has space'",
    "7",
)
MALICE = (
    "CREATE VIEW v AS SELECT * FROM cards",
    "CREATE TRIGGER t AFTER INSERT ON cards BEGIN DELETE FROM flows; END",
    "DROP TABLE objectives",
    "CREATE VIEW objectives AS WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r) "
    "SELECT i AS position, 'x' AS text FROM r",
    "CREATE INDEX i ON cards(title)",
    "CREATE TABLE extra (x)",
    "CREATE VIRTUAL TABLE notes USING fts5(body)",
    "ALTER TABLE cards RENAME TO cards_old",
    "ALTER TABLE stages ADD COLUMN colour TEXT DEFAULT (random())",
    "PRAGMA user_version = 2",
    "PRAGMA user_version = 0",
    "PRAGMA application_id = 1",
    "DELETE FROM map_info",
    "INSERT INTO map_info SELECT 2, title, description, map_type, review_cadence, next_review FROM map_info",
    "UPDATE personas SET position = position + 5",
    "UPDATE cards SET position = 0",
    "UPDATE card_emotions SET score = score + 0.25",
    "UPDATE flows SET source = target",
    "UPDATE cards SET stage = 'nowhere' WHERE rowid % 3 = 0",
    "UPDATE flows SET persona = 'ghost'",
    "UPDATE card_personas SET card = 'ghost'",
    "DELETE FROM stages WHERE rowid = 1",
    "PRAGMA journal_mode = WAL",
)


def _sql_change(rng: random.Random, path: Path) -> None:
    """One change another program (or an attacker) might make with plain SQL."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        roll = rng.random()
        if roll < 0.45:
            table = rng.choice(TABLES)
            column = rng.choice(table.column_names)
            value = rng.choice(ODD_VALUES)
            where = rng.choice(["", " WHERE rowid = 1", " WHERE rowid % 2 = 0"])
            if "5000000" in value:  # one giant value, not a giant file
                where = " WHERE rowid = 1"
            conn.execute(f'UPDATE "{table.name}" SET "{column}" = {value}{where}')
        elif roll < 0.6:
            table = rng.choice([t for t in TABLES if len(t.column_names) > 2])
            column = rng.choice([c for c in table.column_names if c not in ("id", "card", "position")])
            conn.execute(f'ALTER TABLE "{table.name}" DROP COLUMN "{column}"')
        else:
            conn.execute(rng.choice(MALICE))
        conn.commit()
    except sqlite3.Error:
        pass  # not every change applies to every file; the file stays as it was
    finally:
        conn.close()


def _page_size(data: bytes | bytearray) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else max(size, 512)


def _byte_change(rng: random.Random, data: bytearray) -> bytearray:
    """Damage as disks, networks and careless tools make it."""
    page = _page_size(data)
    pages = max(1, len(data) // page)
    roll = rng.random()
    if roll < 0.35:
        for _ in range(rng.randint(1, 8)):
            spot = rng.randrange(100) if rng.random() < 0.3 else rng.randrange(len(data))
            data[spot] = rng.randrange(256)
    elif roll < 0.55:
        cut = rng.choice([rng.randrange(len(data)), rng.randrange(pages) * page])
        del data[cut:]
    elif roll < 0.75 and pages > 2:
        a, b = rng.sample(range(pages), 2)
        data[a * page : (a + 1) * page], data[b * page : (b + 1) * page] = (
            data[b * page : (b + 1) * page],
            data[a * page : (a + 1) * page],
        )
    elif roll < 0.9:
        start = rng.randrange(pages) * page
        data[start : start + page] = bytes([rng.randrange(256)]) * min(page, len(data) - start)
    else:
        data += bytes(rng.randrange(256) for _ in range(rng.randint(1, 3 * page)))
    return data


def mutant(seed: int, folder: Path) -> Path:
    """A mutated copy of one of the fixture files, made from ``seed`` alone."""
    rng = random.Random(seed)
    path = folder / f"mutant-{seed}.journey"
    shutil.copy(rng.choice(BASES), path)
    if rng.random() < 0.5:
        _sql_change(rng, path)
    if rng.random() < 0.7:
        path.write_bytes(bytes(_byte_change(rng, bytearray(path.read_bytes()))))
    return path


def check_document(doc: Document) -> None:
    """A document that opened must be wholly valid: every value and every reference."""
    doc.check_consistency()
    problem = document_problem(doc)
    assert not problem, problem


def check_mutant(seed: int, folder: Path) -> str:
    """Open one mutant: valid content or one clear refusal, in time. Returns the outcome's name."""
    path = mutant(seed, folder)
    before = path.read_bytes()
    start = time.monotonic()
    try:
        check_document(open_document(path))
        outcome = "opened"
    except JourneyFileError as error:
        assert error.reason in REASONS, error.reason
        assert "\n" not in str(error) and str(error).startswith(str(path)), str(error)
        outcome = error.reason
        if error.recoverable:
            try:
                check_document(recover_document(path).document)
                outcome += "+recovered"
            except JourneyFileError as again:
                assert again.reason in REASONS and "\n" not in str(again)
    elapsed = time.monotonic() - start
    assert elapsed < 2 * TIME_LIMIT, f"seed {seed}: took {elapsed:.1f} s"
    assert path.read_bytes() == before, f"seed {seed}: the file was changed"
    path.unlink()
    return outcome


# ---- the JSON form -------------------------------------------------------------------------
def _json_change(rng: random.Random, data: object) -> object:
    """Replace one value somewhere in the JSON tree with something of the wrong kind or size."""
    odd: list[Callable[[], object]] = [
        lambda: None,
        lambda: -1,
        lambda: 10**400,
        lambda: 1e308,
        lambda: "x" * rng.choice([0, 501, 20_001, 2_000_000]),
        lambda: [],
        lambda: {},
        lambda: True,
        lambda: "\ud800",
        lambda: "nope",
        lambda: [[[[[[[[[[[]]]]]]]]]]],
    ]
    node = data
    for _ in range(rng.randint(1, 6)):
        if isinstance(node, dict) and node:
            key = rng.choice(list(node))
            if rng.random() < 0.3 or not isinstance(node[key], (dict, list)):
                node[key] = rng.choice(odd)()
                return data
            node = node[key]
        elif isinstance(node, list) and node:
            index = rng.randrange(len(node))
            if rng.random() < 0.3 or not isinstance(node[index], (dict, list)):
                node[index] = rng.choice(odd)()
                return data
            node = node[index]
    return data


def json_mutant(seed: int, base: Document) -> bytes:
    """A mutated JSON form of ``base``: broken text, deep nesting, wrong kinds, huge values."""
    rng = random.Random(seed)
    text = dumps(base)
    roll = rng.random()
    if roll < 0.5:
        return json.dumps(_json_change(rng, json.loads(text)), allow_nan=True).encode(
            "utf-8", "surrogatepass"
        )
    data = bytearray(text.encode("utf-8"))
    if roll < 0.7:
        del data[rng.randrange(len(data)) :]
    elif roll < 0.85:
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    else:
        depth = rng.choice([100, 5000, 200_000])
        return (
            b'{"format": "journey-studio", "version": 1, "objectives": ' + b"[" * depth + b"]" * depth + b"}"
        )
    return bytes(data)


def check_json_mutant(seed: int, base: Document) -> str:
    raw = json_mutant(seed, base)
    start = time.monotonic()
    try:
        check_document(loads(raw))
        outcome = "opened"
    except InterchangeError as error:
        assert "\n" not in str(error)
        outcome = "refused"
    assert time.monotonic() - start < TIME_LIMIT, f"json seed {seed} took too long"
    return outcome


def scratch_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="journey-fuzz-"))
