"""The grid layout: stages across the first row, lanes down the first column, cards in the cells.

Emotion rows hold feelings as text and scores as numbers; the scores belong to the stage's
touchpoints (rules in docs/spreadsheets.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journey_studio.model import DEFAULT_CARD_KIND, Card, Document, Lane, Stage, new_id
from journey_studio.model.validate import validate_entity

from .spreadsheet_cells import Rows, SpreadsheetError
from .spreadsheet_values import (
    CellValueError,
    PersonaBook,
    format_scores,
    heading_names,
    is_score_line,
    lane_header,
    lane_heading,
    persona_names,
)


@dataclass
class _ScoreCell:
    """Score lines of one emotion cell, placed once every touchpoint is known."""

    row: int
    column: int
    stage: str
    lane: str
    lines: list[dict[str, float] | None]  # None for "-"


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _stages(rows: Rows, top: int) -> list[tuple[int, Stage]]:
    """(column index, stage) for every named column of the header row."""
    header = rows[top]
    if not any(cell.strip() for cell in header[1:]):
        raise SpreadsheetError(top + 1, 2, "the first row needs stage names from column B on")
    width = max(len(row) for row in rows)
    found: list[tuple[int, Stage]] = []
    for index in range(1, width):
        name = _cell(header, index).strip()
        if name:
            found.append((index, Stage(new_id("stage"), name)))
            _valid(top + 1, index + 1, found[-1][1])
            continue
        for number in range(top + 1, len(rows)):
            if _cell(rows[number], index).strip():
                if index >= len(header) or not any(c.strip() for c in header[index:]):
                    reason = f"this cell is outside the stages named in row {top + 1}"
                else:
                    reason = f"this column has cards but no stage name in row {top + 1}"
                raise SpreadsheetError(number + 1, index + 1, reason)
    return found


def _valid(row: int, column: int, item: Stage | Lane | Card) -> None:
    problems = validate_entity(item)
    if problems:
        raise SpreadsheetError(
            row, column, problems[0].replace(f"{type(item).__name__.lower()} {item.id!r} ", "")
        )


def read_grid(rows: Rows) -> Document:
    """A new map from grid-layout cells."""
    top = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    if top is None:
        raise SpreadsheetError(0, 0, "the sheet is empty")
    stages = _stages(rows, top)
    book = PersonaBook()
    lanes: list[Lane] = []
    items: list[Card | _ScoreCell] = []
    for number in range(top + 1, len(rows)):
        row = rows[number]
        if not any(c.strip() for c in row):
            continue
        if not _cell(row, 0).strip():
            raise SpreadsheetError(number + 1, 1, "this row has cards but no lane name")
        name, kind = lane_header(_cell(row, 0))
        lane = Lane(new_id("lane"), name, kind)
        _valid(number + 1, 1, lane)
        lanes.append(lane)
        for index, stage in stages:
            score_lines: list[dict[str, float] | None] = []
            for line in _lines(_cell(row, index)):
                if kind == "emotion" and is_score_line(line):
                    try:
                        score_lines.append(None if line == "-" else book.scores(line))
                    except CellValueError as problem:
                        raise SpreadsheetError(number + 1, index + 1, str(problem)) from None
                    continue
                card = Card(new_id("card"), DEFAULT_CARD_KIND[kind], stage.id, lane.id, title=line)
                _valid(number + 1, index + 1, card)
                items.append(card)
            if score_lines:
                items.append(_ScoreCell(number + 1, index + 1, stage.id, lane.id, score_lines))
    touchpoint_lanes = {lane.id for lane in lanes if lane.kind == "touchpoints"}
    cards: list[Card] = []
    for item in items:
        if isinstance(item, Card):
            cards.append(item)
            continue
        targets = [
            c for c in items if isinstance(c, Card) and c.stage == item.stage and c.lane in touchpoint_lanes
        ]
        if not targets:  # nothing to score: the scores stay on untitled cards of the emotion lane
            kind = DEFAULT_CARD_KIND["emotion"]
            for scores in item.lines:
                if scores:
                    cards.append(Card(new_id("card"), kind, item.stage, item.lane, emotion=scores))
            continue
        if len(item.lines) == 1:
            pairs = [(card, item.lines[0]) for card in targets]
        elif len(item.lines) == len(targets):
            pairs = list(zip(targets, item.lines, strict=True))
        else:
            raise SpreadsheetError(
                item.row,
                item.column,
                f"{len(item.lines)} score lines but {len(targets)} touchpoints in this stage; "
                "write one line for all of them or one per touchpoint (- for none)",
            )
        for card, scores in pairs:
            card.emotion.update(scores or {})
    return Document(None, book.personas, [s for _, s in stages], lanes, cards)


def _title(card: Card) -> str:
    """The card as one line of its cell (line breaks would split it into several cards)."""
    return re.sub(r"\s*[\r\n]+\s*", " ", card.title).strip()


def _touchpoint_scores(doc: Document, stage: str, names: dict[str, str]) -> list[str]:
    """Score lines for the cards of touchpoint lanes in this stage (one line when all agree)."""
    targets = [
        card
        for lane in doc.lanes
        if lane.kind == "touchpoints"
        for card in doc.cell_cards(stage, lane.id)
        if _title(card)
    ]
    lines = [format_scores(card.emotion, names, bare=True) for card in targets]
    if not any(lines):
        return []
    if len(set(lines)) == 1:
        return lines[:1]
    return [line or "-" for line in lines]


def grid_rows(doc: Document) -> Rows:
    """The map as grid-layout cells."""
    names = persona_names(doc)
    stages = list(doc.stages)
    stage_names = heading_names([(s.id, s.name) for s in stages], "Stage", distinct=False)
    lane_names = heading_names([(lane.id, lane.name) for lane in doc.lanes], "Lane", distinct=False)
    rows: Rows = [["", *(stage_names[s.id] for s in stages)]]
    scored = [_touchpoint_scores(doc, s.id, names) for s in stages]
    emotion_lanes = [lane.id for lane in doc.lanes if lane.kind == "emotion"]
    for lane in doc.lanes:
        row = [lane_heading(lane_names[lane.id], lane.kind)]
        for stage, score_lines in zip(stages, scored, strict=True):
            lines: list[str] = []
            for card in doc.cell_cards(stage.id, lane.id):
                if _title(card):
                    lines.append(_title(card))
                elif lane.kind == "emotion" and card.emotion and not score_lines:
                    lines.append(format_scores(card.emotion, names, bare=True))
            if emotion_lanes and lane.id == emotion_lanes[0]:
                lines += score_lines
            row.append("\n".join(lines))
        rows.append(row)
    if not emotion_lanes and any(scored):
        rows.append(["Emotion", *("\n".join(lines) for lines in scored)])
    return rows
