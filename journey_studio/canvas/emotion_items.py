"""The emotion lane: each persona's curve, its score points (draggable), the scale and legend."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ..layout import Rect
from ..layout.emotion import EYE, PAIN_THRESHOLD, EmotionCurve, marker_points, score_to_y
from ..layout.theme import MUTED_INK, SELECTION
from .painting import colour, font

if TYPE_CHECKING:
    from .scene import MapScene

RADIUS = 9.0
POINT_REACH = RADIUS + 6  # the halo and the selection pen stay inside
PAIN_INK = "#d93636"
SCALE_FONT = font(7)
LEGEND_FONT = font(8)


def marker_path(kind: str, radius: float) -> QPainterPath:
    """A marker shape centred on (0, 0); shapes differ per persona for colour-blind readers."""
    path = QPainterPath()
    if kind == "circle":
        path.addEllipse(QPointF(0, 0), radius, radius)
        return path
    if kind == "square":
        r = radius * 0.88
        path.addRoundedRect(QRectF(-r, -r, 2 * r, 2 * r), 2, 2)
        return path
    points = [QPointF(x, y) for x, y in marker_points(kind, radius)]
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


def draw_face(painter: QPainter, score: float, scale: float = 1.0) -> None:
    """Eyes and a mouth whose curve shows the score: 5 delighted … 1 frustrated."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colour("#ffffff")))
    for dx in (-2.8, 2.8):
        painter.drawEllipse(QPointF(dx * scale, -2.2 * scale), EYE * scale, EYE * scale)
    painter.setPen(QPen(colour("#ffffff"), 1.4 * scale, c=Qt.PenCapStyle.RoundCap))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    bend = (score - 3) * 1.6 * scale
    mouth = QPainterPath(QPointF(-3.4 * scale, 2.6 * scale))
    mouth.quadTo(QPointF(0, 2.6 * scale + bend), QPointF(3.4 * scale, 2.6 * scale))
    painter.drawPath(mouth)


class EmotionCurveItem(QGraphicsItem):
    """The smooth line of one persona's scores."""

    def __init__(self, persona_id: str) -> None:
        super().__init__()
        self.persona_id = persona_id
        self.curve: EmotionCurve | None = None
        self._path: QPainterPath | None = None
        self._bounds = QRectF()
        self.setZValue(30)
        # A long curve costs far more to stroke than to copy: redrawn only when it changes.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_curve(self, curve: EmotionCurve) -> None:
        old = self.curve
        self.curve = curve
        if (
            old is not None
            and curve.segments == old.segments  # compared as plain tuples: fast for long curves
            and (curve.colour, curve.dash, curve.marker) == (old.colour, old.dash, old.marker)
            and len(curve.points) == len(old.points)
        ):
            return
        # Redrawn, also when the lane only moved: a moved picture of the old curve would differ
        # from the new one in the last bit of its antialiasing here and there.
        self._path = None  # built when first painted: the lane may well be out of view
        bounds = QRectF()
        if curve.segments:
            xs = [x for segment in curve.segments for x, _ in segment]
            ys = [y for segment in curve.segments for _, y in segment]
            bounds = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-4, -4, 4, 4)
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.update()

    def path(self) -> QPainterPath:
        """The curve as one path of cubic Bézier pieces."""
        if self._path is None:
            path = QPainterPath()
            if self.curve is not None and self.curve.points:
                path.moveTo(self.curve.points[0].x, self.curve.points[0].y)
                for _start, c1, c2, end in self.curve.segments:
                    path.cubicTo(*c1, *c2, *end)
            self._path = path
        return self._path

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.curve is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour(self.curve.colour), 2.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if self.curve.dash:
            pen.setDashPattern(list(self.curve.dash))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())


MAX_CACHED_SCALE = 6.0
_pictures: dict[tuple[tuple[str, str, float, bool], float], QPixmap] = {}


