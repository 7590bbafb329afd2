"""Turn the plain rows of a .journey file into a validated Document."""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from typing import Any

from ..model import Card, Document, Flow, Lane, MapInfo, ModelError, Persona, Stage, Thread, Vote
from ..model.validate import ID_PATTERN, validate_entity, validate_info
from .connection import Deadline
from .schema import MAX_ROWS, TABLE_BY_NAME, TABLES, TableSpec
from .workshop_rows import WorkshopRowsError, build_workshop

Row = dict[str, Any]


class ContentsError(Exception):
    """Rows that do not make a valid journey map; the message says which and why."""


class TooManyRowsError(Exception):
    """A table with more rows than any real map has."""


def select_sql(table: TableSpec, extra: str = "") -> str:
    """Our fixed query for one table's own columns (never SQL from the file)."""
    columns = ", ".join(f'"{name}"' for name in table.column_names)
    return f'SELECT {columns}{extra} FROM "{table.name}"'


def fetch_rows(conn: sqlite3.Connection, deadline: Deadline | None = None) -> dict[str, list[Row]]:
    """Every row of every table as a dict of plain values, checked against the column types."""
    tables: dict[str, list[Row]] = {}
    for table in TABLES:
        rows: list[Row] = []
        tables[table.name] = rows
        for i, values in enumerate(conn.execute(select_sql(table))):
            if i % 1024 == 1023:
                if i >= MAX_ROWS:
                    raise TooManyRowsError(f"the table {table.name} has more than {MAX_ROWS:,} rows")
                if deadline is not None:
                    deadline.check()
            rows.append(typed_row(table.name, i, dict(zip(table.column_names, values, strict=True))))
    return tables


def typed_row(table: str, index: int, row: Row) -> Row:
    spec = TABLE_BY_NAME[table]
    where = f"row {index + 1} of {table}"
    for name, kind in spec.columns:
        value = row[name]
        if value is None and name in spec.nullable:
            continue
        if kind is float and isinstance(value, int):
            value = row[name] = float(value)
        if kind is float and not (isinstance(value, float) and math.isfinite(value)):
            raise ContentsError(f"{where}: {name} must be a number")
        if kind is not float and type(value) is not kind:
            noun = {str: "text", int: "a whole number", bytes: "binary data"}[kind]
            raise ContentsError(f"{where}: {name} must be {noun}")
    return row


def in_order(rows: list[Row], what: str) -> list[Row]:
    """Rows sorted by position; positions must count 0, 1, 2, … with no gaps or repeats."""
    ordered = sorted(rows, key=lambda row: int(row["position"]))
    if [row["position"] for row in ordered] != list(range(len(ordered))):
        raise ContentsError(f"the order of {what} is damaged")
    return ordered


def _flag(row: Row, name: str, what: str) -> bool:
    if row[name] not in (0, 1):
        raise ContentsError(f"{what}: {name} must be 0 or 1")
    return bool(row[name])


def _checked_id(row: Row, table: str) -> str:
    value = str(row["id"])
    if not ID_PATTERN.match(value):
        raise ContentsError(f"{table} has an invalid id {value[:40]!r}")
    return value


def _map_info(tables: dict[str, list[Row]]) -> MapInfo:
    rows = tables["map_info"]
    if len(rows) != 1 or rows[0]["id"] != 1:
        raise ContentsError("map_info must hold exactly one row")
    row = rows[0]
    objectives = [str(r["text"]) for r in in_order(tables["objectives"], "objectives")]
    info = MapInfo(
        title=row["title"],
        description=row["description"],
        map_type=row["map_type"],
        objectives=objectives,
        review_cadence=row["review_cadence"],
        next_review=row["next_review"],
    )
    problems = validate_info(info)
    if problems:
        raise ContentsError(problems[0])
    return info


def _card_parts(tables: dict[str, list[Row]], card_ids: set[str]) -> dict[str, dict[str, list[Row]]]:
    """The persona tags, emotion scores and metrics of each card, each in order."""
    parts: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for table in ("card_personas", "card_emotions", "card_metrics"):
        for row in tables[table]:
            if row["card"] not in card_ids:
                raise ContentsError(f"{table} refers to unknown card {str(row['card'])[:40]!r}")
            parts[row["card"]][table].append(row)
    return parts


def _unique_dict(pairs: list[tuple[str, float]], what: str) -> dict[str, float]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ContentsError(f"{what} names the same key twice")
    return result


def _cards(tables: dict[str, list[Row]]) -> list[Card]:
    rows = in_order(tables["cards"], "cards")
    ids = {_checked_id(row, "cards") for row in rows}
    parts = _card_parts(tables, ids)
    cards = []
    for row in rows:
        own = parts[row["id"]]
        what = f"card {row['id']!r}"
        tags = [r["persona"] for r in in_order(own["card_personas"], f"{what} personas")]
        scores = [(r["persona"], r["score"]) for r in in_order(own["card_emotions"], f"{what} emotions")]
        metrics = [(r["name"], r["value"]) for r in in_order(own["card_metrics"], f"{what} metrics")]
        fields = {
            k: row[k] for k in ("id", "kind", "stage", "lane", "title", "description", "channel", "owner")
        }
        cards.append(
            Card(
                **fields,
                metrics=_unique_dict(metrics, f"{what} metrics"),
                personas=tags,
                emotion=_unique_dict(scores, f"{what} emotion"),
                exit=_flag(row, "exit", what),
            )
        )
    return cards


def build_document(tables: dict[str, list[Row]]) -> Document:
    """Validate the rows and build the document through the model's constructors."""
    info = _map_info(tables)
    personas = []
    for row in in_order(tables["personas"], "personas"):
        _checked_id(row, "personas")
        values = {k: v for k, v in row.items() if k not in ("position", "on_map")}
        personas.append(Persona(**values, on_map=_flag(row, "on_map", f"persona {row['id']!r}")))
    stages = [Stage(r["id"], r["name"], r["goal"], r["width"]) for r in in_order(tables["stages"], "stages")]
    lanes = [Lane(r["id"], r["name"], r["kind"], r["height"]) for r in in_order(tables["lanes"], "lanes")]
    cards = _cards(tables)
    flows = [
        Flow(r["id"], r["source"], r["target"], r["persona"] or "", r["label"])
        for r in in_order(tables["flows"], "flows")
    ]
    entities: list[Persona | Stage | Lane | Card | Flow] = [*personas, *stages, *lanes, *cards, *flows]
    for item in entities:
        problems = validate_entity(item)
        if problems:
            raise ContentsError(problems[0])
    try:
        acknowledged, threads, votes = build_workshop(tables)
    except WorkshopRowsError as exc:
        raise ContentsError(str(exc)) from None
    info.acknowledged = acknowledged
    extras: list[Thread | Vote] = [*threads, *votes]
    for extra in extras:
        problems = validate_entity(extra)
        if problems:
            raise ContentsError(problems[0])
    problems = validate_info(info)
    if problems:
        raise ContentsError(problems[0])
    try:
        return Document(info, personas, stages, lanes, cards, flows, threads=threads, votes=votes)
    except ModelError as exc:
        raise ContentsError(str(exc)) from None
