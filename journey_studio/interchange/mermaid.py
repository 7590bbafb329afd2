"""Mermaid ``journey`` diagrams in and out: sections are stages, tasks are touchpoint cards.

The rules (what maps to what, scores, merging of split tasks, escaping) are in docs/mermaid.md.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

from journey_studio.model import Card, Document, Flow, Lane, MapInfo, Persona, Stage, new_id
from journey_studio.model.entities import PERSONA_COLOURS
from journey_studio.model.validate import validate_entity, validate_info

from .mermaid_markdown import extract_mermaid_blocks, find_mermaid_blocks
from .mermaid_syntax import WS, JourneyText, MermaidError, TaskLine, display_text, is_journey, read_journey
from .mermaid_syntax import strip_js as _strip
from .naming import unique_persona_names

__all__ = ["MermaidError", "extract_mermaid_blocks", "parse_markdown", "parse_mermaid", "write_mermaid"]

SCORE_METRIC = "score"  # where the score of a task without actors is kept
NEUTRAL_SCORE = 3  # written for a touchpoint that has no score (Mermaid needs one)
CARD_BREAK = "%% next card"  # keeps two same-named neighbours apart on the way back
_NUMBER = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_RADIX = {"0x": 16, "0o": 8, "0b": 2}
_KEYWORDS = ("journey", "title", "section", "acctitle", "accdescr")


# ---- reading ---------------------------------------------------------------------------------
def _js_number(text: str) -> float:
    """JavaScript's ``Number(text)`` for the strings a score can be (NaN when not a number)."""
    text = _strip(text)
    if not text:
        return 0.0
    if _NUMBER.fullmatch(text):
        return float(text.replace("Infinity", "inf"))
    prefix = text[:2].lower()
    if prefix in _RADIX and re.fullmatch(r"[0-9a-fA-F]+", text[2:]):
        try:
            return float(int(text[2:], _RADIX[prefix]))
        except ValueError:
            return math.nan
    return math.nan


def _score(task: TaskLine, text: str) -> int:
    """The task's score, checked as Mermaid checks it: a whole number from 0 to 5."""
    shown = _strip(text)
    if not shown:
        raise MermaidError(task.line, "a task needs a score after the colon")
    value = _js_number(shown)
    if math.isnan(value):
        raise MermaidError(task.line, f"the score {shown!r} is not a number; use a whole number from 0 to 5")
    if not value.is_integer():
        raise MermaidError(task.line, f"the score {shown} is not a whole number; use 0 to 5")
    if not 0 <= value <= 5:
        raise MermaidError(task.line, f"the score {shown} is outside 0 to 5")
    return int(value)


@dataclass
class _Draft:
    """A card being assembled from one or more task lines."""

    line: int
    stage: int
    title: str
    actors: list[str] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    everyone: int | None = None
    last_line: int = 0


def _drafts(parsed: JourneyText) -> list[_Draft]:
    """Task lines grouped into cards: neighbours of one name with different actors merge."""
    drafts: list[_Draft] = []
    for task in parsed.tasks:
        pieces = task.data.split(":")
        score = _score(task, pieces[0])
        actors = [] if len(pieces) == 1 else [display_text(p, False) for p in pieces[1].split(",")]
        actors = list(dict.fromkeys(a for a in actors if a))
        title = display_text(task.name, True)
        last = drafts[-1] if drafts else None
        if not (
            last is not None
            and last.stage == task.section
            and last.title == title
            and not any(last.last_line < n < task.line for n in parsed.comment_lines)
            and not (set(actors) & set(last.scores))
            and (actors or last.everyone is None)
        ):
            last = _Draft(task.line, task.section, title)
            drafts.append(last)
        last.last_line = task.line
        if not actors:
            last.everyone = score
        for actor in actors:
            last.actors.append(actor)
            last.scores[actor] = score
    return drafts


def _utf16_order(name: str) -> bytes:
    return name.encode("utf-16-be", "surrogatepass")