def draw_point(painter: QPainter, marker: str, colour_hex: str, score: float, selected: bool) -> None:
    """One score point centred on (0, 0): halo for a moment of pain, marker, face."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if score <= PAIN_THRESHOLD:  # a moment of pain: a red halo
        painter.setPen(QPen(colour(PAIN_INK), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(0, 0), RADIUS + 4.5, RADIUS + 4.5)
    painter.setPen(QPen(colour(SELECTION) if selected else colour("#ffffff"), 2 if selected else 1.5))
    painter.setBrush(QBrush(colour(colour_hex)))
    painter.drawPath(marker_path(marker, RADIUS))
    draw_face(painter, score)


def point_picture(look: tuple[str, str, float, bool], pixels: float) -> QPixmap:
    """A point drawn at ``pixels`` device pixels per unit, kept for reuse."""
    key = (look, pixels)
    picture = _pictures.get(key)
    if picture is None:
        if len(_pictures) > 512:
            _pictures.clear()
        extent = 2 * POINT_REACH
        size = max(1, math.ceil(extent * pixels))
        picture = QPixmap(size, size)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.scale(size / extent, size / extent)
        painter.translate(POINT_REACH, POINT_REACH)
        draw_point(painter, *look)
        painter.end()
        _pictures[key] = picture
    return picture


class EmotionPointItem(QGraphicsRectItem):
    """One score: drag it up or down to change it (snaps to halves); select and Delete removes it."""

    def __init__(self, persona_id: str, card_id: str) -> None:
        super().__init__()
        self.persona_id, self.card_id_of_point = persona_id, card_id
        self.item_id = f"emotion:{persona_id}:{card_id}"
        self.score = 3.0
        self.marker = "circle"
        self.colour = "#1f77b4"
        self._press_y: float | None = None
        self._state: tuple[float, float, float, str, str, str] | None = None
        # the bounds, kept in Qt: a map has thousands of points, moved together with their lane
        self.setRect(QRectF(-POINT_REACH, -POINT_REACH, 2 * POINT_REACH, 2 * POINT_REACH))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.SizeVerCursor)
        self.setZValue(40)

    def map_scene(self) -> MapScene:
        return self.scene()  # type: ignore[return-value]

    def shows(self, x: float, y: float, score: float, marker: str, colour_hex: str) -> bool:
        """Whether the point is drawn like this already."""
        return self._state is not None and self._state[:5] == (x, y, score, marker, colour_hex)

    def move_down(self, dy: float) -> None:
        """Move with the lane, which moved down by ``dy``."""
        if self._state is not None:
            x, y, *rest = self._state
            self._state = (x, y + dy, *rest)  # type: ignore[assignment]
            self.moveBy(0, dy)

    def set_point(self, x: float, y: float, score: float, marker: str, colour_hex: str, tip: str) -> None:
        state = (x, y, score, marker, colour_hex, tip)
        if state == self._state:
            return
        old = self._state
        looks_changed = old is None or state[2:5] != old[2:5]
        self._state = state
        self.score, self.marker, self.colour = score, marker, colour_hex
        if old is None or (x, y) != old[:2]:
            self.setPos(x, y)
        if old is None or tip != old[5]:
            self.setToolTip(tip)
        if looks_changed:
            self.update()

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), RADIUS + 3, RADIUS + 3)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        # A map shows a thousand points at once: each look is drawn once and then copied.
        look = (self.marker, self.colour, self.score, self.isSelected())
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        device = painter.device()
        pixels = scale * (device.devicePixelRatioF() if device is not None else 1.0)
        if pixels > MAX_CACHED_SCALE:
            draw_point(painter, *look)
            return
        picture = point_picture(look, round(pixels, 2))
        painter.drawPixmap(self.boundingRect(), picture, QRectF(picture.rect()))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_y = event.scenePos().y()
            self.map_scene().begin_emotion_drag()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press_y is not None:
            self.map_scene().drag_emotion(self, event.scenePos().y())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._press_y = None
        super().mouseReleaseEvent(event)


class EmotionScaleItem(QGraphicsItem):
    """The faint 1–5 scale behind the curves, the pain zone, and the legend in the lane header."""

    def __init__(self) -> None:
        super().__init__()
        self.lane: Rect | None = None
        self.header: Rect | None = None
        self.curves: list[EmotionCurve] = []
        self.names: dict[str, str] = {}
        self.setZValue(6)  # above the lane header (its legend lives there), below cards

    def set_scale(
        self, lane: Rect | None, header: Rect | None, curves: list[EmotionCurve], names: dict[str, str]
    ) -> None:
        self.prepareGeometryChange()
        self.lane, self.header, self.curves, self.names = lane, header, curves, names
        self.update()

    def boundingRect(self) -> QRectF:
        if self.lane is None or self.header is None:
            return QRectF()
        return QRectF(self.header.x, self.lane.y, self.lane.right - self.header.x, self.lane.height)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lane, header = self.lane, self.header
        if lane is None or header is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pain = colour(PAIN_INK).lighter(185)
        pain.setAlpha(60)
        top_pain = score_to_y(PAIN_THRESHOLD, lane)
        painter.fillRect(QRectF(lane.x, top_pain, lane.width, score_to_y(1, lane) + 8 - top_pain), pain)
        painter.setFont(SCALE_FONT)
        for score in (1, 2, 3, 4, 5):
            y = score_to_y(score, lane)
            pen = QPen(colour("#d5dbe3"), 0.8, Qt.PenStyle.DashLine if score != 3 else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(lane.x, y), QPointF(lane.right, y))
            painter.setPen(colour(MUTED_INK))
            painter.drawText(QPointF(lane.x + 4, y - 2), str(score))
        # Legend: line sample, marker and name for each persona.
        painter.setFont(LEGEND_FONT)
        y = header.y + 56
        for curve in self.curves:
            if y > header.bottom - 8:
                break
            pen = QPen(colour(curve.colour), 2.2)
            if curve.dash:
                pen.setDashPattern(list(curve.dash))
            painter.setPen(pen)
            painter.drawLine(QPointF(header.x + 16, y), QPointF(header.x + 44, y))
            painter.save()
            painter.translate(header.x + 30, y)
            painter.setPen(QPen(colour("#ffffff"), 1))
            painter.setBrush(QBrush(colour(curve.colour)))
            painter.drawPath(marker_path(curve.marker, 5.5))
            painter.restore()
            painter.setPen(colour(MUTED_INK))
            painter.drawText(QPointF(header.x + 50, y + 3.5), self.names.get(curve.persona_id, ""))
            y += 17
