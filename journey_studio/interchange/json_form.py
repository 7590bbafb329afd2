"""The JSON interchange form of a journey map: document ↔ dict ↔ text ↔ file."""

from __future__ import annotations

import base64
import binascii
import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..model import (
    Card,
    Comment,
    Document,
    Entity,
    Flow,
    Lane,
    MapInfo,
    ModelError,
    Persona,
    Stage,
    Thread,
    Vote,
)
from ..model.validate import ID_PATTERN, validate_entity, validate_info
from ..store.atomic import describe_failure, replace_atomically
from ..store.errors import one_line
from ..store.schema import MAX_FILE_BYTES, MAX_ROWS
from ..store.writer import document_problem

FORMAT_NAME = "journey-studio"
FORMAT_VERSION = 1
MAX_JSON_BYTES = MAX_FILE_BYTES

INFO_KEYS = ("title", "description", "map_type", "objectives", "review_cadence", "next_review")
TOP_KEYS = (
    "format",
    "version",
    *INFO_KEYS,
    "acknowledged",
    "personas",
    "stages",
    "lanes",
    "cards",
    "flows",
    "threads",
    "votes",
)
PERSONA_TEXTS = ("role", "goals", "needs", "pain_points", "quote", "colour")
CARD_TEXTS = ("title", "description", "channel", "owner")


class InterchangeError(ValueError):
    """Input that cannot become a document (or a document that cannot be written), in one line.

    The message names where the problem is, e.g. ``cards[3].stage: unknown stage 'x'``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


# ---- writing -------------------------------------------------------------------------------
def _number(value: float) -> int | float:
    """Whole numbers are written without a fraction (240, not 240.0), so they read back the same."""
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The JSON form of a document as plain dicts and lists, in display order."""
    info = doc.info
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        **{key: getattr(info, key) for key in INFO_KEYS},
        "objectives": list(info.objectives),  # a copy, in the place INFO_KEYS gives it
        "acknowledged": dict(info.acknowledged),
        "personas": [
            {
                "id": p.id,
                "name": p.name,
                **{key: getattr(p, key) for key in PERSONA_TEXTS},
                "avatar": base64.b64encode(p.avatar).decode("ascii"),
                "on_map": p.on_map,
            }
            for p in doc.personas
        ],
        "stages": [
            {"id": s.id, "name": s.name, "goal": s.goal, "width": _number(s.width)} for s in doc.stages
        ],
        "lanes": [
            {"id": x.id, "name": x.name, "kind": x.kind, "height": _number(x.height)} for x in doc.lanes
        ],
        "cards": [
            {
                "id": c.id,
                "kind": c.kind,
                "stage": c.stage,
                "lane": c.lane,
                **{key: getattr(c, key) for key in CARD_TEXTS},
                "metrics": {name: _number(value) for name, value in c.metrics.items()},
                "personas": list(c.personas),
                "emotion": {pid: _number(score) for pid, score in c.emotion.items()},
                "exit": c.exit,
            }
            for c in doc.cards
        ],
        "flows": [
            {"id": f.id, "source": f.source, "target": f.target, "persona": f.persona, "label": f.label}
            for f in doc.flows
        ],
        "threads": [
            {
                "id": t.id,
                "target": t.target,
                "resolved": t.resolved,
                "comments": [{"author": c.author, "time": c.time, "text": c.text} for c in t.comments],
            }
            for t in doc.threads
        ],
        "votes": [
            {
                "id": v.id,
                "name": v.name,
                "date": v.date,
                "candidates": list(v.candidates),
                "dots_per_participant": v.dots_per_participant,
                "participants": list(v.participants),
                "dots": {name: list(cards) for name, cards in v.dots.items()},
                "closed": v.closed,
            }
            for v in doc.votes
        ],
    }


