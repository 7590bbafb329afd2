"""The persona panel: the map's personas as cards; add, duplicate, delete, drag onto the map."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QMimeData, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from ..canvas import PERSONA_MIME
from ..canvas.persona_chip import draw_avatar
from ..model import Persona
from .document_panel import DocumentPanel

ICON = 36


def persona_icon(persona: Persona) -> QIcon:
    pixmap = QPixmap(ICON * 2, ICON * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_avatar(painter, persona, QPointF(ICON / 2, ICON / 2), ICON / 2 - 1)
    painter.end()
    return QIcon(pixmap)


class PersonaList(QListWidget):
    """Personas to select, and to drag onto the header strip or onto a card."""

    def __init__(self) -> None:
        super().__init__()
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setIconSize(QSize(ICON, ICON))
        self.setSpacing(3)

    def mimeTypes(self) -> list[str]:
        return [PERSONA_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        if items:
            persona_id = str(items[0].data(Qt.ItemDataRole.UserRole))
            data.setData(PERSONA_MIME, persona_id.encode("utf-8"))
        return data


class PersonaPanel(DocumentPanel):
    """Lists personas; buttons add, duplicate and delete (the window decides how)."""

    watched = ("personas",)

    persona_selected = Signal(str)

    def __init__(
        self, add: Callable[[], None], duplicate: Callable[[str], None], delete: Callable[[str], None]
    ) -> None:
        super().__init__()
        self.list = PersonaList()
        self.list.setObjectName("persona-list")
        self.list.currentItemChanged.connect(self._on_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()

        def on_current(action: Callable[[str], None]) -> Callable[[], None]:
            return lambda: action(self.current()) if self.current() else None

        for text, handler in (
            ("Add", add),
            ("Duplicate", on_current(duplicate)),
            ("Delete", on_current(delete)),
        ):
            button = QPushButton(text)
            button.setObjectName(f"persona-{text.lower()}")
            button.clicked.connect(handler)
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def current(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def select(self, persona_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == persona_id:
                self.list.setCurrentRow(row)
                return

    def refresh(self) -> None:
        if self.doc is None:
            return
        current = self.current()
        self.list.blockSignals(True)
        self.list.clear()
        for persona in self.doc.personas:
            text = persona.name + (f"\n{persona.role}" if persona.role else "")
            if not persona.on_map:
                text += "\n(not on the map — drag it onto the header)"
            item = QListWidgetItem(persona_icon(persona), text)
            item.setData(Qt.ItemDataRole.UserRole, persona.id)
            item.setToolTip("Drag onto the map's header to show it, or onto a card to tag the card.")
            self.list.addItem(item)
        self.list.blockSignals(False)
        if current:
            self.list.blockSignals(True)
            self.select(current)
            self.list.blockSignals(False)

    def _on_current(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.persona_selected.emit(str(current.data(Qt.ItemDataRole.UserRole)))
