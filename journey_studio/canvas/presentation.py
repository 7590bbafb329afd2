"""Presentation overlay: shade every stage but the one being walked through."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout import MapLayout


class StageSpotlight(QGraphicsItem):
    """Covers the other stages' columns and headers with a translucent shade."""

    def __init__(self) -> None:
        super().__init__()
        self.map_layout = MapLayout()
        self.stage_id = ""
        self.shade = QColor(255, 255, 255, 205)
        self.setZValue(100)
        self.setAcceptedMouseButtons(self.acceptedMouseButtons().NoButton)

    def set_stage(self, layout: MapLayout, stage_id: str, dark: bool) -> None:
        self.prepareGeometryChange()
        self.map_layout, self.stage_id = layout, stage_id
        self.shade = QColor(16, 22, 30, 215) if dark else QColor(255, 255, 255, 205)
        self.update()

    def boundingRect(self) -> QRectF:
        grid = self.map_layout.grid
        top = min((r.y for r in self.map_layout.stage_headers.values()), default=grid.y)
        return QRectF(grid.x, top, grid.width, grid.bottom - top)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        layout = self.map_layout
        for stage_id, column in layout.columns.items():
            if stage_id == self.stage_id:
                continue
            header = layout.stage_headers[stage_id]
            painter.fillRect(QRectF(column.x, header.y, column.width, column.bottom - header.y), self.shade)
