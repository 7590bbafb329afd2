"""Save a document as a .journey file: built in memory, vacuumed, put in place atomically."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils

from ..model import Document
from ..model.validate import validate_entity, validate_info
from .atomic import describe_failure, is_read_only_error, replace_atomically, sweep_orphans, target_path
from .disk import read_only_reason
from .errors import JourneyFileError
from .schema import APPLICATION_ID, SCHEMA_VERSION, TABLES
from .versions import SCHEMA_SQL
from .workshop_rows import workshop_rows

Row = dict[str, Any]


def document_problem(doc: Document) -> str:
    """The first invalid value in the document, or "" when it is all fine.

    Nothing is written that the readers would refuse, so a saved map always opens again.
    """
    problems = validate_info(doc.info)
    for name in ("personas", "stages", "lanes", "cards", "flows", "threads", "votes"):
        for item in doc.collection(name):
            problems += validate_entity(item)
    return problems[0] if problems else ""


def document_rows(doc: Document) -> dict[str, list[Row]]:
    """The rows of every table for this document, in table order."""
    info = doc.info
    rows: dict[str, list[Row]] = {table.name: [] for table in TABLES}
    rows["map_info"].append(
        {
            "id": 1,
            "title": info.title,
            "description": info.description,
            "map_type": info.map_type,
            "review_cadence": info.review_cadence,
            "next_review": info.next_review,
        }
    )
    rows["objectives"] = [{"position": i, "text": text} for i, text in enumerate(info.objectives)]
    rows["personas"] = [
        {
            "id": p.id,
            "position": i,
            "name": p.name,
            "role": p.role,
            "goals": p.goals,
            "needs": p.needs,
            "pain_points": p.pain_points,
            "quote": p.quote,
            "colour": p.colour,
            "avatar": bytes(p.avatar),
            "on_map": int(p.on_map),
        }
        for i, p in enumerate(doc.personas)
    ]
    rows["stages"] = [
        {"id": s.id, "position": i, "name": s.name, "goal": s.goal, "width": float(s.width)}
        for i, s in enumerate(doc.stages)
    ]
    rows["lanes"] = [
        {"id": lane.id, "position": i, "name": lane.name, "kind": lane.kind, "height": float(lane.height)}
        for i, lane in enumerate(doc.lanes)
    ]
    for i, c in enumerate(doc.cards):
        rows["cards"].append(
            {
                "id": c.id,
                "position": i,
                "kind": c.kind,
                "stage": c.stage,
                "lane": c.lane,
                "title": c.title,
                "description": c.description,
                "channel": c.channel,
                "owner": c.owner,
                "exit": int(c.exit),
            }
        )
        rows["card_personas"] += [
            {"card": c.id, "position": j, "persona": p} for j, p in enumerate(c.personas)
        ]
        rows["card_emotions"] += [
            {"card": c.id, "position": j, "persona": p, "score": float(score)}
            for j, (p, score) in enumerate(c.emotion.items())
        ]
        rows["card_metrics"] += [
            {"card": c.id, "position": j, "name": name, "value": float(value)}
            for j, (name, value) in enumerate(c.metrics.items())
        ]
    rows["flows"] = [
        {
            "id": f.id,
            "position": i,
            "source": f.source,
            "target": f.target,
            "persona": f.persona or None,
            "label": f.label,
        }
        for i, f in enumerate(doc.flows)
    ]
    rows.update(workshop_rows(doc))
    return rows


def build_database(rows: dict[str, list[Row]]) -> sqlite3.Connection:
    """A new in-memory database holding the rows, checked and vacuumed; the caller closes it."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA application_id={APPLICATION_ID:d}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION:d}")
        conn.execute("BEGIN")
        for statement in SCHEMA_SQL[SCHEMA_VERSION]:
            conn.execute(statement)
        db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
        for table in TABLES:
            if rows[table.name]:
                # The frozen statements made the tables; sqlite-utils writes the rows into them.
                db.table(table.name).insert_all(rows[table.name], batch_size=500)
        conn.execute("COMMIT")
        problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError(f"the new file failed its check: {problems[0]}")
        violations = conn.execute("PRAGMA foreign_key_check").fetchall()
        if violations:
            raise sqlite3.DatabaseError(f"the new file has a broken reference in {violations[0][0]}")
        conn.execute("VACUUM")  # no free pages: nothing deleted travels with the file
    except BaseException:
        conn.close()
        raise
    return conn


def copy_database(source: sqlite3.Connection, file: Path) -> None:
    """Back up ``source`` into the empty ``file`` in rollback-journal mode and check the result."""
    conn = sqlite3.connect(file, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        source.backup(conn)
        problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError(f"the new file failed its check: {problems[0]}")
        stamp = (
            conn.execute("PRAGMA application_id").fetchone(),
            conn.execute("PRAGMA user_version").fetchone(),
        )
        if stamp != ((APPLICATION_ID,), (SCHEMA_VERSION,)):
            raise sqlite3.DatabaseError("the new file lost its header")
    finally:
        conn.close()


def save_rows(rows: dict[str, list[Row]], path: str | os.PathLike[str]) -> None:
    """Save already validated rows (``document_rows``) to ``path`` atomically.

    Safe to call from a worker thread: it touches no Document.
    """
    reason = read_only_reason(path)
    if reason:
        raise JourneyFileError(path, "read-only", f"cannot save here: {reason}")
    sweep_orphans(target_path(path).parent)
    try:
        source = build_database(rows)
        try:
            replace_atomically(path, lambda temp: copy_database(source, temp))
        finally:
            source.close()
    except UnicodeEncodeError as exc:
        raise JourneyFileError(path, "save-failed", "could not save: the map holds invalid text") from exc
    except (OSError, sqlite3.Error) as exc:
        if is_read_only_error(exc):
            raise JourneyFileError(path, "read-only", f"cannot save here: {describe_failure(exc)}") from exc
        raise JourneyFileError(path, "save-failed", f"could not save: {describe_failure(exc)}") from exc


def save_document(doc: Document, path: str | os.PathLike[str]) -> None:
    """Save ``doc`` to ``path`` atomically: the old file stays intact until the new one is whole.

    The map is built in memory, checked, vacuumed and backed up into a temporary file beside
    the target, which is checked again, flushed to disk and renamed over the target. Raises
    JourneyFileError: reason ``read-only`` (the file, folder or medium cannot be written; the
    place to offer Save As) or ``save-failed`` (disk full, …), with a plain-language message.
    """
    problem = document_problem(doc)
    if problem:
        raise JourneyFileError(
            path, "save-failed", f"could not save: the map has an invalid value: {problem}"
        )
    save_rows(document_rows(doc), path)