def parse_mermaid(text: str) -> Document:
    """A new map from the text of a Mermaid ``journey`` diagram; MermaidError names the line."""
    parsed = read_journey(text.removeprefix("\ufeff"))
    drafts = _drafts(parsed)
    title = display_text(parsed.title, False) or display_text(parsed.acc_title, False)
    info = MapInfo(title=title or MapInfo().title, description=display_text(parsed.acc_descr, False))
    problems = validate_info(info)
    if problems:
        raise MermaidError(0, problems[0])
    stages: list[Stage] = []
    stage_ids: dict[int, str] = {}
    if any(task.section == -1 for task in parsed.tasks):
        stages.append(Stage(new_id("stage"), ""))  # tasks before any section, as Mermaid allows
        stage_ids[-1] = stages[-1].id
    for index, (line, raw) in enumerate(parsed.sections):
        stages.append(Stage(new_id("stage"), display_text(raw, True)))
        stage_ids[index] = stages[-1].id
        _check(line, stages[-1])
    touchpoints = Lane(new_id("lane"), "Touchpoints", "touchpoints")
    emotion = Lane(new_id("lane"), "Emotion", "emotion")
    names = sorted({a for d in drafts for a in d.actors}, key=_utf16_order)  # Mermaid's legend order
    personas = [
        Persona(new_id("persona"), n, colour=PERSONA_COLOURS[i % len(PERSONA_COLOURS)])
        for i, n in enumerate(names)
    ]
    persona_ids = {p.name: p.id for p in personas}
    cards: list[Card] = []
    for draft in drafts:
        card = Card(
            new_id("card"),
            "touchpoint",
            stage_ids[draft.stage],
            touchpoints.id,
            title=draft.title,
            personas=[persona_ids[a] for a in draft.actors],
            emotion={persona_ids[a]: float(max(1, s)) for a, s in draft.scores.items()},
            metrics={} if draft.everyone is None else {SCORE_METRIC: float(draft.everyone)},
        )
        _check(draft.line, card)
        cards.append(card)
    flows = [Flow(new_id("flow"), a.id, b.id) for a, b in itertools.pairwise(cards)]
    return Document(info, personas, stages, [touchpoints, emotion], cards, flows)


def _check(line: int, item: Stage | Card) -> None:
    problems = validate_entity(item)
    if problems:
        raise MermaidError(line, problems[0].replace(f"{type(item).__name__.lower()} {item.id!r} ", ""))


def parse_markdown(text: str, block: int | None = None) -> Document:
    """The map in a Markdown file's first ```mermaid journey block, or in block ``block`` (1-based)."""
    blocks = find_mermaid_blocks(text)
    if block is None:
        journeys = [b for b in blocks if is_journey(b[1])]
        if not journeys:
            raise MermaidError(0, f"no mermaid journey block found among {len(blocks)} mermaid block(s)")
        first_line, body = journeys[0]
    else:
        if not 1 <= block <= len(blocks):
            raise MermaidError(0, f"there is no mermaid block {block}; the text has {len(blocks)}")
        first_line, body = blocks[block - 1]
        if not is_journey(body):
            raise MermaidError(first_line, f"mermaid block {block} is not a journey diagram")
    try:
        return parse_mermaid(body)
    except MermaidError as error:
        raise MermaidError(error.line + first_line - 1 if error.line else 0, error.reason) from None


# ---- writing ---------------------------------------------------------------------------------
def _escape(text: str, special: str, newline: str) -> str:
    """Entity codes (#58;) for what the lexer would read as syntax; newlines become ``newline``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for index, char in enumerate(text):
        after = text[index + 1 : index + 2]
        if char in special or char in "#;\ufdd0\ufdd1" or (char == "<" and re.match(r"\w", after, re.A)):
            out.append(f"#{ord(char)};")
        elif char == "%" and out and out[-1].endswith("%"):
            out.append("#37;")  # "%%" would start a comment
        elif char == "\n":
            out.append(newline)
        else:
            out.append(char)
    return "".join(out)


def _task_name(title: str) -> str:
    name = _escape(_strip(title), ":", "<br>")
    if name.lower().startswith(_KEYWORDS):  # would be read as a keyword, not a task
        name = f"#{ord(name[0])};{name[1:]}"
    return name or "#32;"


def _score_text(score: float) -> int:
    """A 1–5 half score as Mermaid's whole number: halves round away from 3 (keeps the face)."""
    return math.floor(score) if score < 3 else math.ceil(score)


