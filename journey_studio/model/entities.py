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
    # gap-check findings marked as intended: finding key -> the reason given (may be empty)
    acknowledged: dict[str, str] = field(default_factory=dict)


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


@dataclass
class Comment:
    """One message in a comment thread."""

    author: str
    time: str  # ISO 8601 in UTC, e.g. 2026-11-23T14:05:00Z
    text: str


@dataclass
class Thread:
    """A conversation about the map, a stage, a lane or a card; resolved when settled."""

    id: str
    target: str  # a card, stage or lane id, or "map"
    comments: list[Comment] = field(default_factory=list)
    resolved: bool = False


@dataclass
class Vote:
    """A dot vote: participants spend a number of dots each on candidate cards."""

    id: str
    name: str
    date: str  # YYYY-MM-DD
    candidates: list[str] = field(default_factory=list)  # card ids
    dots_per_participant: int = 3
    participants: list[str] = field(default_factory=list)
    dots: dict[str, list[str]] = field(default_factory=dict)  # participant -> card ids (repeats count)
    closed: bool = False

    def totals(self) -> dict[str, int]:
        """Dots per candidate card."""
        counts = dict.fromkeys(self.candidates, 0)
        for cards in self.dots.values():
            for card_id in cards:
                counts[card_id] = counts.get(card_id, 0) + 1
        return counts
