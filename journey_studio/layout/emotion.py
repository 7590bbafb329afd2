"""The emotion curves: one point per scored touchpoint, a smooth monotone curve per persona."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from ..model import Document
from ..model.kinds import EMOTION_MAX, EMOTION_MIN
from .geometry import MapLayout, Rect

CURVE_PADDING = 22.0  # space above score 5 and below score 1 inside the lane
PAIN_THRESHOLD = 2.0
EYE = 1.6  # the radius of a face's eyes, white disks
MARKERS = ("circle", "square", "diamond", "triangle", "hexagon", "star")
DASHES: tuple[tuple[float, ...], ...] = (
    (),
    (7.0, 4.0),
    (2.0, 3.0),
    (9.0, 3.0, 2.0, 3.0),
    (4.0, 4.0),
    (1.0, 2.0),
)


class CurvePoint(NamedTuple):
    """One persona's score at one touchpoint (a tuple: maps have thousands)."""

    card_id: str
    x: float
    y: float
    score: float


@dataclass
class EmotionCurve:
    """A persona's curve: its points left to right and the cubic Bézier segments between them."""

    persona_id: str
    colour: str
    marker: str
    dash: tuple[float, ...]
    points: list[CurvePoint] = field(default_factory=list)
    # each segment: start, control 1, control 2, end
    segments: list[tuple[tuple[float, float], ...]] = field(default_factory=list)


def emotion_lane(doc: Document, layout: MapLayout) -> Rect | None:
    """The rectangle of the first lane of kind ``emotion`` (where curves are drawn)."""
    lane = next((ln for ln in doc.lanes if ln.kind == "emotion"), None)
    return layout.lanes.get(lane.id) if lane is not None else None


def band(lane: Rect) -> tuple[float, float]:
    """The y of score 5 (top) and of score 1 (bottom) inside an emotion lane."""
    return lane.y + CURVE_PADDING, lane.bottom - CURVE_PADDING


def score_to_y(score: float, lane: Rect) -> float:
    top, bottom = band(lane)
    return bottom - (score - EMOTION_MIN) / (EMOTION_MAX - EMOTION_MIN) * (bottom - top)


def y_to_score(y: float, lane: Rect) -> float:
    """The score at height ``y``, snapped to halves and kept within 1–5."""
    top, bottom = band(lane)
    raw = EMOTION_MIN + (bottom - y) / max(1.0, bottom - top) * (EMOTION_MAX - EMOTION_MIN)
    return max(EMOTION_MIN, min(EMOTION_MAX, round(raw * 2) / 2))


def touchpoint_x(doc: Document, layout: MapLayout) -> dict[str, float]:
    """The x of each touchpoint's curve point: spread across its column in display order."""
    per_stage: dict[str, list[str]] = {}
    for card in doc.cards:
        if card.kind == "touchpoint":
            per_stage.setdefault(card.stage, []).append(card.id)
    positions: dict[str, float] = {}
    for stage_id, card_ids in per_stage.items():
        column = layout.columns.get(stage_id)
        if column is None:
            continue
        for index, card_id in enumerate(card_ids):
            positions[card_id] = spread_x(column, index, len(card_ids))
    return positions


def spread_x(column: Rect, index: int, count: int) -> float:
    """The x of the ``index``-th of ``count`` touchpoints of a column: evenly spread across it."""
    return column.x + column.width * (index + 1) / (count + 1)


def monotone_segments(points: list[tuple[float, float]]) -> list[tuple[tuple[float, float], ...]]:
    """Cubic Bézier segments of the Fritsch–Carlson monotone interpolation (no overshoot)."""
    n = len(points)
    if n < 2:
        return []
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    widths = [max(xs[i + 1] - xs[i], 1e-6) for i in range(n - 1)]
    slopes = [(ys[i + 1] - ys[i]) / widths[i] for i in range(n - 1)]
    tangents = [slopes[0]] + [0.0] * (n - 2) + [slopes[-1]]
    for i in range(1, n - 1):
        if slopes[i - 1] * slopes[i] <= 0:
            tangents[i] = 0.0
        else:
            w1 = 2 * widths[i] + widths[i - 1]
            w2 = widths[i] + 2 * widths[i - 1]
            tangents[i] = (w1 + w2) / (w1 / slopes[i - 1] + w2 / slopes[i])
    segments: list[tuple[tuple[float, float], ...]] = []
    for i in range(n - 1):
        third = widths[i] / 3
        segments.append(
            (
                points[i],
                (xs[i] + third, ys[i] + tangents[i] * third),
                (xs[i + 1] - third, ys[i + 1] - tangents[i + 1] * third),
                points[i + 1],
            )
        )
    return segments


def compute_emotion_curves(doc: Document, layout: MapLayout) -> list[EmotionCurve]:
    """One curve per persona shown on the map, through its scored touchpoints, left to right."""
    tracker = EmotionTracker()
    tracker.update(doc, layout)
    return tracker.curves


def _card_ids(points: dict[str, list[CurvePoint]]) -> set[str]:
    return {point.card_id for entries in points.values() for point in entries}


