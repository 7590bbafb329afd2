"""The graphics item of one card: draws the card and reports drags to the scene."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ..layout import Rect
from ..layout.theme import CARD_STYLES, INK, MUTED_INK, SELECTION
from ..model import Card
from .painting import colour, draw_lines, font, icon_pixmap, wrap_lines

if TYPE_CHECKING:
    from .scene import MapScene

TITLE_FONT = font(9.5, bold=True)
META_FONT = font(8)
DRAG_THRESHOLD = 4.0
HANDLE_RADIUS = 7.0
DOT_COLOUR = "#e11d48"
GAP_BADGES = {"error": "#d93636", "warning": "#e08a00", "info": "#1e6fd9"}


class CardItem(QGraphicsRectItem):
    """A card, drawn inside its cell; selectable and draggable to another cell."""

    def __init__(self, card: Card) -> None:
        super().__init__()
        self.card_id = card.id
        self._card = card
        self._size = (0.0, 0.0)
        self.setPen(QPen(Qt.PenStyle.NoPen))  # the rectangle is only the bounds (see set_geometry)
        self._rect: Rect | None = None
        self._title_lines: list[str] = []
        self._press_pos: QPointF | None = None
        self.dragging = False
        self._hovered = False
        self.gap_severity = ""
        self.vote_dots = 0
        self.open_comments = 0
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setAcceptHoverEvents(True)
        self.setZValue(10)
        # Cards repaint often while others move; a cached pixmap makes that a blit.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.refresh(card)

    # ---- model → item ------------------------------------------------------------------------
    def refresh(self, card: Card) -> None:
        """Take on the card's current values."""
        self._card = card
        self._title_lines = []
        tip = card.title
        if card.description:
            tip += "\n\n" + card.description
        self.setToolTip(tip)
        self.update()

    def set_workshop_marks(self, dots: int, comments: int) -> None:
        """Dots from the current vote and the number of open comment threads on this card."""
        if (dots, comments) != (self.vote_dots, self.open_comments):
            self.vote_dots, self.open_comments = dots, comments
            self.update()

    def set_gap_severity(self, severity: str) -> None:
        """Show a badge when the gap check names this card ("" for none)."""
        if severity != self.gap_severity:
            self.gap_severity = severity
            self.update()

    def set_geometry(self, rect: Rect) -> None:
        if rect == self._rect:
            return
        self._rect = rect
        if (rect.width, rect.height) != self._size:
            self._size = (rect.width, rect.height)
            # the bounds live in Qt (no call into Python each time the scene asks for them)
            self.setRect(QRectF(-2, -8, rect.width + 10 + HANDLE_RADIUS, rect.height + 10))
            self._title_lines = []
        self.setPos(rect.x, rect.y)

    def forget_geometry(self) -> None:
        """The item was moved by hand: the next layout must place it again."""
        self._rect = None

    def map_scene(self) -> MapScene:
        return self.scene()  # type: ignore[return-value]

    # ---- painting ----------------------------------------------------------------------------
    def has_handle(self) -> bool:
        return self._card.kind == "touchpoint"

    def handle_centre(self) -> QPointF:
        return QPointF(self._size[0], self._size[1] / 2)

    def on_handle(self, pos: QPointF) -> bool:
        return self.has_handle() and (pos - self.handle_centre()).manhattanLength() <= HANDLE_RADIUS + 3

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, *self._size), 6, 6)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        card = self._card
        style = CARD_STYLES.get(card.kind, CARD_STYLES["note"])
        width, height = self._size
        body = QRectF(0, 0, width, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour("#d5dbe3"), 1))
        painter.setBrush(QBrush(colour(style.fill)))
        painter.drawRoundedRect(body, 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour(style.accent)))
        painter.drawRoundedRect(QRectF(0, 0, 4, height), 2, 2)

        kind_icon = icon_pixmap(f"kind-{card.kind}", 14, style.accent)
        text_left = 12.0
        if kind_icon is not None:
            painter.drawPixmap(QPointF(10, 8), kind_icon)
            text_left = 30.0
        metrics = QFontMetricsF(TITLE_FONT)
        title_width = width - text_left - (40 if card.exit else 8)
        if not self._title_lines:
            self._title_lines = wrap_lines(card.title or "Untitled", metrics, title_width, 2)
        painter.setFont(TITLE_FONT)
        painter.setPen(colour(INK if card.title else MUTED_INK))
        draw_lines(painter, self._title_lines, QRectF(text_left, 7, title_width, 34), metrics)
        self._paint_meta(painter, width, height)
        if card.exit:
            painter.setPen(QPen(colour(style.accent), 1.2))
            painter.setFont(META_FONT)
            painter.drawText(QRectF(width - 40, 4, 34, 14), Qt.AlignmentFlag.AlignRight, "EXIT")
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colour(SELECTION), 2.2))
            painter.drawRoundedRect(body.adjusted(-1, -1, 1, 1), 7, 7)
        if self.vote_dots:
            self._paint_dots(painter, width, height)
        if self.open_comments:
            painter.setPen(QPen(colour("#ffffff"), 1.2))
            painter.setBrush(QBrush(colour("#7c3aed")))
            bubble = QRectF(width - 46, -6, 18, 13)
            painter.drawRoundedRect(bubble, 4, 4)
            painter.setFont(META_FONT)
            painter.setPen(colour("#ffffff"))
            painter.drawText(bubble, Qt.AlignmentFlag.AlignCenter, str(self.open_comments))
        if self.gap_severity:
            badge = GAP_BADGES[self.gap_severity]
            painter.setPen(QPen(colour("#ffffff"), 1.5))
            painter.setBrush(QBrush(colour(badge)))
            painter.drawEllipse(QPointF(width - 2, 2), 6.5, 6.5)
            painter.setPen(QPen(colour("#ffffff"), 1.6))
            painter.drawLine(QPointF(width - 2, -1.5), QPointF(width - 2, 3))
            painter.drawPoint(QPointF(width - 2, 5.2))
        if self._hovered and self.has_handle():
            # The connection handle: drag from it to another touchpoint to draw a flow.
            painter.setPen(QPen(colour("#ffffff"), 1.5))
            painter.setBrush(QBrush(colour(SELECTION)))
            painter.drawEllipse(self.handle_centre(), HANDLE_RADIUS - 1.5, HANDLE_RADIUS - 1.5)

    def _paint_dots(self, painter: QPainter, width: float, height: float) -> None:
        """Vote dots: big enough to count from the back of a room."""
        shown = min(self.vote_dots, 8)
        painter.setPen(QPen(colour("#ffffff"), 1.2))
        painter.setBrush(QBrush(colour(DOT_COLOUR)))
        x = width - 12
        for _ in range(shown):
            painter.drawEllipse(QPointF(x, height - 26), 5.5, 5.5)
            x -= 13
        if self.vote_dots > shown:
            painter.setFont(META_FONT)
            painter.setPen(colour(DOT_COLOUR))
            painter.drawText(QPointF(x - 14, height - 22), f"+{self.vote_dots - shown}")

    def _paint_meta(self, painter: QPainter, width: float, height: float) -> None:
        card = self._card
        painter.setFont(META_FONT)
        metrics = QFontMetricsF(META_FONT)
        baseline = height - 9
        x = 12.0
        if card.channel:
            channel_icon = icon_pixmap(f"channel-{card.channel}", 12, MUTED_INK)
            if channel_icon is not None:
                painter.drawPixmap(QPointF(x, baseline - 10), channel_icon)
                x += 16
        parts = [p for p in (card.channel, card.owner) if p]
        if card.metrics:
            name, value = next(iter(card.metrics.items()))
            parts.append(f"{name} {value:g}")
        dots_width = 10.0 * len(card.personas)
        text = " · ".join(parts)
        painter.setPen(colour(MUTED_INK))
        available = width - x - 8 - dots_width
        painter.drawText(
            QPointF(x, baseline), metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, available))
        )
        scene = self.scene()
        doc = getattr(scene, "doc", None)
        dot_x = width - 10 - dots_width + 5
        for persona_id in card.personas:
            persona = doc.personas.get(persona_id) if doc is not None else None
            if persona is None:
                continue
            painter.setPen(QPen(colour("#ffffff"), 1))
            painter.setBrush(QBrush(colour(persona.colour)))
            painter.drawEllipse(QPointF(dot_x, baseline - 3.5), 4, 4)
            dot_x += 10

    # ---- interaction -------------------------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.on_handle(event.pos()):
            self._press_pos = None
            self.map_scene().begin_connect(self.card_id, event.scenePos())
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            # Shift adds to the selection like Ctrl, as in most editors.
            event.setModifiers(event.modifiers() | Qt.KeyboardModifier.ControlModifier)
        self._press_pos = event.scenePos()
        self.dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.map_scene().connecting:
            self.map_scene().track_connect(event.scenePos())
            return
        if self._press_pos is None or self.map_scene().drag_cancelled:
            return
        delta = event.scenePos() - self._press_pos
        if not self.dragging and abs(delta.x()) + abs(delta.y()) < DRAG_THRESHOLD:
            return
        if not self.dragging:
            self.dragging = True
            self.map_scene().begin_card_drag(self)
        super().mouseMoveEvent(event)
        self.map_scene().track_card_drag(event.scenePos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.map_scene().connecting:
            self.map_scene().finish_connect(event.scenePos())
            return
        was_dragging = self.dragging
        self.dragging = False
        self._press_pos = None
        super().mouseReleaseEvent(event)
        if was_dragging:
            self.map_scene().finish_card_drag(event.scenePos())

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.map_scene().edit_requested.emit(self.card_id)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.update()

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        shape = Qt.CursorShape.CrossCursor if self.on_handle(event.pos()) else Qt.CursorShape.OpenHandCursor
        self.setCursor(shape)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.update()
