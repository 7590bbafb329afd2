"""Routes for flows: orthogonal paths through the gutters between columns and lanes, never over cards."""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from ..model import Card, Document, Flow
from .geometry import MapLayout, Rect
from .metrics import CELL_PADDING

Span = tuple[float, float]
Track = tuple[bool, float]  # (vertical, the x or y a straight run keeps)
Run = tuple[Track, Span]
GUTTER_SPREAD = 3.0  # flows sharing a gutter are offset by this much each
LABEL_MIN_RUN = 70.0  # shorter runs keep their label in the tooltip
ARROW = 7.0  # the length of a flow's arrowhead's sides
ARROW_SPREAD = 0.45  # radians between an arrowhead's side and its flow's last run


@dataclass(frozen=True, slots=True)
class FlowRoute:
    """The polyline of one flow, from the source card's edge to the target card's edge."""

    flow_id: str
    persona_id: str
    label: str
    points: tuple[tuple[float, float], ...]

    @property
    def label_position(self) -> tuple[float, float] | None:
        """Where a label sits: the middle of the longest horizontal run, if one is long enough."""
        runs = [(a, b) for a, b in zip(self.points, self.points[1:], strict=False) if a[1] == b[1]]
        if not runs:
            return None
        a, b = max(runs, key=lambda seg: abs(seg[1][0] - seg[0][0]))
        if abs(b[0] - a[0]) < LABEL_MIN_RUN:
            return None
        return (a[0] + b[0]) / 2, a[1]


