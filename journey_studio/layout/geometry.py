"""Compute the rectangles of title, persona header, stage headers, lanes, cells and cards."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..model import Document
from .metrics import (
    CARD_GAP,
    CARD_HEIGHT,
    CELL_PADDING,
    EMOTION_LANE_MIN_HEIGHT,
    LANE_HEADER_WIDTH,
    MARGIN,
    PERSONA_CHIP_WIDTH,
    PERSONA_HEADER_HEIGHT,
    STAGE_HEADER_HEIGHT,
    TITLE_HEIGHT,
)


class Rect(NamedTuple):
    """An axis-aligned rectangle (a tuple: cheap to make by the thousand)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom


EMPTY = Rect(0.0, 0.0, 0.0, 0.0)


@dataclass
class MapLayout:
    """The geometry of one map. Lookups by id; cells keyed by (stage id, lane id)."""

    width: float = 0.0
    height: float = 0.0
    title: Rect = EMPTY
    persona_header: Rect = EMPTY
    corner: Rect = EMPTY
    stage_headers: dict[str, Rect] = field(default_factory=dict)
    columns: dict[str, Rect] = field(default_factory=dict)
    lane_headers: dict[str, Rect] = field(default_factory=dict)
    lanes: dict[str, Rect] = field(default_factory=dict)
    cells: dict[tuple[str, str], Rect] = field(default_factory=dict)
    cards: dict[str, Rect] = field(default_factory=dict)
    persona_chips: dict[str, Rect] = field(default_factory=dict)
    grid: Rect = EMPTY

    def cell_at(self, x: float, y: float) -> tuple[str, str] | None:
        """The (stage, lane) cell under a point, or None outside the grid."""
        stage = next((sid for sid, r in self.columns.items() if r.x <= x < r.right), None)
        lane = next((lid for lid, r in self.lanes.items() if r.y <= y < r.bottom), None)
        if stage is None or lane is None:
            return None
        return stage, lane

    def position_in_cell(self, cell: tuple[str, str], card_ids: list[str], y: float) -> int:
        """Where in a cell's list of cards a card dropped at height ``y`` goes."""
        for index, card_id in enumerate(card_ids):
            rect = self.cards.get(card_id)
            if rect is not None and y < rect.center[1]:
                return index
        return len(card_ids)

    def stage_index_at(self, x: float, order: list[str]) -> int:
        """The index a stage header dropped at ``x`` takes among ``order``."""
        for index, stage_id in enumerate(order):
            if x < self.columns[stage_id].center[0]:
                return index
        return len(order) - 1

    def lane_index_at(self, y: float, order: list[str]) -> int:
        """The index a lane header dropped at ``y`` takes among ``order``."""
        for index, lane_id in enumerate(order):
            if y < self.lanes[lane_id].center[1]:
                return index
        return len(order) - 1


def cell_content_height(card_count: int) -> float:
    """Height a cell needs to show ``card_count`` stacked cards."""
    if card_count == 0:
        return 0.0
    return 2 * CELL_PADDING + card_count * CARD_HEIGHT + (card_count - 1) * CARD_GAP


def compute_layout(doc: Document) -> MapLayout:
    """Lay out the whole map: columns from stage widths, lanes grown to fit their fullest cell."""
    layout = MapLayout()
    stages = list(doc.stages)
    lanes = list(doc.lanes)
    per_cell: dict[tuple[str, str], list[str]] = {}
    for card in doc.cards:
        per_cell.setdefault((card.stage, card.lane), []).append(card.id)

    left = MARGIN + LANE_HEADER_WIDTH
    grid_width = sum(s.width for s in stages)
    top = MARGIN
    layout.title = Rect(MARGIN, top, LANE_HEADER_WIDTH + grid_width, TITLE_HEIGHT)
    top += TITLE_HEIGHT
    layout.persona_header = Rect(
        MARGIN, top, max(LANE_HEADER_WIDTH + grid_width, 400.0), PERSONA_HEADER_HEIGHT
    )
    chip_x = MARGIN
    for persona in doc.personas:
        if persona.on_map:
            layout.persona_chips[persona.id] = Rect(
                chip_x, top + 6, PERSONA_CHIP_WIDTH, PERSONA_HEADER_HEIGHT - 12
            )
            chip_x += PERSONA_CHIP_WIDTH + 12
    top += PERSONA_HEADER_HEIGHT
    layout.corner = Rect(MARGIN, top, LANE_HEADER_WIDTH, STAGE_HEADER_HEIGHT)
    header_top = top
    top += STAGE_HEADER_HEIGHT

    lane_heights: dict[str, float] = {}
    for lane in lanes:
        fullest = max((len(per_cell.get((s.id, lane.id), ())) for s in stages), default=0)
        floor = EMOTION_LANE_MIN_HEIGHT if lane.kind == "emotion" else 0.0
        lane_heights[lane.id] = max(lane.height, floor, cell_content_height(fullest))
    grid_height = sum(lane_heights.values())

    x = left
    for stage in stages:
        layout.stage_headers[stage.id] = Rect(x, header_top, stage.width, STAGE_HEADER_HEIGHT)
        layout.columns[stage.id] = Rect(x, top, stage.width, grid_height)
        x += stage.width

    y = top
    for lane in lanes:
        height = lane_heights[lane.id]
        layout.lane_headers[lane.id] = Rect(MARGIN, y, LANE_HEADER_WIDTH, height)
        layout.lanes[lane.id] = Rect(left, y, grid_width, height)
        for stage in stages:
            column = layout.columns[stage.id]
            cell = Rect(column.x, y, column.width, height)
            layout.cells[(stage.id, lane.id)] = cell
            card_y = y + CELL_PADDING
            for card_id in per_cell.get((stage.id, lane.id), ()):
                layout.cards[card_id] = Rect(
                    cell.x + CELL_PADDING, card_y, cell.width - 2 * CELL_PADDING, CARD_HEIGHT
                )
                card_y += CARD_HEIGHT + CARD_GAP
        y += height

    layout.grid = Rect(left, top, grid_width, grid_height)
    layout.width = left + grid_width + MARGIN
    layout.height = y + MARGIN
    return layout
