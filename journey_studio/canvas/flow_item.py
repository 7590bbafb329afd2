"""A flow drawn as an arrow along its route; selectable, labelled, in its persona's colour."""

from __future__ import annotations

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
    """One flow. The scene sets its route and colour; it never changes the model itself.

    Everything paint needs is prepared in ``set_route``: maps have thousands of flows.
    """

    def __init__(self, flow_id: str) -> None:
        super().__init__()
        self.item_id = flow_id
        self.route: FlowRoute | None = None
        self.colour = FLOW_GREY
        self._path = QPainterPath()
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        self._arrow = QPolygonF()
        self._polyline = QPolygonF()
        self._label_box: QRectF | None = None
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
        )
        self.setZValue(21)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        # Unselected flows are drawn together by the FlowLayer; a selected one draws its highlight.
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, not bool(value))
        return super().itemChange(change, value)

    @property
    def path(self) -> QPainterPath:
        return self._path

    @property
    def polyline(self) -> QPolygonF:
        return self._polyline

    @property
    def arrow(self) -> QPolygonF:
        return self._arrow

    @property
    def label_box(self) -> QRectF | None:
        return self._label_box

    def set_route(self, route: FlowRoute, colour_hex: str) -> bool:
        """Take a new route and colour; False when nothing changed."""
        if route == self.route and colour_hex == self.colour:
            return False
        self.route, self.colour = route, colour_hex
        self._path = rounded_path(route.points)
        self._polyline = QPolygonF([QPointF(x, y) for x, y in route.points])
        self._shape = None
        (x1, y1), (x2, y2) = route.points[-2], route.points[-1]
        angle = math.atan2(y2 - y1, x2 - x1)
        self._arrow = QPolygonF(
            [
                QPointF(x2, y2),
                QPointF(x2 - ARROW * math.cos(angle - 0.45), y2 - ARROW * math.sin(angle - 0.45)),
                QPointF(x2 - ARROW * math.cos(angle + 0.45), y2 - ARROW * math.sin(angle + 0.45)),
            ]
        )
        self._label_box = None
        position = route.label_position
        if route.label and position is not None:
            width = QFontMetricsF(LABEL_FONT).horizontalAdvance(route.label) + 8
            self._label_box = QRectF(position[0] - width / 2, position[1] - 8, width, 16)
        bounds = self._path.boundingRect().adjusted(-ARROW, -ARROW, ARROW, ARROW)
        if self._label_box is not None:
            bounds = bounds.united(self._label_box)
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.setToolTip(route.label or "Flow")
        self.update()
        return True

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            self._shape = stroker.createStroke(self._path)
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.route is None or not self.isSelected():
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = colour(SELECTION)
        painter.setPen(QPen(ink, 2.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(ink))
        painter.drawPolygon(self._arrow)


class FlowLayer(QGraphicsItem):
    """Draws every unselected flow: one Python call for thousands of flows, only the visible ones."""

    def __init__(self) -> None:
        super().__init__()
        # per colour: (ink, [(bounds, polyline, arrow)])
        self._groups: list[tuple[QColor, list[tuple[QRectF, QPolygonF, QPolygonF]]]] = []
        self._labels: list[tuple[QRectF, str, QColor]] = []
        self._bounds = QRectF()
        self.setZValue(20)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def set_flows(self, flows: list[tuple[FlowItem, bool]]) -> None:
        """The flow items to draw, each with whether it is faded (persona focus)."""
        groups: dict[tuple[str, bool], list[tuple[QRectF, QPolygonF, QPolygonF]]] = {}
        labels = []
        bounds = QRectF()
        for item, faded in flows:
            if item.route is None:
                continue
            box = item.boundingRect()
            groups.setdefault((item.colour, faded), []).append((box, item.polyline, item.arrow))
            bounds |= box
            if item.label_box is not None:
                ink = QColor(colour(item.colour))
                if faded:
                    ink.setAlpha(60)
                labels.append((item.label_box, item.route.label, ink))
        result = []
        for (hex_code, faded), entries in groups.items():
            ink = QColor(colour(hex_code))
            if faded:
                ink.setAlpha(50)
            result.append((ink, entries))
        self.prepareGeometryChange()
        self._groups, self._labels, self._bounds = result, labels, bounds
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for ink, entries in self._groups:
            pen = QPen(ink, 1.6)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            brush = QBrush(ink)
            for box, polyline, arrow in entries:
                if not box.intersects(exposed):
                    continue
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPolyline(polyline)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(brush)
                painter.drawPolygon(arrow)
        painter.setFont(LABEL_FONT)
        for box, text, ink in self._labels:
            if not box.intersects(exposed):
                continue
            painter.setBrush(QBrush(colour("#ffffff")))
            painter.setPen(QPen(ink, 0.8))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(colour(MUTED_INK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
