"""Routes for flows: orthogonal paths through the gutters between columns and lanes, never over cards."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document
from .geometry import MapLayout
from .metrics import CELL_PADDING

GUTTER_SPREAD = 3.0  # flows sharing a gutter are offset by this much each
LABEL_MIN_RUN = 70.0  # shorter runs keep their label in the tooltip


@dataclass(frozen=True)
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
    """Drop repeated and collinear middle points."""
    kept: list[tuple[float, float]] = []
    for point in points:
        if kept and abs(kept[-1][0] - point[0]) < 0.01 and abs(kept[-1][1] - point[1]) < 0.01:
            continue
        if len(kept) >= 2:
            a, b = kept[-2], kept[-1]
            if (abs(a[0] - b[0]) < 0.01 and abs(b[0] - point[0]) < 0.01) or (
                abs(a[1] - b[1]) < 0.01 and abs(b[1] - point[1]) < 0.01
            ):
                kept[-1] = point
                continue
        kept.append(point)
    return tuple(kept)


def compute_flow_routes(doc: Document, layout: MapLayout) -> list[FlowRoute]:
    """Route every flow whose two cards are laid out.

    Cards sit inside their cells with a padding, so the strips between columns (gutters) and
    between lanes (channels) hold no cards: a route leaves the source card sideways into a
    gutter, runs along gutters and channels and enters the target card from the side.
    """
    stage_index = {sid: i for i, sid in enumerate(doc.stages.ids())}
    stages = doc.stages.ids()
    routes: list[FlowRoute] = []
    for n, flow in enumerate(doc.flows):
        source, target = layout.cards.get(flow.source), layout.cards.get(flow.target)
        src_card, dst_card = doc.cards.get(flow.source), doc.cards.get(flow.target)
        if source is None or target is None or src_card is None or dst_card is None:
            continue
        offset = ((n % 5) - 2) * GUTTER_SPREAD
        s_col, t_col = stage_index[src_card.stage], stage_index[dst_card.stage]
        sy, ty = source.center[1], target.center[1]
        s_gutter = layout.columns[stages[s_col]].right + offset
        if t_col == s_col:
            # Within one stage: out of the right side, down or up the gutter, back in from the right.
            points = [(source.right, sy), (s_gutter, sy), (s_gutter, ty), (target.right, ty)]
        elif t_col == s_col + 1:
            points = [(source.right, sy), (s_gutter, sy), (s_gutter, ty), (target.x, ty)]
        else:
            # Across stages: along the channel at the top of a lane, down the gutter before the target.
            t_gutter = layout.columns[stages[t_col]].x + offset
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
        routes.append(FlowRoute(flow.id, flow.persona, flow.label, _simplify(points)))
    return routes