def _actor_names(doc: Document) -> dict[str, str]:
    """Persona id → actor name, on one line; blank names get one and repeated names are told apart."""
    return unique_persona_names(doc, lambda name: _strip(re.sub(r"\r\n|[\r\n]", " ", name)))


def _task_lines(card: Card, actors: dict[str, str]) -> list[str]:
    """One line per distinct score, each naming the actors who gave it; actorless score last."""
    groups: dict[int, list[str]] = {}
    for pid, score in card.emotion.items():
        groups.setdefault(_score_text(score), []).append(_escape(actors[pid], ":,", " "))
    name = _task_name(card.title)
    lines = [f"{name}: {score}: {', '.join(names)}" for score, names in groups.items()]
    everyone = card.metrics.get(SCORE_METRIC)
    if everyone is not None and 0 <= everyone <= 5 and float(everyone * 2).is_integer():
        lines.append(f"{name}: {_score_text(everyone)}")
    if not lines:
        names = [_escape(actors[p], ":,", " ") for p in card.personas]
        lines.append(f"{name}: {NEUTRAL_SCORE}" + (f": {', '.join(names)}" if names else ""))
    return lines


def stage_path(doc: Document, stage_id: str) -> list[Card]:
    """The stage's touchpoint cards in path order: along flows inside the stage, else display order."""
    cards = [c for c in doc.cards if c.stage == stage_id and c.kind == "touchpoint"]
    ids = {c.id for c in cards}
    following: dict[str, list[str]] = {c.id: [] for c in cards}
    preceding: dict[str, set[str]] = {c.id: set() for c in cards}
    for flow in doc.flows:
        if flow.source in ids and flow.target in ids:
            following[flow.source].append(flow.target)
            preceding[flow.target].add(flow.source)
    order: list[str] = []
    seen: set[str] = set()

    def walk(card_id: str | None) -> None:
        while card_id is not None and card_id not in seen:
            order.append(card_id)
            seen.add(card_id)
            card_id = next((t for t in following[card_id] if t not in seen), None)

    for card in cards:
        if not preceding[card.id] - seen:
            walk(card.id)
    for card in cards:  # what is left sits on a loop
        walk(card.id)
    return [doc.cards[i] for i in order]


def write_mermaid(doc: Document) -> str:
    """The map as a Mermaid ``journey`` diagram (stages → sections, touchpoints → tasks)."""
    lines = ["journey"]
    title = " ".join(_strip(doc.info.title).split())
    if title and title != MapInfo().title:  # the placeholder comes back by itself
        lines.append(f"    title {_escape(title, '', ' ')}")
    description = re.sub(f"\\n[{WS}]+", "\n", _strip(doc.info.description))
    if "\n" in description:
        body = [f"        {_escape(line, '}', '')}" for line in description.split("\n")]
        lines += ["    accDescr {", *body, "    }"]
    elif description:
        lines.append(f"    accDescr: {_escape(description, '', '')}")
    actors = _actor_names(doc)
    for index, stage in enumerate(doc.stages):
        cards = stage_path(doc, stage.id)
        name = _escape(_strip(stage.name), ":", "<br>")
        if name or index or not cards:  # a nameless first stage holds the tasks before any section
            lines.append(f"    section {name or '#32;'}")
        previous = None
        for card in cards:
            title = _strip(card.title.replace("\r\n", "\n").replace("\r", "\n"))
            if title == previous:
                lines.append(f"      {CARD_BREAK}")
            lines += [f"      {line}" for line in _task_lines(card, actors)]
            previous = title
    return "\n".join(lines) + "\n"
