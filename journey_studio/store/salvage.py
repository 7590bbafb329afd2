"""Recover what can still be read from a damaged .journey file into a new, valid document.

Only for files whose tables are exactly ours: the same private copy, hardened connection and
allowlist as a normal open, then each table read row by row around damaged pages, and every
value checked as usual. What fails a check is left out, and references to it are dropped.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field, fields
from typing import Any

from ..model import Card, Document, Flow, Lane, MapInfo, ModelError, Persona, Stage
from ..model.validate import validate_entity, validate_info
from .connection import Deadline
from .errors import JourneyFileError
from .reader import damaged, private_copy, refusal
from .rows import ContentsError, Row, typed_row
from .schema import MAX_ROWS, SCHEMA_VERSION, TABLES, WORKSHOP_TABLES, TableSpec
from .versions import SchemaError, check_schema

MAX_SKIPS = 64  # damaged stretches to jump over in one table before giving up on the rest of it
_MAX_ROWID = 2**63 - 1


@dataclass
class Recovered:
    """A document rebuilt from a damaged file, and what could not be brought back."""

    document: Document
    lost: dict[str, int] = field(default_factory=dict)  # "cards" → how many were left out
    unreadable: bool = False  # some stretches of the file could not be read at all

    def summary(self) -> str:
        """One line for people, e.g. "3 cards and 1 flow could not be recovered"."""
        parts = [f"{n} {name if n != 1 else name.rstrip('s')}" for name, n in self.lost.items() if n]
        if self.unreadable:
            parts.append("whatever stood in the unreadable parts of the file")
        if not parts:
            return "everything that was stored could be read"
        listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
        return f"{listed} could not be recovered"


def _table_rows(
    conn: sqlite3.Connection, table: TableSpec, deadline: Deadline
) -> tuple[list[Row], int, bool]:
    """The readable, well-typed rows of one table in rowid order, how many were refused, and
    whether a damaged stretch had to be skipped."""
    columns = ", ".join(f'"{name}"' for name in table.column_names)
    sql = f'SELECT rowid, {columns} FROM "{table.name}" WHERE rowid > ? ORDER BY rowid'
    rows: list[Row] = []
    refused = skips = 0
    after, step = -_MAX_ROWID - 1, 1
    while len(rows) < MAX_ROWS and not deadline.expired() and skips <= MAX_SKIPS:
        try:
            for rowid, *values in conn.execute(sql, (after,)):
                after, step = rowid, 1
                try:
                    rows.append(
                        typed_row(table.name, len(rows), dict(zip(table.column_names, values, strict=True)))
                    )
                except ContentsError:
                    refused += 1
            break
        except sqlite3.DatabaseError as exc:
            if "interrupt" in str(exc).lower() or after >= _MAX_ROWID - step:
                break
            # Jump over the damaged stretch: rowids count up from 1, so start there, then step
            # further each time until a readable page is reached.
            skips += 1
            after, step = (max(after, 0) + step, step * 2)
    return rows, refused, skips > 0 or deadline.expired()


def _ordered(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: row["position"])


def _map_info(rows: list[Row], objectives: list[Row]) -> MapInfo:
    """The stored map fields that pass their checks; defaults for the others."""
    info = MapInfo(title="Recovered map")
    stored = rows[0] if rows else {}
    for f in fields(MapInfo):
        if f.name in stored and f.name != "objectives":
            candidate = MapInfo(**{**info.__dict__, f.name: stored[f.name]})
            if not validate_info(candidate):
                info = candidate
    texts = [row["text"] for row in _ordered(objectives)][:20]
    candidate = MapInfo(**{**info.__dict__, "objectives": texts})
    return candidate if not validate_info(candidate) else info


class _Builder:
    """Keeps the entities that pass their checks, counting the ones left out."""

    def __init__(self, lost: dict[str, int]) -> None:
        self.lost = lost

    def keep(self, name: str, items: list[Any]) -> list[Any]:
        kept: dict[str, Any] = {}
        for item in items:
            if item is not None and item.id not in kept and not validate_entity(item):
                kept[item.id] = item
        self.lost[name] = self.lost.get(name, 0) + len(items) - len(kept)
        return list(kept.values())


def _cards(tables: dict[str, list[Row]], personas: set[str], stages: set[str], lanes: set[str]) -> list[Card]:
    parts: dict[str, dict[str, list[Row]]] = {}
    for name in ("card_personas", "card_emotions", "card_metrics"):
        for row in _ordered(tables[name]):
            parts.setdefault(row["card"], {}).setdefault(name, []).append(row)
    cards: list[Card] = []
    for row in _ordered(tables["cards"]):
        if row["stage"] not in stages or row["lane"] not in lanes or row["exit"] not in (0, 1):
            continue
        own = parts.get(row["id"], {})
        tags = list(
            dict.fromkeys(r["persona"] for r in own.get("card_personas", []) if r["persona"] in personas)
        )
        emotion = {r["persona"]: r["score"] for r in own.get("card_emotions", []) if r["persona"] in personas}
        metrics = {r["name"]: r["value"] for r in own.get("card_metrics", [])}
        texts = {
            k: row[k] for k in ("id", "kind", "stage", "lane", "title", "description", "channel", "owner")
        }
        card = Card(**texts, metrics=metrics, personas=tags, emotion=emotion, exit=bool(row["exit"]))
        if validate_entity(card):  # a bad score or metric: keep the card without them
            card = Card(**texts, personas=tags, exit=bool(row["exit"]))
        cards.append(card)
    return cards


def _document(tables: dict[str, list[Row]], lost: dict[str, int]) -> Document:
    build = _Builder(lost)
    personas = build.keep(
        "personas",
        [
            Persona(
                **{k: v for k, v in r.items() if k not in ("position", "on_map")}, on_map=r["on_map"] == 1
            )
            for r in _ordered(tables["personas"])
        ],
    )
    stages = build.keep(
        "stages", [Stage(r["id"], r["name"], r["goal"], r["width"]) for r in _ordered(tables["stages"])]
    )
    lanes = build.keep(
        "lanes", [Lane(r["id"], r["name"], r["kind"], r["height"]) for r in _ordered(tables["lanes"])]
    )
    known = ({p.id for p in personas}, {s.id for s in stages}, {lane.id for lane in lanes})
    cards = _cards(tables, *known)
    lost["cards"] = lost.get("cards", 0) + len(tables["cards"]) - len(cards)
    cards = build.keep("cards", cards)
    card_ids = {c.id for c in cards}
    flows = build.keep(
        "flows",
        [
            Flow(
                r["id"],
                r["source"],
                r["target"],
                r["persona"] if r["persona"] in known[0] else "",
                r["label"],
            )
            if r["source"] in card_ids and r["target"] in card_ids
            else None
            for r in _ordered(tables["flows"])
        ],
    )
    info = _map_info(tables["map_info"], tables["objectives"])
    return Document(info, personas, stages, lanes, cards, flows)


def recover_document(path: str | os.PathLike[str], *, seconds: float | None = None) -> Recovered:
    """Read what can be read of a damaged file into a new document (the file is not changed).

    Raises JourneyFileError when the file is not one we may read at all (another application's,
    a crafted schema, locked) or when nothing of the map could be read.
    """
    deadline = Deadline(seconds)
    with private_copy(path, deadline, lenient=True) as (conn, header):
        if header.version not in (1, SCHEMA_VERSION):
            raise JourneyFileError(
                path, "damaged", "the file is damaged, and of another version: nothing recovered"
            )
        try:
            check_schema(conn, header.version)
        except (SchemaError, sqlite3.Error, UnicodeError, RecursionError, MemoryError) as exc:
            raise refusal(path, exc, deadline, recoverable=False) from None
        lost: dict[str, int] = {}
        tables: dict[str, list[Row]] = {}
        unreadable = False
        for table in TABLES:
            if header.version < 2 and table.name in WORKSHOP_TABLES:
                tables[table.name], lost[table.name] = [], 0  # a version 1 file has no workshop tables
                continue
            tables[table.name], lost[table.name], skipped = _table_rows(conn, table, deadline)
            unreadable = unreadable or skipped
    try:
        document = _document(tables, lost)
    except ModelError:
        raise damaged(path, "its contents contradict each other", recoverable=False) from None
    if not (tables["map_info"] or len(document.stages) or len(document.cards)):
        raise damaged(path, "nothing of the map could be read", recoverable=False)
    counted = {name: lost.get(name, 0) for name in ("personas", "stages", "lanes", "cards", "flows")}
    return Recovered(document, counted, unreadable)
