"""Where everything on a map goes: one geometry shared by the canvas and every exporter."""

from .geometry import MapLayout, Rect, compute_layout
from .metrics import (
    CARD_GAP,
    CARD_HEIGHT,
    CELL_PADDING,
    LANE_HEADER_WIDTH,
    PERSONA_HEADER_HEIGHT,
    STAGE_HEADER_HEIGHT,
    TITLE_HEIGHT,
)

__all__ = [
    "CARD_GAP",
    "CARD_HEIGHT",
    "CELL_PADDING",
    "LANE_HEADER_WIDTH",
    "PERSONA_HEADER_HEIGHT",
    "STAGE_HEADER_HEIGHT",
    "TITLE_HEIGHT",
    "MapLayout",
    "Rect",
    "compute_layout",
]
