"""Quick capture: type into a cell and each Enter makes a card, without touching the mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout

from ..edit import add_card
from ..layout.metrics import CARD_GAP, CARD_HEIGHT, CELL_PADDING
from ..model import DEFAULT_CARD_KIND
from ..model.kinds import pretty

if TYPE_CHECKING:
    from .view import MapView

PREFIXES = {"!": "pain_point", "?": "thought", "+": "opportunity", "$": "metric"}
HINT = "Enter adds · Tab/Shift+Tab stage · Ctrl+↑/↓ lane · Esc stops — ! pain  ? thought  + idea  $ metric"


def parse_capture(text: str, lane_kind: str) -> tuple[str, str]:
    """The card kind and title a typed line stands for (a prefix picks the kind)."""
    stripped = text.strip()
    if stripped[:1] in PREFIXES:
        return PREFIXES[stripped[:1]], stripped[1:].strip()
    return DEFAULT_CARD_KIND[lane_kind], stripped


class CaptureLine(QLineEdit):
    """The line typed into; its special keys are handled by the CaptureEditor."""

    special_key = Signal(object)  # a QKeyEvent

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
            Qt.Key.Key_Escape,
        ) or (ctrl and key in (Qt.Key.Key_Up, Qt.Key.Key_Down)):
            self.special_key.emit(event)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, _next: bool) -> bool:
        return False  # Tab moves between stages, not out of the editor


class CaptureEditor(QFrame):
    """A small editor floating over the cell being filled."""

    def __init__(self, view: MapView) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.cell: tuple[str, str] | None = None
        self.setObjectName("capture-editor")
        self.setStyleSheet(
            "#capture-editor { background: #ffffff; border: 2px solid #2563eb; border-radius: 6px; }"
            "QLabel { color: #5b6775; font-size: 8pt; }"
        )
        self.line = CaptureLine(self)
        self.line.setObjectName("capture-line")
        self.line.setFrame(False)
        self.line.setPlaceholderText("Type a card, Enter to add it")
        self.line.special_key.connect(self._on_special_key)
        self.line.textChanged.connect(self._update_hint)
        self.hint = QLabel(HINT, self)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.hint)
        self.hide()

    def is_active(self) -> bool:
        return self.isVisible()

    def start(self, cell: tuple[str, str], text: str = "") -> None:
        """Begin capturing into ``cell``, with ``text`` already typed."""
        self.cell = cell
        self.view.map_scene().set_current_cell(cell)
        self.line.setText(text)
        self.place()
        self.show()
        self.raise_()
        self.line.setFocus(Qt.FocusReason.OtherFocusReason)
        self.line.end(False)

    def place(self) -> None:
        """Sit where the cell's next card will go, and keep that place in view."""
        if self.cell is None:
            return
        scene = self.view.map_scene()
        cell = scene.map_layout.cells.get(self.cell) if scene is not None else None
        if scene is None or cell is None:
            self.stop()
            return
        layout = scene.map_layout
        ids = [c.id for c in scene.doc.cell_cards(*self.cell)]
        top = (
            layout.cards[ids[-1]].bottom + CARD_GAP
            if ids and ids[-1] in layout.cards
            else cell.y + CELL_PADDING
        )
        target = QRectF(cell.x + CELL_PADDING, top, cell.width - 2 * CELL_PADDING, CARD_HEIGHT)
        self.view.ensureVisible(target, 40, 40)
        rect = self.view.mapFromScene(target).boundingRect()
        self.setGeometry(rect.x(), rect.y(), max(rect.width(), 220), max(rect.height(), 64))

    def _update_hint(self, text: str) -> None:
        if self.cell is None:
            return
        lane_kind = self.view.map_scene().doc.lanes[self.cell[1]].kind
        kind, _title = parse_capture(text, lane_kind)
        self.hint.setText(f"Adds a {pretty(kind).lower()} card · {HINT}")

    def commit(self) -> bool:
        """Turn the typed line into a card (one undo step). False if there was nothing to add."""
        scene = self.view.map_scene()
        if self.cell is None or self.cell[0] not in scene.doc.stages or self.cell[1] not in scene.doc.lanes:
            return False
        kind, title = parse_capture(self.line.text(), scene.doc.lanes[self.cell[1]].kind)
        if not title:
            return False
        command, _card_id = add_card(scene.doc, self.cell[0], self.cell[1], kind, title)
        if scene.push(command):
            self.line.clear()
            return True
        return False

    def stop(self) -> None:
        self.hide()
        self.cell = None
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _move(self, d_stage: int, d_lane: int) -> None:
        assert self.cell is not None
        doc = self.view.map_scene().doc
        stages, lanes = doc.stages.ids(), doc.lanes.ids()
        s = min(max(stages.index(self.cell[0]) + d_stage, 0), len(stages) - 1)
        lane = min(max(lanes.index(self.cell[1]) + d_lane, 0), len(lanes) - 1)
        self.start((stages[s], lanes[lane]))

    def _on_special_key(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
            self.place()
        elif key == Qt.Key.Key_Tab:
            self.commit()
            self._move(1, 0)
        elif key == Qt.Key.Key_Backtab:
            self.commit()
            self._move(-1, 0)
        elif key == Qt.Key.Key_Up:
            self.commit()
            self._move(0, -1)
        elif key == Qt.Key.Key_Down:
            self.commit()
            self._move(0, 1)
        elif key == Qt.Key.Key_Escape:
            self.commit()  # never lose what was typed
            self.stop()