def dumps(doc: Document) -> str:
    """The document as JSON text (indented, UTF-8 friendly, ending in a newline)."""
    problem = document_problem(doc)
    if problem:
        raise InterchangeError(f"the map has an invalid value: {problem}")
    return json.dumps(document_to_dict(doc), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _write_bytes(path: Path, data: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(data)


def write_json(doc: Document, path: str | os.PathLike[str]) -> None:
    """Write the JSON form to ``path`` atomically (temporary file, fsync, rename)."""
    try:
        data = dumps(doc).encode("utf-8")
    except UnicodeEncodeError:
        raise InterchangeError(f"{path}: the map holds text that cannot be written as UTF-8") from None
    try:
        replace_atomically(path, lambda temp: _write_bytes(temp, data))
    except OSError as exc:
        raise InterchangeError(f"{path}: could not save: {describe_failure(exc)}") from exc


# ---- reading -------------------------------------------------------------------------------
def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 42 else text[:40] + "…'"


def _kind_of(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _as_text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InterchangeError(f"{where}: must be text, not {_kind_of(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InterchangeError(f"{where}: contains an invalid character") from None
    return value


def _as_number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InterchangeError(f"{where}: must be a number, not {_kind_of(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise InterchangeError(f"{where}: is too large")
    return number


class _Fields:
    """One JSON object being read: knows where it is and refuses unknown or missing keys."""

    def __init__(
        self, value: object, where: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> None:
        if not isinstance(value, dict):
            raise InterchangeError(f"{where or 'the file'}: must be an object, not {_kind_of(value)}")
        for key in value:
            if key not in allowed:
                raise InterchangeError(f"{_at(where, _show(key))}: unknown field")
        for key in required:
            if key not in value:
                raise InterchangeError(f"{_at(where, key)}: is missing")
        self.data: dict[str, Any] = value
        self.where = where

    def at(self, key: str) -> str:
        return _at(self.where, key)

    def text(self, key: str, default: str = "") -> str:
        return _as_text(self.data.get(key, default), self.at(key))

    def ident(self, key: str) -> str:
        value = self.text(key)
        if not ID_PATTERN.match(value):
            raise InterchangeError(f"{self.at(key)}: {_show(value)} is not a valid id")
        return value

    def number(self, key: str, default: float) -> float:
        return _as_number(self.data.get(key, default), self.at(key))

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise InterchangeError(f"{self.at(key)}: must be true or false, not {_kind_of(value)}")
        return value

    def texts(self, key: str) -> list[str]:
        return [_as_text(value, where) for where, value in self.items(key)]

    def numbers(self, key: str) -> dict[str, float]:
        values = self.data.get(key, {})
        if not isinstance(values, dict):
            raise InterchangeError(f"{self.at(key)}: must be an object, not {_kind_of(values)}")
        where = self.at(key)
        return {
            _as_text(name, where): _as_number(value, f"{where}[{_show(name)}]")
            for name, value in values.items()
        }

    def text_map(self, key: str) -> dict[str, str]:
        values = self.data.get(key, {})
        if not isinstance(values, dict):
            raise InterchangeError(f"{self.at(key)}: must be an object, not {_kind_of(values)}")
        where = self.at(key)
        return {
            _as_text(name, where): _as_text(value, f"{where}[{_show(name)}]")
            for name, value in values.items()
        }

    def items(self, key: str) -> list[tuple[str, object]]:
        values = self.data.get(key, [])
        if not isinstance(values, list):
            raise InterchangeError(f"{self.at(key)}: must be a list, not {_kind_of(values)}")
        if len(values) > MAX_ROWS:
            raise InterchangeError(
                f"{self.at(key)}: has {len(values):,} entries; a map may have {MAX_ROWS:,}"
            )
        return [(f"{self.at(key)}[{i}]", value) for i, value in enumerate(values)]


def _avatar(fields: _Fields) -> bytes:
    text = "".join(fields.text("avatar").split())
    try:
        return binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError):
        raise InterchangeError(f"{fields.at('avatar')}: is not valid base64") from None


def _entities(top: _Fields) -> tuple[list[Persona], list[Stage], list[Lane], list[Card], list[Flow]]:
    personas, stages, lanes, cards, flows = [], [], [], [], []
    for where, value in top.items("personas"):
        f = _Fields(value, where, ("id", "name", *PERSONA_TEXTS, "avatar", "on_map"), ("id", "name"))
        texts = {key: f.text(key, getattr(Persona, key, "")) for key in PERSONA_TEXTS}
        personas.append(
            Persona(f.ident("id"), f.text("name"), **texts, avatar=_avatar(f), on_map=f.flag("on_map", True))
        )
    for where, value in top.items("stages"):
        f = _Fields(value, where, ("id", "name", "goal", "width"), ("id", "name"))
        stages.append(Stage(f.ident("id"), f.text("name"), f.text("goal"), f.number("width", Stage.width)))
    for where, value in top.items("lanes"):
        f = _Fields(value, where, ("id", "name", "kind", "height"), ("id", "name"))
        lanes.append(
            Lane(f.ident("id"), f.text("name"), f.text("kind", Lane.kind), f.number("height", Lane.height))
        )
    card_keys = ("id", "kind", "stage", "lane", *CARD_TEXTS, "metrics", "personas", "emotion", "exit")
    for where, value in top.items("cards"):
        f = _Fields(value, where, card_keys, ("id", "kind", "stage", "lane"))
        texts = {key: f.text(key) for key in ("kind", "stage", "lane", *CARD_TEXTS)}
        cards.append(
            Card(
                f.ident("id"),
                **texts,
                metrics=f.numbers("metrics"),
                personas=f.texts("personas"),
                emotion=f.numbers("emotion"),
                exit=f.flag("exit", False),
            )
        )
    for where, value in top.items("flows"):
        f = _Fields(value, where, ("id", "source", "target", "persona", "label"), ("id", "source", "target"))
        flows.append(
            Flow(f.ident("id"), f.text("source"), f.text("target"), f.text("persona"), f.text("label"))
        )
    return personas, stages, lanes, cards, flows


def _threads_and_votes(top: _Fields) -> tuple[list[Thread], list[Vote]]:
    threads, votes = [], []
    for where, value in top.items("threads"):
        f = _Fields(value, where, ("id", "target", "resolved", "comments"), ("id", "target"))
        comments = []
        for c_where, c_value in f.items("comments"):
            c = _Fields(c_value, c_where, ("author", "time", "text"), ("author", "time", "text"))
            comments.append(Comment(c.text("author"), c.text("time"), c.text("text")))
        threads.append(Thread(f.ident("id"), f.text("target"), comments, f.flag("resolved", False)))
    vote_keys = ("id", "name", "date", "candidates", "dots_per_participant", "participants", "dots", "closed")
    for where, value in top.items("votes"):
        f = _Fields(value, where, vote_keys, ("id", "name", "date"))
        dots_value = f.data.get("dots", {})
        if not isinstance(dots_value, dict):
            raise InterchangeError(f"{f.at('dots')}: must be an object, not {_kind_of(dots_value)}")
        dots: dict[str, list[str]] = {}
        for name, cards in dots_value.items():
            if not isinstance(cards, list):
                raise InterchangeError(f"{f.at('dots')}[{_show(name)}]: must be a list of card ids")
            where_dots = f"{f.at('dots')}[{_show(name)}]"
            dots[_as_text(name, f.at("dots"))] = [_as_text(card, where_dots) for card in cards]
        per_person = f.number("dots_per_participant", 3)
        if not per_person.is_integer():
            raise InterchangeError(f"{f.at('dots_per_participant')}: must be a whole number")
        votes.append(
            Vote(
                f.ident("id"),
                f.text("name"),
                f.text("date"),
                candidates=f.texts("candidates"),
                dots_per_participant=int(per_person),
                participants=f.texts("participants"),
                dots=dots,
                closed=f.flag("closed", False),
            )
        )
    groups: list[tuple[str, Sequence[Thread | Vote]]] = [("threads", threads), ("votes", votes)]
    for group, items in groups:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                raise InterchangeError(f"{group}[{i}].id: duplicate id {item.id!r}")
            seen.add(item.id)
            problems = validate_entity(item)
            if problems:
                raise InterchangeError(f"{group}[{i}]: {problems[0]}")
    return threads, votes


def _check_references(
    personas: list[Persona], stages: list[Stage], lanes: list[Lane], cards: list[Card], flows: list[Flow]
) -> None:
    known: dict[str, set[str]] = {}
    groups: list[tuple[str, Sequence[Entity]]] = [("personas", personas), ("stages", stages)]
    groups += [("lanes", lanes), ("cards", cards), ("flows", flows)]
    for name, items in groups:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            where = f"{name}[{i}]"
            if item.id in seen:
                raise InterchangeError(f"{where}.id: duplicate id {item.id!r} (also {name}[{seen[item.id]}])")
            seen[item.id] = i
            problems = validate_entity(item)
            if problems:
                raise InterchangeError(f"{where}: {problems[0]}")
        known[name] = set(seen)

    def need(where: str, collection: str, value: str) -> None:
        if value not in known[collection]:
            raise InterchangeError(f"{where}: unknown {collection[:-1]} {_show(value)}")

    for i, card in enumerate(cards):
        need(f"cards[{i}].stage", "stages", card.stage)
        need(f"cards[{i}].lane", "lanes", card.lane)
        for j, pid in enumerate(card.personas):
            need(f"cards[{i}].personas[{j}]", "personas", pid)
        for pid in card.emotion:
            need(f"cards[{i}].emotion", "personas", pid)
    for i, flow in enumerate(flows):
        need(f"flows[{i}].source", "cards", flow.source)
        need(f"flows[{i}].target", "cards", flow.target)
        if flow.persona:
            need(f"flows[{i}].persona", "personas", flow.persona)


def document_from_dict(data: object) -> Document:
    """Build a document from untrusted JSON values; raises InterchangeError naming where."""
    if not isinstance(data, dict):
        raise InterchangeError(f"the file: must be a JSON object, not {_kind_of(data)}")
    if data.get("format") != FORMAT_NAME:
        raise InterchangeError(f"format: must be {FORMAT_NAME!r}; this is not a Journey Studio JSON file")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InterchangeError("version: must be a whole number")
    if version > FORMAT_VERSION:
        raise InterchangeError(
            f"version: made by a newer version of Journey Studio ({_show(version)}; "
            f"this one reads up to {FORMAT_VERSION}) — please update Journey Studio"
        )
    if version < 1:
        raise InterchangeError(f"version: {version} is not a valid version")
    top = _Fields(data, "", TOP_KEYS, ("format", "version"))
    info = MapInfo(
        **{key: top.text(key, getattr(MapInfo, key)) for key in INFO_KEYS if key != "objectives"},
        objectives=top.texts("objectives"),
        acknowledged=top.text_map("acknowledged"),
    )
    problems = validate_info(info)
    if problems:
        raise InterchangeError(problems[0])
    entities = _entities(top)
    _check_references(*entities)
    threads, votes = _threads_and_votes(top)
    try:
        return Document(info, *entities, threads=threads, votes=votes)
    except ModelError as exc:
        raise InterchangeError(str(exc)) from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InterchangeError(f"the key {_show(key)} appears twice in one object")
        result[key] = value
    return result


def _refuse_constant(name: str) -> float:
    raise InterchangeError(f"{name} is not a number JSON allows")


def loads(text: str | bytes) -> Document:
    """Parse JSON text (str or UTF-8 bytes) into a document."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InterchangeError(f"the file is not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InterchangeError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise InterchangeError("not a journey map: the JSON is nested too deeply") from None
    except InterchangeError:
        raise
    except ValueError:  # Python refuses integers with thousands of digits
        raise InterchangeError("not valid JSON: a number has too many digits") from None
    return document_from_dict(data)


def read_capped(path: str | os.PathLike[str], limit: int) -> bytes:
    """A file's bytes; InterchangeError, naming the file, when it is missing, a folder,
    unreadable or larger than ``limit`` bytes (checked again after reading: it may grow)."""
    too_large = InterchangeError(f"{path}: the file is larger than {limit // 2**20} MB, too large to open")
    try:
        if os.stat(path).st_size > limit:
            raise too_large
        with Path(path).open("rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise InterchangeError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InterchangeError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InterchangeError(f"{path}: cannot be read ({exc.strerror})") from None
    if len(data) > limit:
        raise too_large
    return data


def read_json(path: str | os.PathLike[str]) -> Document:
    """Read a JSON file; errors name the file and where in it, e.g. ``map.json: cards[3].stage: …``."""
    raw = read_capped(path, MAX_JSON_BYTES)
    if not raw.strip():
        raise InterchangeError(f"{path}: the file is empty")
    try:
        return loads(raw)
    except InterchangeError as exc:
        raise InterchangeError(f"{path}: {exc}") from None
