"""The flat layout: one card per row under a header naming the columns."""

from __future__ import annotations

from collections.abc import Callable

from journey_studio.model import DEFAULT_CARD_KIND, Card, Document, Lane, Stage, new_id
from journey_studio.model.validate import validate_entity

from .spreadsheet_cells import Rows, SpreadsheetError
from .spreadsheet_values import (
    DEFAULT_PERSONA,
    CellValueError,
    PersonaBook,
    card_kind,
    format_metrics,
    format_scores,
    heading_names,
    lane_header,
    lane_kind,
    metrics,
    names_list,
    persona_names,
    words,
    yes_no,
)

COLUMNS = (
    "stage",
    "lane",
    "lane kind",
    "kind",
    "title",
    "description",
    "channel",
    "owner",
    "personas",
    "emotion",
    "metrics",
    "exit",
)
REQUIRED = ("stage", "lane", "title")
_ALIASES = {
    "card kind": "kind",
    "type": "kind",
    "card type": "kind",
    "lane type": "lane kind",
    "persona": "personas",
    "emotions": "emotion",
    "score": "emotion",
    "scores": "emotion",
    "metric": "metrics",
}
_CARD_FIELDS = ("kind", "title", "description", "channel", "owner", "personas", "emotion", "metrics", "exit")


def header_columns(row: list[str]) -> dict[str, int]:
    """Known column name → index; unknown headings are left out."""
    found: dict[str, int] = {}
    for index, heading in enumerate(row):
        name = _ALIASES.get(words(heading), words(heading))
        if name in COLUMNS:
            if name in found:
                raise SpreadsheetError(0, index + 1, f"the column {name!r} appears twice")
            found[name] = index
    return found


def is_flat_header(row: list[str]) -> bool:
    names = {_ALIASES.get(words(h), words(h)) for h in row}
    return all(name in names for name in REQUIRED)


class _Reader:
    """Builds stages, lanes, personas and cards row by row."""

    def __init__(self, columns: dict[str, int], header_width: int) -> None:
        self.columns = columns
        self.width = header_width
        self.stages: dict[str, Stage] = {}
        self.lanes: dict[str, Lane] = {}
        self.explicit: dict[str, str] = {}  # lane name → kind named in the lane kind column
        self.book = PersonaBook()
        self.cards: list[Card] = []

    def read(self, number: int, row: list[str], header: list[str]) -> None:
        for index, text in enumerate(row):
            if text.strip() and (index >= self.width or not header[index].strip()):
                raise SpreadsheetError(number, index + 1, "this cell has no column heading in the header row")

        def cell(name: str) -> str:
            index = self.columns.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        def fail(name: str, reason: str) -> SpreadsheetError:
            return SpreadsheetError(number, self.columns.get(name, -1) + 1, reason)

        stage_name, lane_name = cell("stage"), cell("lane")
        is_card = any(cell(name) for name in _CARD_FIELDS)
        if is_card and not stage_name:
            raise fail("stage", "a card needs a stage")
        if is_card and not lane_name:
            raise fail("lane", "a card needs a lane")
        if stage_name and stage_name not in self.stages:
            self.stages[stage_name] = Stage(new_id("stage"), stage_name)
            self._check(number, "stage", self.stages[stage_name])
        if lane_name:
            self._lane(number, lane_name, cell("lane kind"), fail)
        if not is_card:
            return  # a row that only declares a stage or a lane
        lane = self.lanes[lane_name]
        kind = card_kind(cell("kind")) if cell("kind") else DEFAULT_CARD_KIND[lane.kind]
        if kind is None:
            raise fail(
                "kind",
                f"unknown card kind {cell('kind')!r}; use one of {', '.join(DEFAULT_CARD_KIND.values())}",
            )
        listed = names_list(cell("personas"))
        personas = [self.book.id_for(name) for name in listed]
        try:
            emotion = self.book.scores(
                cell("emotion"), bare=listed[0] if len(listed) == 1 else DEFAULT_PERSONA
            )
        except CellValueError as problem:
            raise fail("emotion", str(problem)) from None
        try:
            values = metrics(cell("metrics"))
        except CellValueError as problem:
            raise fail("metrics", str(problem)) from None
        try:
            leaves = yes_no(cell("exit"))
        except CellValueError as problem:
            raise fail("exit", str(problem)) from None
        card = Card(
            new_id("card"),
            kind,
            self.stages[stage_name].id,
            lane.id,
            title=cell("title"),
            description=cell("description"),
            channel=cell("channel"),
            owner=cell("owner"),
            metrics=values,
            personas=personas,
            emotion=emotion,
            exit=leaves,
        )
        self._check(number, "title", card)
        self.cards.append(card)

    def _lane(
        self, number: int, name: str, kind_text: str, fail: Callable[[str, str], SpreadsheetError]
    ) -> None:
        kind = lane_kind(kind_text) if kind_text else None
        if kind_text and kind is None:
            raise fail("lane kind", f"unknown lane kind {kind_text!r}")
        if name in self.lanes:
            if kind and self.explicit.setdefault(name, kind) != kind:
                raise fail("lane kind", f"lane {name!r} was given the kind {self.explicit[name]!r} before")
            return
        guessed_name, guessed_kind = lane_header(name)
        self.lanes[name] = Lane(new_id("lane"), guessed_name if not kind else name, kind or guessed_kind)
        if kind:
            self.explicit[name] = kind
        self._check(number, "lane", self.lanes[name])

    def _check(self, number: int, column: str, item: Stage | Lane | Card) -> None:
        problems = validate_entity(item)
        if not problems:
            return
        problem = problems[0].replace(f"{type(item).__name__.lower()} {item.id!r} ", "")
        for name in COLUMNS:
            if problem.startswith(name) or f" {name} " in f" {problem} ":
                column = name if name in self.columns else column
                break
        raise SpreadsheetError(number, self.columns.get(column, -1) + 1, problem)


