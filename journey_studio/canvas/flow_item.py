"""A flow drawn as an arrow along its route; selectable, labelled, in its persona's colour."""

from __future__ import annotations

import functools
import itertools
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout.flows import FlowRoute, runs_of
from ..layout.theme import MUTED_INK, SELECTION
from .flow_group import FlowGroup
from .painting import colour, font

FLOW_GREY = "#7b8794"
LABEL_FONT = font(7.5)
ARROW = 7.0
CORNER = 6.0


def rounded_path(points: tuple[tuple[float, float], ...]) -> QPainterPath:
    """A polyline with softly rounded corners."""
    path = QPainterPath(QPointF(*points[0]))
    for i in range(1, len(points) - 1):
        (px, py), (cx, cy), (nx, ny) = points[i - 1], points[i], points[i + 1]
        d_in = math.hypot(cx - px, cy - py)
        d_out = math.hypot(nx - cx, ny - cy)
        r = min(CORNER, d_in / 2, d_out / 2)
        if r <= 0.5:
            path.lineTo(cx, cy)
            continue
        before = QPointF(cx - (cx - px) / d_in * r, cy - (cy - py) / d_in * r)
        after = QPointF(cx + (nx - cx) / d_out * r, cy + (ny - cy) / d_out * r)
        path.lineTo(before)
        path.quadTo(QPointF(cx, cy), after)
    path.lineTo(QPointF(*points[-1]))
    return path


@functools.cache
def arrow_head(angle: float) -> QPolygonF:
    """The arrowhead of a flow ending at (0, 0) in direction ``angle`` (routes end in a few)."""
    return QPolygonF(
        [
            QPointF(0, 0),
            QPointF(-ARROW * math.cos(angle - 0.45), -ARROW * math.sin(angle - 0.45)),
            QPointF(-ARROW * math.cos(angle + 0.45), -ARROW * math.sin(angle + 0.45)),
        ]
    )


def end_arrow(points: tuple[tuple[float, float], ...]) -> QPolygonF:
    """The arrowhead at the end of a polyline."""
    (x1, y1), (x2, y2) = points[-2], points[-1]
    return arrow_head(math.atan2(y2 - y1, x2 - x1)).translated(x2, y2)


def label_box(route: FlowRoute) -> QRectF | None:
    """Where a flow's label is drawn, if it has one and a run long enough to hold it."""
    if not route.label:
        return None
    position = route.label_position
    if position is None:
        return None
    width = label_width(route.label) + 8
    return QRectF(position[0] - width / 2, position[1] - 8, width, 16)


@functools.lru_cache(maxsize=1024)
def label_width(text: str) -> float:
    """The width of a flow label's text (maps reuse a handful of labels thousands of times)."""
    return QFontMetricsF(LABEL_FONT).horizontalAdvance(text)


def route_bounds(points: tuple[tuple[float, float], ...], label: QRectF | None) -> QRectF:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    bounds = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    bounds.adjust(-ARROW, -ARROW, ARROW, ARROW)
    return bounds.united(label) if label is not None else bounds


