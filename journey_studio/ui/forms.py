"""Form building blocks for the inspector: widgets bound to one field of the model."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..model.kinds import pretty

Commit = Callable[[str, Any, str | None], None]  # field, value, merge key
_sessions = itertools.count(1)


class _FocusWatcher(QObject):
    """Starts a new typing session each time a text widget gains focus."""

    def __init__(self, on_focus: Callable[[], None]) -> None:
        super().__init__()
        self.on_focus = on_focus

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.on_focus()
        return False


class FieldForm(QWidget):
    """A QFormLayout of editors, each writing one field through ``commit``.

    Text edits are live: every keystroke commits, and a burst of typing in one field
    (until focus leaves) merges into one undo step.
    """

    def __init__(self, title: str, commit: Commit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commit = commit
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        heading = QLabel(f"<b>{title}</b>")
        self.form.addRow(heading)
        self.editors: dict[str, QWidget] = {}
        self._loaders: dict[str, Callable[[Any], None]] = {}
        self._session: dict[str, str] = {}
        self._watchers: list[_FocusWatcher] = []

    def _key(self, field: str) -> str:
        return self._session.setdefault(field, f"{field}-{next(_sessions)}")

    def _new_session(self, field: str) -> None:
        self._session[field] = f"{field}-{next(_sessions)}"

    def _watch(self, field: str, widget: QWidget) -> None:
        watcher = _FocusWatcher(lambda: self._new_session(field))
        widget.installEventFilter(watcher)
        self._watchers.append(watcher)

    def add_line(self, field: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(field)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda text: self.commit(field, text, self._key(field)))
        self._watch(field, edit)

        def load_line(v: Any) -> None:
            if edit.text() != v:
                edit.setText(v)
                edit.setCursorPosition(0)

        self._register(field, label, edit, load_line)
        return edit

    def add_text(self, field: str, label: str, lines_field: bool = False) -> QPlainTextEdit:
        """A multi-line editor; with ``lines_field`` the value is a list of non-empty lines."""
        edit = QPlainTextEdit()
        edit.setObjectName(field)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(72)

        def value() -> Any:
            text = edit.toPlainText()
            return [line.strip() for line in text.splitlines() if line.strip()] if lines_field else text

        def load(v: Any) -> None:
            text = "\n".join(v) if lines_field else v
            if value() != v:
                edit.setPlainText(text)

        def on_change() -> None:
            if edit.hasFocus():
                self.commit(field, value(), self._key(field))

        edit.textChanged.connect(on_change)
        self._watch(field, edit)
        self._register(field, label, edit, load)
        return edit

    def add_combo(self, field: str, label: str, choices: Sequence[str], editable: bool = False) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(field)
        combo.setEditable(editable)
        if editable:
            combo.addItem("")
            combo.addItems(list(choices))
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = combo.lineEdit()
            assert line is not None
            line.editingFinished.connect(lambda: self.commit(field, combo.currentText().strip(), None))
            combo.activated.connect(lambda _i: self.commit(field, combo.currentText().strip(), None))
        else:
            for choice in choices:
                combo.addItem(pretty(choice), choice)
            combo.activated.connect(lambda i: self.commit(field, combo.itemData(i), None))

        def load(v: Any) -> None:
            if editable:
                if combo.currentText() != v:
                    combo.setEditText(v)
            else:
                combo.setCurrentIndex(max(0, combo.findData(v)))

        self._register(field, label, combo, load)
        return combo

    def add_number(self, field: str, label: str, low: float, high: float, step: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(field)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setDecimals(0 if step >= 1 else 1)
        spin.setKeyboardTracking(False)
        spin.valueChanged.connect(lambda v: self.commit(field, float(v), self._key(field)))
        self._watch(field, spin)
        self._register(field, label, spin, lambda v: spin.setValue(v) if spin.value() != v else None)
        return spin

    def add_check(self, field: str, label: str) -> QCheckBox:
        box = QCheckBox(label)
        box.setObjectName(field)
        box.toggled.connect(lambda on: self.commit(field, bool(on), None))
        self._register(field, "", box, lambda v: box.setChecked(bool(v)) if box.isChecked() != v else None)
        return box

    def _register(self, field: str, label: str, widget: QWidget, loader: Callable[[Any], None]) -> None:
        self.editors[field] = widget
        self._loaders[field] = loader
        if label:
            self.form.addRow(label, widget)
        else:
            self.form.addRow(widget)

    def load_values(self, values: dict[str, Any]) -> None:
        """Show model values without committing anything back."""
        for field, value in values.items():
            loader = self._loaders.get(field)
            if loader is None:
                continue
            widget = self.editors[field]
            widget.blockSignals(True)
            try:
                loader(value)
            finally:
                widget.blockSignals(False)

    def focus_first(self) -> None:
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(first, QLineEdit):
                first.selectAll()
