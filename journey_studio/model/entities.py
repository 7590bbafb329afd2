"""The things a journey map is made of, as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_STAGE_WIDTH = 240.0
DEFAULT_LANE_HEIGHT = 96.0
MIN_STAGE_WIDTH = 140.0
MAX_STAGE_WIDTH = 1200.0
MIN_LANE_HEIGHT = 56.0
MAX_LANE_HEIGHT = 1200.0

PERSONA_COLOURS: tuple[str, ...] = ("#1f77b4", "#d95f02", "#7570b3", "#1b9e77", "#e7298a", "#66a61e")


@dataclass
class MapInfo:
    """Map-level facts: what the map is and when it is reviewed."""

    title: str = "Untitled journey"
    description: str = ""
    map_type: str = "current-state"
    objectives: list[str] = field(default_factory=list)
    review_cadence: str = ""
    next_review: str = ""  # ISO date (YYYY-MM-DD) or empty


@dataclass
class Persona:
    """Someone whose journey the map shows."""

    id: str
    name: str
    role: str = ""
    goals: str = ""
    needs: str = ""
    pain_points: str = ""
    quote: str = ""
    colour: str = PERSONA_COLOURS[0]
    avatar: bytes = b""  # PNG bytes, already scaled down; empty for none
    on_map: bool = True  # shown in the map's persona header


@dataclass
class Stage:
    """One column of the map, a phase of the journey."""

    id: str
    name: str
    goal: str = ""
    width: float = DEFAULT_STAGE_WIDTH


@dataclass
class Lane:
    """One row of the map: what kind of content it holds."""

    id: str
    name: str
    kind: str = "notes"
    height: float = DEFAULT_LANE_HEIGHT


@dataclass
class Card:
    """A note placed in one (stage, lane) cell."""

    id: str
    kind: str
    stage: str
    lane: str
    title: str = ""
    description: str = ""
    channel: str = ""
    owner: str = ""
    metrics: dict[str, float] = field(default_factory=dict)
    personas: list[str] = field(default_factory=list)  # empty means everyone
    emotion: dict[str, float] = field(default_factory=dict)  # persona id -> 1..5
    exit: bool = False


@dataclass
class Flow:
    """A directed connection between two touchpoint cards."""

    id: str
    source: str
    target: str
    persona: str = ""
    label: str = ""
