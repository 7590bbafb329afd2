"""Colours and type of the map, shared by the canvas and the exporters (hex strings, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

FONT_FAMILIES = ("DejaVu Sans", "Helvetica", "Arial", "sans-serif")

INK = "#1f2a37"
MUTED_INK = "#5b6775"
PAPER = "#ffffff"
GRID_LINE = "#dde3ea"
BAND_EVEN = "#f7f9fb"
BAND_ODD = "#ffffff"
STAGE_FILL = "#2f3e4e"
STAGE_INK = "#ffffff"
STAGE_GOAL_INK = "#c9d3dd"
LANE_FILL = "#eef2f6"
SELECTION = "#2563eb"
DROP_TARGET = "#2563eb"


@dataclass(frozen=True)
class CardStyle:
    """How one kind of card looks."""

    fill: str
    accent: str


CARD_STYLES: dict[str, CardStyle] = {
    "touchpoint": CardStyle("#e8f1fd", "#1e6fd9"),
    "action": CardStyle("#efebfa", "#6a46c4"),
    "thought": CardStyle("#fff8dc", "#c99400"),
    "pain_point": CardStyle("#fdecec", "#d93636"),
    "opportunity": CardStyle("#e7f6ea", "#2e9a4b"),
    "note": CardStyle("#f3f4f6", "#6b7280"),
    "metric": CardStyle("#e4f6f8", "#0e8594"),
}

LANE_ACCENTS: dict[str, str] = {
    "touchpoints": "#1e6fd9",
    "actions": "#6a46c4",
    "thoughts": "#c99400",
    "emotion": "#e0568a",
    "pain_points": "#d93636",
    "opportunities": "#2e9a4b",
    "backstage": "#55606e",
    "metrics": "#0e8594",
    "notes": "#6b7280",
}
