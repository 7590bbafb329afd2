"""Value checks for entities: kinds, ranges, text lengths. Used by the model and every reader."""

from __future__ import annotations

import math
import re
from typing import Any

from .entities import (
    MAX_LANE_HEIGHT,
    MAX_STAGE_WIDTH,
    MIN_LANE_HEIGHT,
    MIN_STAGE_WIDTH,
    Card,
    Flow,
    Lane,
    MapInfo,
    Persona,
    Stage,
    Thread,
    Vote,
)
from .kinds import CARD_KINDS, LANE_KINDS, MAP_TYPES, is_valid_emotion

MAX_SHORT_TEXT = 500  # names, titles, channels
MAX_LONG_TEXT = 20_000  # descriptions, goals, quotes
MAX_AVATAR_BYTES = 2_000_000
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
DATE_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})?$")


def _text(problems: list[str], what: str, value: Any, limit: int) -> None:
    if not isinstance(value, str):
        problems.append(f"{what} must be text")
    elif len(value) > limit:
        problems.append(f"{what} is longer than {limit} characters")


def _number(problems: list[str], what: str, value: Any, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        problems.append(f"{what} must be a number")
    elif not low <= value <= high:
        problems.append(f"{what} must be between {low:g} and {high:g}")


def validate_info(info: MapInfo) -> list[str]:
    """Problems with the map-level fields (empty when fine)."""
    problems: list[str] = []
    _text(problems, "map title", info.title, MAX_SHORT_TEXT)
    _text(problems, "map description", info.description, MAX_LONG_TEXT)
    if info.map_type not in MAP_TYPES:
        problems.append(f"unknown map type {info.map_type!r}")
    if not isinstance(info.objectives, list) or len(info.objectives) > 20:
        problems.append("objectives must be a list of at most 20 texts")
    else:
        for text in info.objectives:
            _text(problems, "an objective", text, MAX_LONG_TEXT)
    _text(problems, "review cadence", info.review_cadence, MAX_SHORT_TEXT)
    if not isinstance(info.next_review, str) or not DATE_PATTERN.match(info.next_review):
        problems.append("next review must be a date written YYYY-MM-DD")
    if not isinstance(info.acknowledged, dict) or len(info.acknowledged) > 10_000:
        problems.append("acknowledged findings must map at most 10,000 finding keys to reasons")
    else:
        for key, reason in info.acknowledged.items():
            _text(problems, "an acknowledged finding's key", key, MAX_SHORT_TEXT)
            _text(problems, "an acknowledged finding's reason", reason, MAX_LONG_TEXT)
    return problems


TIME_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$")
MAX_COMMENTS = 1000
MAX_PARTICIPANTS = 200


def _validate_thread(problems: list[str], what: str, item: Thread) -> None:
    _text(problems, f"{what} target", item.target, 64)
    if not isinstance(item.resolved, bool):
        problems.append(f"{what} resolved must be true or false")
    if not isinstance(item.comments, list) or len(item.comments) > MAX_COMMENTS:
        problems.append(f"{what} must hold at most {MAX_COMMENTS} comments")
        return
    for comment in item.comments:
        _text(problems, f"{what} comment author", comment.author, MAX_SHORT_TEXT)
        _text(problems, f"{what} comment text", comment.text, MAX_LONG_TEXT)
        if not isinstance(comment.time, str) or not TIME_PATTERN.match(comment.time):
            problems.append(f"{what} comment time must look like 2026-11-23T14:05:00Z")


def _validate_vote(problems: list[str], what: str, item: Vote) -> None:
    _text(problems, f"{what} name", item.name, MAX_SHORT_TEXT)
    if not isinstance(item.date, str) or not DATE_PATTERN.match(item.date):
        problems.append(f"{what} date must be written YYYY-MM-DD")
    if isinstance(item.dots_per_participant, bool) or not isinstance(item.dots_per_participant, int):
        problems.append(f"{what} dots per participant must be a whole number")
    elif not 1 <= item.dots_per_participant <= 99:
        problems.append(f"{what} dots per participant must be between 1 and 99")
    if not isinstance(item.closed, bool):
        problems.append(f"{what} closed must be true or false")
    if not isinstance(item.candidates, list) or len(set(item.candidates)) != len(item.candidates):
        problems.append(f"{what} candidates must be a list of cards without repeats")
        return
    if not isinstance(item.participants, list) or len(item.participants) > MAX_PARTICIPANTS:
        problems.append(f"{what} must have at most {MAX_PARTICIPANTS} participants")
        return
    for name in item.participants:
        _text(problems, f"{what} participant", name, MAX_SHORT_TEXT)
    if len(set(item.participants)) != len(item.participants):
        problems.append(f"{what} names a participant twice")
    if not isinstance(item.dots, dict):
        problems.append(f"{what} dots must map participants to cards")
        return
    for name, cards in item.dots.items():
        if name not in item.participants:
            problems.append(f"{what} has dots from {name!r}, who is not a participant")
        elif not isinstance(cards, list) or len(cards) > item.dots_per_participant:
            problems.append(f"{what}: {name} has more than {item.dots_per_participant} dots")
        elif any(card not in item.candidates for card in cards):
            problems.append(f"{what}: {name} put a dot on a card that is not in the vote")


def validate_entity(item: Persona | Stage | Lane | Card | Flow | Thread | Vote) -> list[str]:
    """Problems with one entity's own values (references are checked by the document)."""
    problems: list[str] = []
    label = type(item).__name__.lower()
    if not isinstance(item.id, str) or not ID_PATTERN.match(item.id):
        problems.append(f"{label} id {item.id!r} is not a valid id")
        return problems
    what = f"{label} {item.id!r}"
    if isinstance(item, Persona):
        _text(problems, f"{what} name", item.name, MAX_SHORT_TEXT)
        _text(problems, f"{what} role", item.role, MAX_SHORT_TEXT)
        for attr in ("goals", "needs", "pain_points", "quote"):
            _text(problems, f"{what} {attr}", getattr(item, attr), MAX_LONG_TEXT)
        if not isinstance(item.colour, str) or not COLOUR_PATTERN.match(item.colour):
            problems.append(f"{what} colour must look like #1f77b4")
        if not isinstance(item.avatar, bytes) or len(item.avatar) > MAX_AVATAR_BYTES:
            problems.append(f"{what} avatar is too large")
        if not isinstance(item.on_map, bool):
            problems.append(f"{what} on_map must be true or false")
    elif isinstance(item, Stage):
        _text(problems, f"{what} name", item.name, MAX_SHORT_TEXT)
        _text(problems, f"{what} goal", item.goal, MAX_LONG_TEXT)
        _number(problems, f"{what} width", item.width, MIN_STAGE_WIDTH, MAX_STAGE_WIDTH)
    elif isinstance(item, Lane):
        _text(problems, f"{what} name", item.name, MAX_SHORT_TEXT)
        if item.kind not in LANE_KINDS:
            problems.append(f"{what} has unknown kind {item.kind!r}")
        _number(problems, f"{what} height", item.height, MIN_LANE_HEIGHT, MAX_LANE_HEIGHT)
    elif isinstance(item, Card):
        if item.kind not in CARD_KINDS:
            problems.append(f"{what} has unknown kind {item.kind!r}")
        _text(problems, f"{what} title", item.title, MAX_SHORT_TEXT)
        _text(problems, f"{what} description", item.description, MAX_LONG_TEXT)
        _text(problems, f"{what} channel", item.channel, MAX_SHORT_TEXT)
        _text(problems, f"{what} owner", item.owner, MAX_SHORT_TEXT)
        if not isinstance(item.metrics, dict) or len(item.metrics) > 50:
            problems.append(f"{what} metrics must be at most 50 named numbers")
        else:
            for key, value in item.metrics.items():
                _text(problems, f"{what} metric name", key, MAX_SHORT_TEXT)
                _number(problems, f"{what} metric {key!r}", value, -1e12, 1e12)
        if not isinstance(item.personas, list) or len(set(item.personas)) != len(item.personas):
            problems.append(f"{what} personas must be a list without repeats")
        if not isinstance(item.emotion, dict):
            problems.append(f"{what} emotion must map persona ids to scores")
        else:
            for pid, score in item.emotion.items():
                if isinstance(score, bool) or not isinstance(score, (int, float)):
                    problems.append(f"{what} emotion for {pid!r} must be a number")
                elif not is_valid_emotion(float(score)):
                    problems.append(f"{what} emotion for {pid!r} must be 1–5 in halves")
        if not isinstance(item.exit, bool):
            problems.append(f"{what} exit must be true or false")
    elif isinstance(item, Thread):
        _validate_thread(problems, what, item)
    elif isinstance(item, Vote):
        _validate_vote(problems, what, item)
    elif isinstance(item, Flow):
        _text(problems, f"{what} label", item.label, MAX_SHORT_TEXT)
        if not isinstance(item.persona, str):
            problems.append(f"{what} persona must be an id or empty")
        if item.source == item.target:
            problems.append(f"{what} connects a card to itself")
    return problems
