"""Stage and lane headers: draw names, reorder by dragging, resize by their far edge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ..layout import Rect
from ..layout.theme import (
    INK,
    LANE_ACCENTS,
    LANE_FILL,
    MUTED_INK,
    SELECTION,
    STAGE_FILL,
    STAGE_GOAL_INK,
    STAGE_INK,
)
from ..model import Lane, Stage
from ..model.kinds import pretty
from .painting import colour, draw_lines, font, wrap_lines

if TYPE_CHECKING:
    from .scene import MapScene

EDGE_GRIP = 6.0
NAME_FONT = font(11, bold=True)
SMALL_FONT = font(8.5)


class HeaderItem(QGraphicsItem):
    """Common behaviour of stage (horizontal) and lane (vertical) headers."""

    collection = ""
    horizontal = True

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id
        self._size = (0.0, 0.0)
        self._mode = ""  # "", "reorder" or "resize"
        self._press: QPointF | None = None
        self._origin = QPointF()
        self._start_extent = 0.0
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(5)

    def map_scene(self) -> MapScene:
        return self.scene()  # type: ignore[return-value]

    def set_geometry(self, rect: Rect) -> None:
        if (rect.width, rect.height) != self._size:
            self.prepareGeometryChange()
            self._size = (rect.width, rect.height)
        self.setPos(rect.x, rect.y)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, *self._size)

    def _on_edge(self, pos: QPointF) -> bool:
        if self.horizontal:
            return pos.x() >= self._size[0] - EDGE_GRIP
        return pos.y() >= self._size[1] - EDGE_GRIP

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if self._on_edge(event.pos()):
            shape = Qt.CursorShape.SizeHorCursor if self.horizontal else Qt.CursorShape.SizeVerCursor
        else:
            shape = Qt.CursorShape.OpenHandCursor
        self.setCursor(shape)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._press = event.scenePos()
        self._origin = self.pos()
        self._start_extent = self._size[0] if self.horizontal else self._size[1]
        self._mode = "resize" if self._on_edge(event.pos()) else "reorder"
        if self._mode == "resize":
            self.map_scene().begin_resize(self)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press is None or not self._mode:
            return
        delta = event.scenePos() - self._press
        if self._mode == "resize":
            along = delta.x() if self.horizontal else delta.y()
            self.map_scene().resize_to(self, self._start_extent + along)
            return
        self.setZValue(50)
        if self.horizontal:
            self.setPos(self._origin.x() + delta.x(), self._origin.y())
        else:
            self.setPos(self._origin.x(), self._origin.y() + delta.y())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        mode, press = self._mode, self._press
        self._mode, self._press = "", None
        self.setZValue(5)
        super().mouseReleaseEvent(event)
        if mode == "reorder" and press is not None and (event.scenePos() - press).manhattanLength() > 4:
            self.map_scene().finish_reorder(self, event.scenePos())
        elif mode == "resize":
            self.map_scene().end_resize()

    def cancel_gesture(self) -> None:
        """Esc during a reorder drag: put the header back."""
        if self._mode == "reorder":
            self.setPos(self._origin)
        self._mode, self._press = "", None
        self.setZValue(5)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.map_scene().edit_requested.emit(self.item_id)

    def _paint_selection(self, painter: QPainter, rect: QRectF) -> None:
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colour(SELECTION), 2.5))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)


class StageHeaderItem(HeaderItem):
    """A stage's column header: name and goal."""

    collection = "stages"
    horizontal = True

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage.id)
        self.stage = stage

    def refresh(self, stage: Stage) -> None:
        self.stage = stage
        self.setToolTip(stage.goal)
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        width, height = self._size
        rect = QRectF(3, 4, width - 6, height - 8)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour(STAGE_FILL)))
        painter.drawRoundedRect(rect, 6, 6)
        name_metrics = QFontMetricsF(NAME_FONT)
        painter.setFont(NAME_FONT)
        painter.setPen(colour(STAGE_INK))
        name = name_metrics.elidedText(self.stage.name, Qt.TextElideMode.ElideRight, rect.width() - 24)
        painter.drawText(QPointF(rect.left() + 12, rect.top() + 8 + name_metrics.ascent()), name)
        if self.stage.goal:
            small = QFontMetricsF(SMALL_FONT)
            painter.setFont(SMALL_FONT)
            painter.setPen(colour(STAGE_GOAL_INK))
            lines = wrap_lines(self.stage.goal, small, rect.width() - 24, 2)
            draw_lines(
                painter, lines, QRectF(rect.left() + 12, rect.top() + 28, rect.width() - 24, 28), small
            )
        self._paint_selection(painter, rect)


class LaneHeaderItem(HeaderItem):
    """A lane's row header: name and kind."""

    collection = "lanes"
    horizontal = False

    def __init__(self, lane: Lane) -> None:
        super().__init__(lane.id)
        self.lane = lane

    def refresh(self, lane: Lane) -> None:
        self.lane = lane
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        width, height = self._size
        rect = QRectF(0, 0, width - 4, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour(LANE_FILL)))
        painter.drawRect(rect)
        painter.setBrush(QBrush(colour(LANE_ACCENTS.get(self.lane.kind, MUTED_INK))))
        painter.drawRect(QRectF(0, 0, 4, height))
        name_metrics = QFontMetricsF(NAME_FONT)
        painter.setFont(NAME_FONT)
        painter.setPen(colour(INK))
        lines = wrap_lines(self.lane.name, name_metrics, rect.width() - 26, 2)
        draw_lines(painter, lines, QRectF(16, 12, rect.width() - 26, 40), name_metrics)
        small = QFontMetricsF(SMALL_FONT)
        painter.setFont(SMALL_FONT)
        painter.setPen(colour(MUTED_INK))
        caption_y = 12 + len(lines) * name_metrics.lineSpacing() + small.ascent() + 2
        caption = pretty(self.lane.kind)
        if caption.lower() != self.lane.name.strip().lower():
            painter.drawText(QPointF(16, caption_y), caption)
        painter.setPen(QPen(colour("#d5dbe3"), 1))
        painter.drawLine(QPointF(0, height - 0.5), QPointF(rect.width(), height - 0.5))
        self._paint_selection(painter, rect)
