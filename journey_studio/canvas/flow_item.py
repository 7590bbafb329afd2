"""A flow as an item to hit and select, and the shapes every flow is drawn with."""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from ..layout.flows import ARROW, FlowRoute, arrow_corners, end_angle
from ..layout.theme import SELECTION
from .painting import colour, font

FLOW_GREY = "#7b8794"
LABEL_FONT = font(7.5)
CORNER = 6.0
NO_PEN = QPen(Qt.PenStyle.NoPen)


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
    return QPolygonF([QPointF(x, y) for x, y in arrow_corners(angle)])


def end_arrow(points: tuple[tuple[float, float], ...]) -> QPolygonF:
    """The arrowhead at the end of a polyline."""
    return arrow_head(end_angle(points)).translated(*points[-1])


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


class FlowItem(QGraphicsRectItem):
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
        self.setPen(NO_PEN)  # the bounds are the rectangle, kept in Qt (see take and place)
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
        if bounds != self.rect():
            self.setRect(bounds)
        if route.label != old_label:
            self.setToolTip(route.label)
        if self.isSelected():
            self.update()

    def take(self, route: FlowRoute) -> None:
        """Take ``route``, the old one stretched with its lanes (same label and colour), leaving
        the item where it is until ``place`` puts it there."""
        self.route = route
        self._path = self._shape = None

    def place(self, down: float, box: QRectF | None) -> None:
        """Move down by ``down`` and, given ``box`` (where the route is drawn, in scene
        coordinates), hit within it; the outline is worked out afresh where the item now is."""
        if down:
            self.moveBy(0.0, down)
        if box is not None:
            self.setRect(box.translated(-self.x(), -self.y()))
        self._path = self._shape = None

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