class EmotionTracker:
    """Keeps a map's emotion curves up to date, redoing the points of only the stages an edit
    touched (a touchpoint's point depends on its column's x and width, its place among the
    stage's touchpoints, its scores and the emotion lane). Columns run left to right in stage
    order, so the stages' points joined in that order are the curve's points left to right.

    When the emotion lane only moved up or down (a lane above it grew), every point moves with
    it: ``moved`` says how far, and only points that did not move just so count as touched.
    """

    def __init__(self) -> None:
        self.curves: list[EmotionCurve] = []
        self.moved = 0.0  # how far the last update moved every point down
        self._frame: tuple[Rect | None, object] | None = None  # the lane and the personas shown
        self._stages: dict[str, tuple[object, dict[str, list[CurvePoint]]]] = {}

    def update(self, doc: Document, layout: MapLayout) -> set[str] | None:
        """Follow the document and ``layout``; return the ids of touchpoints whose points may
        have changed, appeared or gone other than by ``moved`` (None: all of them)."""
        lane = emotion_lane(doc, layout)
        shown = [p for p in doc.personas if p.on_map]
        frame = lane, tuple((p.id, p.colour) for p in shown)
        old_lane, old_shown = self._frame if self._frame is not None else (None, None)
        moved = 0.0
        if lane is not None and old_lane is not None and old_shown == frame[1] and lane != old_lane:
            moved = lane.y - old_lane.y if lane._replace(y=old_lane.y) == old_lane else 0.0
        everything = frame != self._frame and not moved
        self._frame, self.moved = frame, moved
        if lane is None:
            self._stages, self.curves = {}, []
            return None
        per_stage: dict[str, list[tuple[str, tuple[tuple[str, float], ...]]]] = {}
        for card in doc.cards:
            if card.kind == "touchpoint":
                per_stage.setdefault(card.stage, []).append((card.id, tuple(card.emotion.items())))
        ids = {p.id for p in shown}
        heights: dict[float, float] = {}  # score → y in this lane (maps reuse a few scores)
        touched: set[str] = set()
        stages: dict[str, tuple[object, dict[str, list[CurvePoint]]]] = {}
        for stage_id in doc.stages.ids():
            column = layout.columns.get(stage_id)
            cards = per_stage.get(stage_id, [])
            key = (column.x, column.width) if column is not None else None, tuple(cards)
            old = self._stages.get(stage_id)
            same = old is not None and old[0] == key and not everything
            if same and not moved:
                stages[stage_id] = old  # type: ignore[assignment]
                continue
            points: dict[str, list[CurvePoint]] = {p: [] for p in ids}
            if column is not None:
                count = len(cards)
                for index, (card_id, scores) in enumerate(cards):
                    x = spread_x(column, index, count)
                    for persona_id, score in scores:
                        if persona_id in points:
                            y = heights.get(score)
                            if y is None:
                                y = heights[score] = score_to_y(score, lane)
                            points[persona_id].append(CurvePoint(card_id, x, y, score))
            stages[stage_id] = key, points
            if same and old is not None:  # the lane moved: touched are the points that moved otherwise
                touched.update(_moved_otherwise(old[1], points, moved))
                continue
            touched.update(card_id for card_id, _ in cards)
            if old is not None:
                touched.update(_card_ids(old[1]))
        removed = [stage_id for stage_id in self._stages if stage_id not in stages]
        for stage_id in removed:
            touched.update(_card_ids(self._stages[stage_id][1]))
        redo = everything or bool(touched) or bool(removed) or bool(moved)
        self._stages = stages
        if redo:
            self.curves = []
            for index, persona in enumerate(shown):
                marker, dash = MARKERS[index % len(MARKERS)], DASHES[index % len(DASHES)]
                curve = EmotionCurve(persona.id, persona.colour, marker, dash)
                curve.points = [point for _key, lists in stages.values() for point in lists[persona.id]]
                curve.segments = monotone_segments([(p.x, p.y) for p in curve.points])
                self.curves.append(curve)
        return None if everything else touched


def _moved_otherwise(
    old: dict[str, list[CurvePoint]], new: dict[str, list[CurvePoint]], moved: float
) -> set[str]:
    """The touchpoints of one stage whose points are not their old ones moved down by ``moved``."""
    otherwise: set[str] = set()
    for persona_id, points in new.items():
        before = old.get(persona_id, [])
        if len(before) != len(points):
            otherwise.update(p.card_id for p in points)
            otherwise.update(p.card_id for p in before)
            continue
        for was, now in zip(before, points, strict=True):
            if now.y != was.y + moved or (now.card_id, now.x, now.score) != (was.card_id, was.x, was.score):
                otherwise.update((was.card_id, now.card_id))
    return otherwise


def marker_points(kind: str, radius: float) -> list[tuple[float, float]]:
    """The corners of a polygon marker centred on (0, 0), shared by the canvas and the exporters."""
    sides = {"diamond": 4, "triangle": 3, "hexagon": 6, "star": 10}.get(kind, 4)
    points = []
    for i in range(sides):
        angle = -math.pi / 2 + 2 * math.pi * i / sides
        r = radius * (1.25 if kind in ("diamond", "triangle") else 1.1)
        if kind == "star" and i % 2:
            r *= 0.55
        points.append((r * math.cos(angle), r * math.sin(angle) + (2 if kind == "triangle" else 0)))
    return points