class FlowItem(QGraphicsItem):
    """One flow: what is hit, selected and, while selected, drawn highlighted (the scene turns
    its contents on and off with the selection). The FlowLayer draws every flow.

    Its geometry is kept relative to its position, so a flow that only moves along with its
    cards (a lane above grew) is moved, not rebuilt: maps have thousands of flows.
    """

    def __init__(self, flow_id: str) -> None:
        super().__init__()
        self.item_id = flow_id
        self.route: FlowRoute | None = None
        self.colour = FLOW_GREY
        self._path: QPainterPath | None = None
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
        )
        self.setZValue(21)

    def _local_points(self) -> tuple[tuple[float, float], ...]:
        if self.route is None:
            return ()
        ox, oy = self.pos().x(), self.pos().y()
        return tuple((x - ox, y - oy) for x, y in self.route.points)

    @property
    def path(self) -> QPainterPath:
        """The route with rounded corners, in item coordinates."""
        if self._path is None:
            points = self._local_points()
            self._path = rounded_path(points) if points else QPainterPath()
        return self._path

    def set_route(
        self,
        route: FlowRoute,
        colour_hex: str,
        shift: tuple[float, float] | None = None,
        box: QRectF | None = None,
    ) -> None:
        """Take a new route and colour; ``shift`` says the route is the old one moved by so much,
        ``box`` where the route is drawn in scene coordinates, if known already."""
        if route == self.route and colour_hex == self.colour:
            return
        old_label = self.route.label if self.route is not None else ""
        recoloured = colour_hex != self.colour
        self.route, self.colour = route, colour_hex
        if shift is not None:
            self.moveBy(*shift)
            if recoloured and self.isSelected():
                self.update()
            return
        self._path = self._shape = None
        if box is None:
            box = route_bounds(route.points, label_box(route))
        bounds = box.translated(-self.pos())
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        if route.label != old_label:
            self.setToolTip(route.label)
        if self.isSelected():
            self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            self._shape = stroker.createStroke(self.path)
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        points = self._local_points()
        if not points or not self.isSelected():
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = colour(SELECTION)
        painter.setPen(QPen(ink, 2.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(ink))
        painter.drawPolygon(end_arrow(points))


GroupKey = tuple[str, bool]  # colour, faded
FEW_FLOWS = 10  # up to this many changed flows are repainted piece by piece


class DrawnFlow:
    """What the layer draws for one flow, in scene coordinates."""

    __slots__ = ("arrow", "box", "flow_id", "key", "label", "label_box", "points", "runs")

    def __init__(self, route: FlowRoute, key: GroupKey) -> None:
        points = self.points = route.points
        self.runs = runs_of(points)
        self.flow_id = route.flow_id
        self.key = key
        self.arrow = end_arrow(points)
        self.label = route.label
        self.label_box = label_box(route)
        self.box = route_bounds(points, self.label_box)

    def shift(self, dx: float, dy: float) -> None:
        self.points = tuple((x + dx, y + dy) for x, y in self.points)
        self.runs = runs_of(self.points)
        self.arrow.translate(dx, dy)
        self.box.translate(dx, dy)
        if self.label_box is not None:
            self.label_box.translate(dx, dy)

    def dirty_boxes(self) -> list[QRectF]:
        """Where this flow is drawn, piece by piece: what to repaint when it changes."""
        r = ARROW
        boxes = [
            QRectF(min(x1, x2) - r, min(y1, y2) - r, abs(x2 - x1) + 2 * r, abs(y2 - y1) + 2 * r)
            for (x1, y1), (x2, y2) in itertools.pairwise(self.points)
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
        self._groups: dict[GroupKey, dict[str, DrawnFlow]] = {}
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
        self._groups, self._strokes, self._labelled, self._flows = {}, {}, {}, {}
        for route, key in flows:
            self._put(DrawnFlow(route, key))
        self.update()

    def update_flows(
        self,
        placed: list[DrawnFlow],
        shifted: list[tuple[str, float, float]],
        gone: list[str],
    ) -> None:
        """Draw new or re-routed flows, move ``shifted`` ones, forget ``gone`` ones; repaint
        where they were and where they are."""
        everything = len(placed) + len(shifted) > self.BIG_CHANGE
        piecewise = len(placed) + len(shifted) + len(gone) <= FEW_FLOWS
        dirty: list[QRectF] = []

        def wipe(drawn: DrawnFlow | None) -> None:
            if drawn is not None and not everything:
                # few flows: repaint just their pieces; more: the box around each is enough,
                # the view merges many boxes into one anyway
                dirty.extend(drawn.dirty_boxes() if piecewise else [QRectF(drawn.box)])

        for flow_id in gone:
            wipe(self._forget(flow_id))
        for fresh in placed:
            wipe(self._forget(fresh.flow_id))
            self._put(fresh)
            wipe(fresh)
        for flow_id, dx, dy in shifted:
            moving = self._forget(flow_id)
            if moving is not None:
                wipe(moving)
                moving.shift(dx, dy)
                self._put(moving)
                wipe(moving)
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

    def _put(self, drawn: DrawnFlow) -> None:
        self._flows[drawn.flow_id] = drawn
        self._groups.setdefault(drawn.key, {})[drawn.flow_id] = drawn
        group = self._strokes.get(drawn.key)
        if group is None:
            group = self._strokes[drawn.key] = FlowGroup()
        group.add(drawn.flow_id, drawn.runs, drawn.points[-1], drawn.arrow)
        if drawn.label_box is not None:
            self._labelled[drawn.flow_id] = drawn

    def _forget(self, flow_id: str) -> DrawnFlow | None:
        drawn = self._flows.pop(flow_id, None)
        if drawn is not None:
            self._groups[drawn.key].pop(flow_id, None)
            self._strokes[drawn.key].remove(flow_id, drawn.runs, drawn.points[-1])
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
