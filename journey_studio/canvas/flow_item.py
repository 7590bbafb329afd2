"""A flow drawn as an arrow along its route; selectable, labelled, in its persona's colour."""

from __future__ import annotations

import functools
import itertools
import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
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


class FlowItem(QGraphicsItem):
    """One flow. The scene sets its route and colour; it never changes the model itself.

    The FlowLayer draws every flow; this item is there to be hit, selected and, while selected,
    to draw its highlight (the scene switches its contents on and off with the selection).
    Everything else is prepared in ``set_route``, the rest on demand: maps have thousands of flows.
    """

    def __init__(self, flow_id: str) -> None:
        super().__init__()
        self.item_id = flow_id
        self.route: FlowRoute | None = None
        self.colour = FLOW_GREY
        self._path: QPainterPath | None = None
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        self._arrow = QPolygonF()
        self._lines: list[QLineF] = []
        self._label_box: QRectF | None = None
        self._boxes: list[QRectF] | None = None
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
        )
        self.setZValue(21)

    @property
    def path(self) -> QPainterPath:
        if self._path is None:
            self._path = rounded_path(self.route.points) if self.route is not None else QPainterPath()
        return self._path

    @property
    def lines(self) -> list[QLineF]:
        """The straight pieces of the route (routes are orthogonal polylines)."""
        return self._lines

    @property
    def arrow(self) -> QPolygonF:
        return self._arrow

    @property
    def label_box(self) -> QRectF | None:
        return self._label_box

    def dirty_boxes(self) -> list[QRectF]:
        """Where this flow is drawn, piece by piece: what to repaint when it changes."""
        if self._boxes is None:
            points = self.route.points if self.route is not None else ()
            reach = ARROW
            self._boxes = [
                QRectF(
                    min(x1, x2) - reach,
                    min(y1, y2) - reach,
                    abs(x2 - x1) + 2 * reach,
                    abs(y2 - y1) + 2 * reach,
                )
                for (x1, y1), (x2, y2) in itertools.pairwise(points)
            ]
            if self._label_box is not None:
                self._boxes.append(self._label_box.adjusted(-1, -1, 1, 1))
        return self._boxes

    def set_route(self, route: FlowRoute, colour_hex: str) -> bool:
        """Take a new route and colour; False when nothing changed."""
        if route == self.route and colour_hex == self.colour:
            return False
        if route.points != (self.route.points if self.route is not None else None):
            self._path = self._shape = None
            points = route.points
            self._lines = [QLineF(x1, y1, x2, y2) for (x1, y1), (x2, y2) in itertools.pairwise(points)]
            (x1, y1), (x2, y2) = points[-2], points[-1]
            self._arrow = arrow_head(math.atan2(y2 - y1, x2 - x1)).translated(x2, y2)
        old_label = self.route.label if self.route is not None else ""
        self._boxes = None
        self.route, self.colour = route, colour_hex
        self._label_box = None
        if route.label:
            position = route.label_position
            if position is not None:
                width = QFontMetricsF(LABEL_FONT).horizontalAdvance(route.label) + 8
                self._label_box = QRectF(position[0] - width / 2, position[1] - 8, width, 16)
        xs = [x for x, _ in route.points]
        ys = [y for _, y in route.points]
        bounds = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        bounds.adjust(-ARROW, -ARROW, ARROW, ARROW)
        if self._label_box is not None:
            bounds = bounds.united(self._label_box)
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        if route.label != old_label:
            self.setToolTip(route.label)
        if self.isSelected():
            self.update()
        return True

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
        if self.route is None or not self.isSelected():
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = colour(SELECTION)
        painter.setPen(QPen(ink, 2.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(ink))
        painter.drawPolygon(self._arrow)


Entry = tuple[QRectF, list[QLineF], QPolygonF]
GroupKey = tuple[str, bool]  # colour, faded


class FlowLayer(QGraphicsItem):
    """Draws every flow, a few batched calls per colour, and repaints only where flows changed.

    Routes are orthogonal, so their straight pieces are drawn without antialiasing (crisp and
    several times faster); the arrowheads are antialiased.
    """

    def __init__(self) -> None:
        super().__init__()
        self._groups: dict[GroupKey, dict[str, Entry]] = {}
        self._where: dict[str, GroupKey] = {}
        self._labels: dict[str, tuple[QRectF, str, GroupKey]] = {}
        self._bounds = QRectF()
        self.setZValue(20)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def set_extent(self, rect: QRectF) -> None:
        """The area flows can be drawn in (the whole map)."""
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = rect

    def set_flows(self, flows: list[tuple[FlowItem, bool]]) -> None:
        """Draw exactly these flow items, each with whether it is faded (persona focus)."""
        self._groups, self._where, self._labels = {}, {}, {}
        for item, faded in flows:
            self._put(item, faded)
        self.update()

    def update_flows(self, flows: list[tuple[FlowItem, bool]], gone: list[str], wipe: list[QRectF]) -> None:
        """Redraw these flow items and forget ``gone`` ids; repaint only where they are now and
        the ``wipe`` areas where changed flows were before."""
        for flow_id in gone:
            self._forget(flow_id)
        for item, faded in flows:
            self._forget(item.item_id)
            self._put(item, faded)
        if len(flows) + len(wipe) // 4 > 300:
            self.update()  # a big change: one repaint of everything beats thousands of small ones
            return
        dirty = list(wipe)
        for item, _faded in flows:
            dirty += item.dirty_boxes()
        for box in dirty:
            self.update(box)

    def _put(self, item: FlowItem, faded: bool) -> None:
        route = item.route
        if route is None:
            return
        key = (item.colour, faded)
        self._groups.setdefault(key, {})[item.item_id] = (item.boundingRect(), item.lines, item.arrow)
        self._where[item.item_id] = key
        if item.label_box is not None:
            self._labels[item.item_id] = (item.label_box, route.label, key)

    def _forget(self, flow_id: str) -> bool:
        key = self._where.pop(flow_id, None)
        if key is None:
            return False
        self._groups[key].pop(flow_id, None)
        self._labels.pop(flow_id, None)
        return True

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect
        for (hex_code, faded), entries in self._groups.items():
            ink = QColor(colour(hex_code))
            if faded:
                ink.setAlpha(50)
            lines: list[QLineF] = []
            arrows = QPainterPath()
            for box, pieces, arrow in entries.values():
                if box.intersects(exposed):
                    lines += pieces
                    arrows.addPolygon(arrow)
            if not lines:
                continue
            pen = QPen(ink, 1.6)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(pen)
            painter.drawLines(lines)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(ink))
            painter.drawPath(arrows)
        painter.setFont(LABEL_FONT)
        for box, text, (hex_code, faded) in self._labels.values():
            if not box.intersects(exposed):
                continue
            ink = QColor(colour(hex_code))
            if faded:
                ink.setAlpha(60)
            painter.setBrush(QBrush(colour("#ffffff")))
            painter.setPen(QPen(ink, 0.8))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(colour(MUTED_INK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
