"""The layer that draws every flow of the map, a few batched calls per colour."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout.flows import ARROW, FlowRoute, LaneShift, Run, end_angle, runs_of
from ..layout.theme import MUTED_INK
from .flow_group import FlowGroup
from .flow_item import LABEL_FONT, arrow_head, label_box, route_bounds
from .painting import colour

GroupKey = tuple[str, bool]  # colour, faded
FEW_FLOWS = 10  # up to this many changed flows are repainted piece by piece


class DrawnFlow:
    """What the layer draws for one flow: its route (scene coordinates), look and label box.

    Runs and extents are worked out from the route when needed, so that a flow that only
    stretched with its lanes costs little more than taking its new route.
    """

    __slots__ = ("flow_id", "key", "label_box", "route")

    def __init__(self, route: FlowRoute, key: GroupKey, box: QRectF | None = None) -> None:
        self.route = route
        self.flow_id = route.flow_id
        self.key = key
        self.label_box = label_box(route) if box is None else box

    @property
    def points(self) -> tuple[tuple[float, float], ...]:
        return self.route.points

    @property
    def label(self) -> str:
        return self.route.label

    def runs(self) -> list[Run]:
        return runs_of(self.route.points)

    def box(self) -> QRectF:
        """Where the flow is drawn, label included."""
        return route_bounds(self.route.points, self.label_box)

    def moved(self, route: FlowRoute, dx: float, dy: float) -> DrawnFlow:
        """This flow along ``route``, which is its route moved by (dx, dy)."""
        return DrawnFlow(route, self.key, self.label_box and self.label_box.translated(dx, dy))

    def dirty_boxes(self) -> list[QRectF]:
        """Where this flow is drawn, piece by piece: what to repaint when it changes."""
        r = ARROW
        boxes = [
            QRectF(min(x1, x2) - r, min(y1, y2) - r, abs(x2 - x1) + 2 * r, abs(y2 - y1) + 2 * r)
            for (x1, y1), (x2, y2) in itertools.pairwise(self.route.points)
        ]
        if self.label_box is not None:
            boxes.append(self.label_box.adjusted(-1, -1, 1, 1))
        return boxes


class FlowLayer(QGraphicsItem):
    """Draws every flow, a few batched calls per colour, and repaints only where flows changed.

    Routes are orthogonal, so their runs are merged per colour (see FlowGroup) and drawn without
    antialiasing (crisp and several times faster); the arrowheads are antialiased.
    """

    BIG_CHANGE = 300  # flows; past this one repaint of everything beats many small ones

    def __init__(self) -> None:
        super().__init__()
        self._strokes: dict[GroupKey, FlowGroup] = {}
        self._labelled: dict[str, DrawnFlow] = {}
        self._flows: dict[str, DrawnFlow] = {}
        self._bounds = QRectF()
        self.setZValue(20)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def set_extent(self, rect: QRectF) -> None:
        """The area flows can be drawn in (the whole map)."""
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = rect

    def drawn(self, flow_id: str) -> DrawnFlow | None:
        return self._flows.get(flow_id)

    def set_flows(self, flows: list[tuple[FlowRoute, GroupKey]]) -> None:
        """Draw exactly these routes, each in its colour and faded or not (persona focus)."""
        self._strokes, self._labelled, self._flows = {}, {}, {}
        for route, key in flows:
            self._put(DrawnFlow(route, key))
        self.update()

    def update_flows(
        self,
        placed: list[DrawnFlow],
        gone: list[str],
        stretch: tuple[LaneShift, dict[str, FlowRoute]] | None = None,
    ) -> None:
        """Draw new or changed flows, forget ``gone`` ones, and stretch the flows named in
        ``stretch`` to their new routes (every other flow lies where ``shift`` keeps points: above
        the lanes that moved, or in lanes that ended where they were);
        repaint where they were and where they are."""
        stretched = stretch[1] if stretch is not None else {}
        everything = len(placed) + len(stretched) > self.BIG_CHANGE
        piecewise = len(placed) + len(gone) <= FEW_FLOWS and not stretched
        dirty: list[QRectF] = []

        def wipe(drawn: DrawnFlow | None) -> None:
            if drawn is not None and not everything:
                # few flows: repaint just their pieces; more: the box around each is enough,
                # the view merges many boxes into one anyway
                dirty.extend(drawn.dirty_boxes() if piecewise else [drawn.box()])

        for flow_id in gone:
            wipe(self._forget(flow_id))
        for fresh in placed:
            wipe(self._forget(fresh.flow_id))
        if stretch is not None:
            self._stretch(*stretch)
            if not everything:  # all that changed lies below the top of the lanes that moved
                top = stretch[0].top - 2 * ARROW
                dirty.append(QRectF(self._bounds.x(), top, self._bounds.width(), self._bounds.bottom() - top))
        for fresh in placed:
            self._put(fresh)
            wipe(fresh)
        if everything:
            self.update()
            return
        if not piecewise:
            union = QRectF()
            for box in dirty:
                union |= box
            dirty = [union]
        for box in dirty:
            self.update(box)

    def _stretch(self, shift: LaneShift, routes: dict[str, FlowRoute]) -> None:
        for group in self._strokes.values():
            group.stretch(shift)
        flows = self._flows
        for flow_id, route in routes.items():
            drawn = flows[flow_id]
            box = drawn.label_box
            if box is not None:
                middle = box.center().y()
                box.translate(0, shift.y(middle) - middle)
            drawn.route = route

    def _put(self, drawn: DrawnFlow) -> None:
        self._flows[drawn.flow_id] = drawn
        group = self._strokes.get(drawn.key)
        if group is None:
            group = self._strokes[drawn.key] = FlowGroup()
        points = drawn.route.points
        group.add(drawn.flow_id, drawn.runs(), points[-1], arrow_head(end_angle(points)))
        if drawn.label_box is not None:
            self._labelled[drawn.flow_id] = drawn

    def _forget(self, flow_id: str) -> DrawnFlow | None:
        drawn = self._flows.pop(flow_id, None)
        if drawn is not None:
            self._strokes[drawn.key].remove(flow_id, drawn.runs(), drawn.route.points[-1])
            self._labelled.pop(flow_id, None)
        return drawn

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect
        for (hex_code, faded), group in self._strokes.items():
            lines = group.lines()
            if not lines:
                continue
            ink = QColor(colour(hex_code))
            if faded:
                ink.setAlpha(50)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(ink, 1.6))
            painter.drawLines(lines)  # the whole map's strokes: Qt drops what is not exposed
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(ink))
            for arrows in group.arrows(exposed):
                painter.drawPath(arrows)
        painter.setFont(LABEL_FONT)
        for drawn in self._labelled.values():
            box = drawn.label_box
            if box is None or not box.intersects(exposed):
                continue
            hex_code, faded = drawn.key
            ink = QColor(colour(hex_code))
            if faded:
                ink.setAlpha(60)
            painter.setBrush(QBrush(colour("#ffffff")))
            painter.setPen(QPen(ink, 0.8))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(colour(MUTED_INK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, drawn.label)