def read_flat(rows: Rows) -> Document:
    """A new map from flat-layout cells (one card per row)."""
    top = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    if top is None:
        raise SpreadsheetError(0, 0, "the sheet is empty")
    header = rows[top]
    try:
        columns = header_columns(header)
    except SpreadsheetError as error:
        raise SpreadsheetError(top + 1, error.column, error.reason) from None
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise SpreadsheetError(top + 1, 0, f"the header row needs a {missing[0]!r} column")
    reader = _Reader(columns, len(header))
    for number in range(top + 1, len(rows)):
        if any(cell.strip() for cell in rows[number]):
            reader.read(number + 1, rows[number], header)
    lanes = list(reader.lanes.values())
    return Document(None, reader.book.personas, list(reader.stages.values()), lanes, reader.cards)


def flat_rows(doc: Document) -> Rows:
    """The map as flat-layout cells; rows that only name a stage or lane keep order and empty ones."""
    names = persona_names(doc)
    stages = heading_names([(s.id, s.name) for s in doc.stages], "Stage", distinct=True)
    lanes = heading_names([(lane.id, lane.name) for lane in doc.lanes], "Lane", distinct=True)
    blank = [""] * len(COLUMNS)
    rows: Rows = [list(COLUMNS)]
    cards = [c for s in doc.stages for lane in doc.lanes for c in doc.cell_cards(s.id, lane.id)]
    if [s.id for s in doc.stages] != list(dict.fromkeys(c.stage for c in cards)):
        rows += [[stages[s.id], *blank[1:]] for s in doc.stages]
    if [lane.id for lane in doc.lanes] != list(dict.fromkeys(c.lane for c in cards)):
        rows += [["", lanes[lane.id], lane.kind, *blank[3:]] for lane in doc.lanes]
    for card in cards:
        rows.append(
            [
                stages[card.stage],
                lanes[card.lane],
                doc.lanes[card.lane].kind,
                card.kind,
                card.title.strip(),
                card.description.strip(),
                card.channel.strip(),
                card.owner.strip(),
                "; ".join(names[p] for p in card.personas),
                format_scores(card.emotion, names),
                format_metrics(card.metrics),
                "yes" if card.exit else "",
            ]
        )
    return rows
