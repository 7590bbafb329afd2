"""A flow drawn as an arrow along its route; selectable, labelled, in its persona's colour."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout.flows import FlowRoute
from ..layout.theme import MUTED_INK, SELECTION
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


class FlowItem(QGraphicsItem):
    """One flow. The scene sets its route and colour; it never changes the model itself."""

    def __init__(self, flow_id: str) -> None:
        super().__init__()
        self.item_id = flow_id
        self.route: FlowRoute | None = None
        self.colour = FLOW_GREY
        self._path = QPainterPath()
        self._shape = QPainterPath()
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(20)
        self.setAcceptHoverEvents(True)

    def set_route(self, route: FlowRoute, colour_hex: str) -> None:
        if route == self.route and colour_hex == self.colour:
            return
        self.prepareGeometryChange()
        self.route, self.colour = route, colour_hex
        self._path = rounded_path(route.points)
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        self._shape = stroker.createStroke(self._path)
        self.setToolTip(route.label or "Flow")
        self.update()

    def boundingRect(self) -> QRectF:
        return self._shape.boundingRect().adjusted(-ARROW, -ARROW - 12, ARROW + 40, ARROW + 12)

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.route is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = colour(SELECTION if self.isSelected() else self.colour)
        pen = QPen(ink, 2.4 if self.isSelected() else 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        (x1, y1), (x2, y2) = self.route.points[-2], self.route.points[-1]
        angle = math.atan2(y2 - y1, x2 - x1)
        tip = QPointF(x2, y2)
        left = QPointF(x2 - ARROW * math.cos(angle - 0.45), y2 - ARROW * math.sin(angle - 0.45))
        right = QPointF(x2 - ARROW * math.cos(angle + 0.45), y2 - ARROW * math.sin(angle + 0.45))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(ink))
        painter.drawPolygon(QPolygonF([tip, left, right]))
        position = self.route.label_position
        if self.route.label and position is not None:
            metrics = QFontMetricsF(LABEL_FONT)
            x, y = position
            width = metrics.horizontalAdvance(self.route.label) + 8
            box = QRectF(x - width / 2, y - 8, width, 16)
            painter.setBrush(QBrush(colour("#ffffff")))
            painter.setPen(QPen(ink, 0.8))
            painter.drawRoundedRect(box, 4, 4)
            painter.setFont(LABEL_FONT)
            painter.setPen(colour(MUTED_INK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.route.label)
