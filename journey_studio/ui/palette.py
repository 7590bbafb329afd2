"""The palette dock: card kinds to drag onto a cell."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from ..canvas import CARD_KIND_MIME
from ..model import CARD_KINDS
from ..model.kinds import pretty
from ..resources import icon_path


class Palette(QListWidget):
    """Lists card kinds; dragging one onto the map creates a card of that kind."""

    def __init__(self) -> None:
        super().__init__()
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setIconSize(QSize(20, 20))
        self.setSpacing(2)
        for kind in CARD_KINDS:
            item = QListWidgetItem(pretty(kind))
            item.setData(Qt.ItemDataRole.UserRole, kind)
            item.setToolTip(f"Drag onto a cell to add a {pretty(kind).lower()} card")
            path = icon_path(f"kind-{kind}")
            if path is not None:
                item.setIcon(QIcon(str(path)))
            self.addItem(item)

    def mimeTypes(self) -> list[str]:
        return [CARD_KIND_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        if items:
            kind = str(items[0].data(Qt.ItemDataRole.UserRole))
            data.setData(CARD_KIND_MIME, kind.encode("utf-8"))
            data.setText(kind)
        return data
