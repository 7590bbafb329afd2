"""Items behind the cards: the lane bands and cell lines, the map title and the persona strip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout import MapLayout
from ..layout.theme import BAND_EVEN, BAND_ODD, DROP_TARGET, GRID_LINE, INK, MUTED_INK, SELECTION
from ..model import Document
from ..model.kinds import pretty
from .painting import colour, font

if TYPE_CHECKING:
    pass

TITLE_FONT = font(18, bold=True)
SUBTITLE_FONT = font(9)
PERSONA_FONT = font(9.5, bold=True)
ROLE_FONT = font(8)


class GridItem(QGraphicsItem):
    """Lane bands, column lines and the drop-target highlight, painted as one item."""

    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.doc = doc
        self.map_layout = MapLayout()
        self.drop_cell: tuple[str, str] | None = None
        self.tinted_stages: set[str] = set()
        self.current_cell: tuple[str, str] | None = None
        self.setZValue(0)

    def set_layout(self, layout: MapLayout) -> None:
        """Follow a new layout; repaints only when lanes or columns moved (cards are not drawn here)."""
        old = self.map_layout
        self.map_layout = layout
        if (old.grid, old.lanes, old.columns) == (layout.grid, layout.lanes, layout.columns):
            return
        self.prepareGeometryChange()
        self.update()

    def _update_cell(self, cell: tuple[str, str] | None) -> None:
        rect = self.map_layout.cells.get(cell) if cell is not None else None
        if rect is not None:
            self.update(QRectF(rect.x - 2, rect.y - 2, rect.width + 4, rect.height + 4))

    def set_current_cell(self, cell: tuple[str, str] | None) -> None:
        if cell != self.current_cell:
            self._update_cell(self.current_cell)
            self._update_cell(cell)
            self.current_cell = cell

    def set_tinted_stages(self, stage_ids: set[str]) -> None:
        """Columns of stages the gap check finds empty for some persona."""
        if stage_ids != self.tinted_stages:
            self.tinted_stages = set(stage_ids)
            self.update()

    def set_drop_cell(self, cell: tuple[str, str] | None) -> None:
        """Highlight the cell a dragged card would land in; repaints just the two cells."""
        if cell == self.drop_cell:
            return
        self._update_cell(self.drop_cell)
        self._update_cell(cell)
        self.drop_cell = cell

    def boundingRect(self) -> QRectF:
        grid = self.map_layout.grid
        return QRectF(grid.x - 1, grid.y - 1, grid.width + 2, grid.height + 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        layout = self.map_layout
        painter.setPen(Qt.PenStyle.NoPen)
        for index, rect in enumerate(layout.lanes.values()):
            painter.setBrush(QBrush(colour(BAND_EVEN if index % 2 == 0 else BAND_ODD)))
            painter.drawRect(QRectF(rect.x, rect.y, rect.width, rect.height))
        tint = colour("#e08a00")
        tint.setAlpha(28)
        for stage_id in self.tinted_stages:
            column = layout.columns.get(stage_id)
            if column is not None:
                painter.fillRect(QRectF(column.x, column.y, column.width, column.height), tint)
        painter.setPen(QPen(colour(GRID_LINE), 1))
        grid = layout.grid
        for rect in layout.columns.values():
            painter.drawLine(QPointF(rect.x, grid.y), QPointF(rect.x, grid.bottom))
        painter.drawLine(QPointF(grid.right, grid.y), QPointF(grid.right, grid.bottom))
        for rect in layout.lanes.values():
            painter.drawLine(QPointF(grid.x, rect.bottom), QPointF(grid.right, rect.bottom))
        if self.current_cell is not None and self.current_cell in layout.cells:
            cell = layout.cells[self.current_cell]
            painter.setPen(QPen(colour(SELECTION), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(cell.x + 2, cell.y + 2, cell.width - 4, cell.height - 4), 6, 6)
        if self.drop_cell is not None and self.drop_cell in layout.cells:
            cell = layout.cells[self.drop_cell]
            highlight = colour(DROP_TARGET)
            painter.setPen(QPen(highlight, 2, Qt.PenStyle.DashLine))
            fill = colour(DROP_TARGET).lighter(190)
            fill.setAlpha(70)
            painter.setBrush(QBrush(fill))
            painter.drawRoundedRect(QRectF(cell.x + 2, cell.y + 2, cell.width - 4, cell.height - 4), 6, 6)


class TitleItem(QGraphicsItem):
    """The map's title block and its persona strip; selecting it selects the map."""

    item_id = "map"

    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.doc = doc
        self.map_layout = MapLayout()
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)

    def set_layout(self, layout: MapLayout) -> None:
        old = self.map_layout.title
        self.map_layout = layout
        if layout.title != old:
            self.prepareGeometryChange()
            self.update()

    def boundingRect(self) -> QRectF:
        title = self.map_layout.title
        return QRectF(title.x, title.y, max(title.width, 400), title.height)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        layout = self.map_layout
        title = layout.title
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(TITLE_FONT)
        painter.setFont(TITLE_FONT)
        painter.setPen(colour(INK))
        text = metrics.elidedText(self.doc.info.title, Qt.TextElideMode.ElideRight, max(title.width, 400))
        painter.drawText(QPointF(title.x, title.y + metrics.ascent() + 4), text)
        sub = QFontMetricsF(SUBTITLE_FONT)
        painter.setFont(SUBTITLE_FONT)
        painter.setPen(colour(MUTED_INK))
        info = self.doc.info
        subtitle = pretty(info.map_type) + " map"
        if info.description:
            subtitle += " — " + info.description.splitlines()[0]
        subtitle = sub.elidedText(subtitle, Qt.TextElideMode.ElideRight, max(title.width, 400))
        painter.drawText(QPointF(title.x, title.y + metrics.height() + sub.ascent() + 8), subtitle)
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colour(SELECTION), 2))
            painter.drawRoundedRect(self.boundingRect().adjusted(-4, -2, 4, 2), 6, 6)
