"""A persona in the map's header strip: avatar, name, role. Click to focus, drag off to remove."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneMouseEvent, QStyleOptionGraphicsItem, QWidget

from ..layout import Rect
from ..layout.theme import INK, MUTED_INK, SELECTION
from ..model import Persona
from .painting import colour, font

if TYPE_CHECKING:
    from .scene import MapScene

NAME_FONT = font(9.5, bold=True)
ROLE_FONT = font(8)
AVATAR = 34.0


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper() or "?"


def draw_avatar(painter: QPainter, persona: Persona, centre: QPointF, radius: float) -> None:
    """The persona's picture in a circle, or its initials on its colour."""
    circle = QPainterPath()
    circle.addEllipse(centre, radius, radius)
    image = QImage.fromData(persona.avatar) if persona.avatar else QImage()
    if not image.isNull():
        painter.save()
        painter.setClipPath(circle)
        side = min(image.width(), image.height())
        source = QRectF((image.width() - side) / 2, (image.height() - side) / 2, side, side)
        painter.drawImage(
            QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius), image, source
        )
        painter.restore()
        painter.setPen(QPen(colour(persona.colour), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(circle)
        return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colour(persona.colour)))
    painter.drawPath(circle)
    painter.setPen(colour("#ffffff"))
    painter.setFont(NAME_FONT)
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, initials(persona.name))


class PersonaChipItem(QGraphicsItem):
    """One persona shown on the map."""

    def __init__(self, persona: Persona) -> None:
        super().__init__()
        self.item_id = persona.id
        self.persona = persona
        self._size = (0.0, 0.0)
        self._press: QPointF | None = None
        self._origin = QPointF()
        self.focused = False
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(8)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def map_scene(self) -> MapScene:
        return self.scene()  # type: ignore[return-value]

    def refresh(self, persona: Persona) -> None:
        self.persona = persona
        self.setToolTip(f"{persona.name}\n{persona.quote}".strip())
        self.update()

    def set_geometry(self, rect: Rect) -> None:
        if (rect.width, rect.height) != self._size:
            self.prepareGeometryChange()
            self._size = (rect.width, rect.height)
        self.setPos(rect.x, rect.y)

    def boundingRect(self) -> QRectF:
        return QRectF(-3, -3, self._size[0] + 6, self._size[1] + 6)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        width, height = self._size
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.focused or self.isSelected():
            painter.setPen(QPen(colour(SELECTION if self.isSelected() else self.persona.colour), 1.6))
            fill = colour(self.persona.colour).lighter(185)
            painter.setBrush(QBrush(fill))
            painter.drawRoundedRect(QRectF(0, 0, width, height), height / 2, height / 2)
        centre = QPointF(4 + AVATAR / 2, height / 2)
        draw_avatar(painter, self.persona, centre, AVATAR / 2)
        text_x = AVATAR + 14
        name_metrics, role_metrics = QFontMetricsF(NAME_FONT), QFontMetricsF(ROLE_FONT)
        available = width - text_x - 8
        painter.setFont(NAME_FONT)
        painter.setPen(colour(INK))
        name = name_metrics.elidedText(self.persona.name, Qt.TextElideMode.ElideRight, available)
        painter.drawText(QPointF(text_x, height / 2 - 2), name)
        painter.setFont(ROLE_FONT)
        painter.setPen(colour(MUTED_INK))
        role = role_metrics.elidedText(self.persona.role, Qt.TextElideMode.ElideRight, available)
        painter.drawText(QPointF(text_x, height / 2 + role_metrics.ascent() + 1), role)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.scenePos()
            self._origin = self.pos()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press is not None:
            self.setPos(self._origin + (event.scenePos() - self._press))

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        press, self._press = self._press, None
        super().mouseReleaseEvent(event)
        if press is None:
            return
        if (event.scenePos() - press).manhattanLength() < 6:
            self.map_scene().persona_clicked.emit(self.item_id)
            return
        self.map_scene().finish_persona_drag(self, event.scenePos())