def _simplify(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Drop repeated points and middle points on a straight run (routes are orthogonal)."""
    kept = [points[0]]
    for point in points[1:]:
        last = kept[-1]
        if point == last:
            continue
        if len(kept) >= 2:
            before = kept[-2]
            if (before[0] == last[0] == point[0]) or (before[1] == last[1] == point[1]):
                kept[-1] = point
                continue
        kept.append(point)
    return tuple(kept)


def offset_between(old: FlowRoute, new: FlowRoute) -> tuple[float, float] | None:
    """How far ``new`` is ``old`` moved as a whole, or None when it is a different route."""
    if len(old.points) != len(new.points) or (old.label, old.persona_id) != (new.label, new.persona_id):
        return None
    (ox, oy), (nx, ny) = old.points[0], new.points[0]
    dx, dy = nx - ox, ny - oy
    for (ax, ay), (bx, by) in zip(old.points, new.points, strict=True):
        if ax + dx != bx or ay + dy != by:
            return None
    return dx, dy


def runs_of(points: tuple[tuple[float, float], ...]) -> list[Run]:
    """The straight runs of an orthogonal polyline, by the line each one runs along."""
    runs: list[Run] = []
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        if x1 == x2:
            runs.append(((True, x1), (min(y1, y2), max(y1, y2))))
        else:  # routes are orthogonal: anything else is horizontal
            runs.append(((False, y1), (min(x1, x2), max(x1, x2))))
    return runs


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans joined into one."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def gutter_offset(flow_id: str) -> float:
    """How far a flow runs beside the middle of its gutters: fixed per flow, so that adding or
    deleting one flow never shifts the others."""
    return ((zlib.crc32(flow_id.encode("utf-8")) % 5) - 2) * GUTTER_SPREAD


def route_flow(
    flow: Flow,
    cards: Mapping[str, Card],
    layout: MapLayout,
    stage_index: Mapping[str, int],
    columns: list[Rect],
) -> FlowRoute | None:
    """The route of one flow, or None when either of its cards is not laid out.

    Cards sit inside their cells with a padding, so the strips between columns (gutters) and
    between lanes (channels) hold no cards: a route leaves the source card sideways into a
    gutter, runs along gutters and channels and enters the target card from the side.
    """
    source, target = layout.cards.get(flow.source), layout.cards.get(flow.target)
    src_card, dst_card = cards.get(flow.source), cards.get(flow.target)
    if source is None or target is None or src_card is None or dst_card is None:
        return None
    offset = gutter_offset(flow.id)
    s_col, t_col = stage_index[src_card.stage], stage_index[dst_card.stage]
    sy, ty = source.y + source.height / 2, target.y + target.height / 2
    s_gutter = columns[s_col].right + offset
    if t_col == s_col:
        # Within one stage: out of the right side, down or up the gutter, back in from the right.
        points = [(source.right, sy), (s_gutter, sy), (s_gutter, ty), (target.right, ty)]
    elif t_col == s_col + 1:
        points = [(source.right, sy), (s_gutter, sy), (s_gutter, ty), (target.x, ty)]
    else:
        # Across stages: along the channel at the top of a lane, down the gutter before the target.
        t_gutter = columns[t_col].x + offset
        lane_id = dst_card.lane if t_col > s_col else src_card.lane
        channel = layout.lanes[lane_id].y + CELL_PADDING / 2 + offset / 3
        points = [
            (source.right, sy),
            (s_gutter, sy),
            (s_gutter, channel),
            (t_gutter, channel),
            (t_gutter, ty),
            (target.x, ty),
        ]
    return FlowRoute(flow.id, flow.persona, flow.label, _simplify(points))


def compute_flow_routes(doc: Document, layout: MapLayout) -> list[FlowRoute]:
    """Route every flow whose two cards are laid out, in the document's order."""
    stage_index = {sid: i for i, sid in enumerate(doc.stages.ids())}
    columns = [layout.columns[sid] for sid in doc.stages.ids()]
    cards = doc.cards.mapping()
    routes = (route_flow(flow, cards, layout, stage_index, columns) for flow in doc.flows)
    return [route for route in routes if route is not None]


class LaneShift:
    """Lanes that moved up or down as a whole between two layouts (a lane above them grew or
    shrank) while their columns stayed: maps a y of the old layout to the new one.

    A route runs through its two cards' lanes only, and each of its points lies inside one of
    them, so a route whose cards moved only with their lanes is its old route with every point
    moved as its lane moved. Lanes keep their order, so the map keeps the order of those points.
    """

    def __init__(self, moves: dict[str, tuple[float, float, float]]) -> None:
        self.moves = moves  # lane id → (old top, old bottom, how far it moved down)
        self.top = min(min(top, top + dy) for top, _bottom, dy in moves.values())
        self._ys: dict[float, float] = {}

    def y(self, y: float) -> float:
        """Where a point of the old layout at height ``y`` is now."""
        new = self._ys.get(y)
        if new is None:
            new = y
            for top, bottom, dy in self.moves.values():
                if top <= y < bottom:
                    new = y + dy
                    break
            self._ys[y] = new
        return new

    def points(self, points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        """A route's points, each where it is now."""
        memo = self._ys
        try:
            return tuple([(x, memo[y]) for x, y in points])
        except KeyError:
            return tuple([(x, self.y(y)) for x, y in points])


def lane_shift(old: MapLayout, new: MapLayout) -> LaneShift | None:
    """The lanes that moved between two layouts, if only lanes moved and moving a point along
    with its lane gives exactly the point laid out afresh (whole numbers add without rounding).
    """
    if list(old.lanes) != list(new.lanes) or old.columns.keys() != new.columns.keys():
        return None
    for stage_id, column in new.columns.items():
        before = old.columns[stage_id]
        if (before.x, before.width) != (column.x, column.width):
            return None
    moves = {}
    for lane_id, rect in new.lanes.items():
        before = old.lanes[lane_id]
        if not (before.y.is_integer() and rect.y.is_integer()):
            return None
        if rect.y != before.y:
            moves[lane_id] = (before.y, before.bottom, rect.y - before.y)
    return LaneShift(moves) if moves else None


class FlowRouter:
    """Keeps the routes of a map's flows up to date, re-routing only what an edit can have moved.

    A route depends on its flow, on the rectangles of its two cards and on the top of one of
    their lanes: columns and the stage order only reach a route through those (a card moves
    whenever its column does), so comparing cards and lane tops between two layouts finds every
    route to redo. A route whose cards only moved along with their lanes is stretched: its old
    points moved as their lanes moved (see ``LaneShift``), which is cheaper than routing afresh.
    """

    def __init__(self) -> None:
        self.routes: dict[str, FlowRoute] = {}
        self.shift: LaneShift | None = None  # how lanes moved in the last update
        self.stretched: set[str] = set()  # flows the last update stretched with ``shift``
        # flows routed afresh in the last update that came out as they were, though lanes moved
        self.kept: set[str] = set()
        self._layout: MapLayout | None = None
        self._stage_order: tuple[str, ...] = ()
        self._lanes: dict[str, str] = {}  # card id → lane, as last routed

    def update(self, doc: Document, layout: MapLayout, edited: Collection[str] | None = None) -> set[str]:
        """Follow ``layout``; ``edited`` names flows changed since the last update (None: any).

        Returns the ids of flows whose route changed, appeared or went away.
        """
        stage_order = tuple(doc.stages.ids())
        previous = self._layout
        everything = edited is None or previous is None or stage_order != self._stage_order
        cards = doc.cards.mapping()
        lanes = {card_id: card.lane for card_id, card in cards.items()}
        moved: set[str] = set()
        carried: set[str] = set()  # cards that only moved along with their lane
        shift = None
        if not everything and previous is not None:
            old_cards, old_lanes = previous.cards.get, self._lanes.get
            moved = {cid for cid, rect in layout.cards.items() if old_cards(cid) != rect}
            moved.update(cid for cid in previous.cards if cid not in layout.cards)
            # a card can change lane, or its lane move, and the card land on the same rectangle
            shifted = {
                lid
                for lid, rect in layout.lanes.items()
                if lid not in previous.lanes or previous.lanes[lid].y != rect.y
            }
            moved.update(cid for cid, lane in lanes.items() if old_lanes(cid) != lane or lane in shifted)
            shift = lane_shift(previous, layout) if shifted else None
            if shift is not None:
                carried = {cid for cid in moved if _carried(cid, lanes, old_lanes, previous, layout, shift)}
                moved -= carried
        self._layout, self._stage_order, self._lanes = layout, stage_order, lanes
        self.shift, self.stretched, self.kept = shift, set(), set()
        stage_index = {sid: i for i, sid in enumerate(stage_order)}
        columns = [layout.columns[sid] for sid in stage_order]
        routes, changed, stretched = self.routes, set(), self.stretched
        edited = () if edited is None else edited
        seen = set()
        for flow in doc.flows:
            flow_id, source, target = flow.id, flow.source, flow.target
            seen.add(flow_id)
            old = routes.get(flow_id)
            if not everything and old is not None and flow_id not in edited:
                if source in moved or target in moved:
                    pass  # routed afresh below
                elif shift is not None and (source in carried or target in carried):
                    points = shift.points(old.points)
                    routes[flow_id] = FlowRoute(flow_id, old.persona_id, old.label, points)
                    changed.add(flow_id)
                    stretched.add(flow_id)
                    continue
                else:
                    continue
            route = route_flow(flow, cards, layout, stage_index, columns)
            if route is None:
                if routes.pop(flow_id, None) is not None:
                    changed.add(flow_id)
            elif old != route:
                routes[flow_id] = route
                changed.add(flow_id)
            elif shift is not None:
                self.kept.add(flow_id)
        for flow_id in [f for f in routes if f not in seen]:
            del routes[flow_id]
            changed.add(flow_id)
        return changed


def _carried(
    card_id: str,
    lanes: Mapping[str, str],
    old_lanes: Callable[[str], str | None],
    old: MapLayout,
    new: MapLayout,
    shift: LaneShift,
) -> bool:
    """Whether a card only moved along with its lane (same lane, same place in it)."""
    lane = lanes.get(card_id)
    move = shift.moves.get(lane) if lane is not None else None
    if move is None or old_lanes(card_id) != lane:
        return False
    before, after = old.cards.get(card_id), new.cards.get(card_id)
    return (
        before is not None
        and after is not None
        and after == (before.x, before.y + move[2], before.width, before.height)
    )


def end_angle(points: tuple[tuple[float, float], ...]) -> float:
    """The direction a route ends in."""
    (x1, y1), (x2, y2) = points[-2], points[-1]
    return math.atan2(y2 - y1, x2 - x1)


def arrow_corners(angle: float) -> tuple[tuple[float, float], ...]:
    """The corners of the arrowhead of a flow ending at (0, 0) in direction ``angle``."""
    return (
        (0.0, 0.0),
        (-ARROW * math.cos(angle - ARROW_SPREAD), -ARROW * math.sin(angle - ARROW_SPREAD)),
        (-ARROW * math.cos(angle + ARROW_SPREAD), -ARROW * math.sin(angle + ARROW_SPREAD)),
    )
