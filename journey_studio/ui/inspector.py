"""The inspector dock: edits the selected card, stage, lane, persona or the map itself."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..edit import Command, Update, UpdateInfo, reverse_flow
from ..model import CARD_KINDS, CHANNELS, LANE_KINDS, MAP_TYPES, OWNERS, Change, Document
from ..model.entities import MAX_LANE_HEIGHT, MAX_STAGE_WIDTH, MIN_LANE_HEIGHT, MIN_STAGE_WIDTH
from .forms import FieldForm


def format_metrics(metrics: dict[str, float]) -> str:
    return "; ".join(f"{name}={value:g}" for name, value in metrics.items())


def parse_metrics(text: str) -> dict[str, float]:
    """``"CSAT=4.2; NPS=31"`` → ``{"CSAT": 4.2, "NPS": 31.0}``; raises ValueError on bad input."""
    result: dict[str, float] = {}
    for part in text.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        name, sep, number = part.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"write metrics as name=number; “{part.strip()}” is not")
        value = float(number.strip().rstrip("%"))
        if not math.isfinite(value):
            raise ValueError(f"{name.strip()} must be a number")
        result[name.strip()] = value
    return result


class CardForm(FieldForm):
    """Fields of a card, with persona tags and emotion scores."""

    def __init__(self, commit: Callable[[str, Any, str | None], None], doc: Callable[[], Document]) -> None:
        super().__init__("Card", commit)
        self.doc = doc
        self.add_line("title", "Title", "What happens here")
        self.add_combo("kind", "Kind", CARD_KINDS)
        self.add_text("description", "Description")
        self.add_combo("channel", "Channel", CHANNELS, editable=True)
        self.add_combo("owner", "Owner team", OWNERS, editable=True)
        metrics = self.add_line("metrics_text", "Metrics", "CSAT=4.2; conversion %=3.1")
        metrics.editingFinished.connect(self._commit_metrics)
        metrics.textEdited.disconnect()
        self.add_check("exit", "Intended exit (e.g. churn)")
        self.personas = QListWidget()
        self.personas.setObjectName("personas")
        self.personas.setFixedHeight(72)
        self.personas.itemChanged.connect(self._commit_personas)
        self.form.addRow("Personas", self.personas)
        self.emotion_box = QWidget()
        self.emotion_layout = QVBoxLayout(self.emotion_box)
        self.emotion_layout.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("Emotion (1–5)", self.emotion_box)
        self._emotion_spins: dict[str, QDoubleSpinBox] = {}
        self.metrics_error = QLabel()
        self.metrics_error.setStyleSheet("color: #b42318")
        self.form.addRow(self.metrics_error)

    def _commit_metrics(self) -> None:
        edit = self.editors["metrics_text"]
        assert isinstance(edit, QLineEdit)
        try:
            metrics = parse_metrics(edit.text())
        except ValueError as error:
            self.metrics_error.setText(str(error))
            return
        self.metrics_error.clear()
        self.commit("metrics", metrics, None)

    def _commit_personas(self, _item: QListWidgetItem) -> None:
        tags = [
            self.personas.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.personas.count())
            if self.personas.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.commit("personas", tags, None)

    def _commit_emotion(self) -> None:
        scores = {pid: spin.value() for pid, spin in self._emotion_spins.items() if spin.value() >= 1}
        self.commit("emotion", scores, None)

    def load_card(self, values: dict[str, Any]) -> None:
        values = dict(values, metrics_text=format_metrics(values["metrics"]))
        self.load_values(values)
        doc = self.doc()
        self.personas.blockSignals(True)
        self.personas.clear()
        for persona in doc.personas:
            item = QListWidgetItem(persona.name)
            item.setData(Qt.ItemDataRole.UserRole, persona.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = persona.id in values["personas"]
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.personas.addItem(item)
        self.personas.blockSignals(False)
        if list(self._emotion_spins) != doc.personas.ids():
            while self.emotion_layout.count():
                taken = self.emotion_layout.takeAt(0)
                child = taken.widget() if taken is not None else None
                if child is not None:
                    child.deleteLater()
            self._emotion_spins = {}
            for persona in doc.personas:
                row = QWidget()
                row_layout = QHBoxLayout(row)
                row_layout.setContentsMargins(0, 0, 0, 0)
                row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
                row_layout.addWidget(QLabel(persona.name), 1)
                spin = QDoubleSpinBox()
                spin.setObjectName(f"emotion-{persona.id}")
                spin.setRange(0, 5)
                spin.setSingleStep(0.5)
                spin.setDecimals(1)
                spin.setSpecialValueText("—")
                spin.setKeyboardTracking(False)
                spin.valueChanged.connect(self._on_emotion_spin)
                row_layout.addWidget(spin)
                self.emotion_layout.addWidget(row)
                self._emotion_spins[persona.id] = spin
        for pid, spin in self._emotion_spins.items():
            spin.blockSignals(True)
            spin.setValue(values["emotion"].get(pid, 0.0))
            spin.blockSignals(False)

    def _on_emotion_spin(self, value: float) -> None:
        spin = self.sender()
        if isinstance(spin, QDoubleSpinBox) and 0 < value < 1:
            spin.blockSignals(True)
            spin.setValue(1.0)
            spin.blockSignals(False)
        self._commit_emotion()


class FlowForm(FieldForm):
    """Label and persona of a flow, and a button to reverse it."""

    def __init__(
        self,
        commit: Callable[[str, Any, str | None], None],
        doc: Callable[[], Document],
        reverse: Callable[[], None],
    ) -> None:
        super().__init__("Flow", commit)
        self.doc = doc
        self.ends = QLabel()
        self.ends.setWordWrap(True)
        self.form.addRow(self.ends)
        self.add_line("label", "Label", "e.g. books a demo")
        self.persona = QComboBox()
        self.persona.setObjectName("persona")
        self.persona.activated.connect(lambda i: self.commit("persona", self.persona.itemData(i), None))
        self.form.addRow("Persona", self.persona)
        button = QPushButton("Reverse direction")
        button.clicked.connect(reverse)
        self.form.addRow(button)

    def load_flow(self, values: dict[str, Any]) -> None:
        self.load_values(values)
        doc = self.doc()
        source, target = doc.cards.get(values["source"]), doc.cards.get(values["target"])
        if source is not None and target is not None:
            self.ends.setText(f"From “{source.title or 'Untitled'}” to “{target.title or 'Untitled'}”")
        self.persona.clear()
        self.persona.addItem("Everyone", "")
        for persona in doc.personas:
            self.persona.addItem(persona.name, persona.id)
        self.persona.setCurrentIndex(max(0, self.persona.findData(values["persona"])))


class Inspector(QScrollArea):
    """Shows the form for whatever is selected and writes edits as commands."""

    def __init__(self, push: Callable[[Command], bool]) -> None:
        super().__init__()
        self.push = push
        self.doc: Document | None = None
        self.item_id = ""
        self.collection = ""
        self.setWidgetResizable(True)
        self.setMinimumWidth(280)
        self.pages = QStackedWidget()
        self.setWidget(self.pages)
        self.empty = QLabel("Select a card, a stage, a lane or the map title to edit it.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.empty.setMargin(12)
        self.card_form = CardForm(self._commit, lambda: self._document())
        self.stage_form = FieldForm("Stage", self._commit)
        self.stage_form.add_line("name", "Name")
        self.stage_form.add_text("goal", "Goal")
        self.stage_form.add_number("width", "Column width", MIN_STAGE_WIDTH, MAX_STAGE_WIDTH, 10)
        self.lane_form = FieldForm("Lane", self._commit)
        self.lane_form.add_line("name", "Name")
        self.lane_form.add_combo("kind", "Kind", LANE_KINDS)
        self.lane_form.add_number("height", "Height", MIN_LANE_HEIGHT, MAX_LANE_HEIGHT, 10)
        self.persona_form = FieldForm("Persona", self._commit)
        self.persona_form.add_line("name", "Name")
        self.persona_form.add_line("role", "Role / segment")
        self.persona_form.add_text("goals", "Goals")
        self.persona_form.add_text("needs", "Needs")
        self.persona_form.add_text("pain_points", "Pain points")
        self.persona_form.add_text("quote", "Quote")
        self.persona_form.add_line("colour", "Colour", "#1f77b4")
        picture_row = QWidget()
        picture_layout = QHBoxLayout(picture_row)
        picture_layout.setContentsMargins(0, 0, 0, 0)
        self.persona_buttons: dict[str, QPushButton] = {}
        for name, text in (("colour", "Colour…"), ("avatar", "Picture…"), ("clear", "No picture")):
            button = QPushButton(text)
            button.setObjectName(f"persona-{name}-button")
            button.clicked.connect(lambda _checked=False, n=name: self._persona_tool(n))
            picture_layout.addWidget(button)
            self.persona_buttons[name] = button
        self.persona_form.form.addRow(picture_row)
        self._persona_tools: dict[str, Callable[[str], object]] = {}
        self.map_form = FieldForm("Map", self._commit)
        self.map_form.add_line("title", "Title")
        self.map_form.add_text("description", "Description")
        self.map_form.add_combo("map_type", "Map type", MAP_TYPES)
        self.map_form.add_text("objectives", "Objectives (one per line)", lines_field=True)
        self.map_form.add_line("review_cadence", "Review cadence", "Quarterly")
        self.map_form.add_line("next_review", "Next review", "YYYY-MM-DD")
        self.flow_form = FlowForm(self._commit, lambda: self._document(), self._reverse_flow)
        self.forms: dict[str, FieldForm] = {
            "flows": self.flow_form,
            "cards": self.card_form,
            "stages": self.stage_form,
            "lanes": self.lane_form,
            "personas": self.persona_form,
            "info": self.map_form,
        }
        for page in (self.empty, *self.forms.values()):
            self.pages.addWidget(page)

    def _document(self) -> Document:
        assert self.doc is not None
        return self.doc

    def set_document(self, doc: Document) -> None:
        if self.doc is not None:
            self.doc.unobserve(self._on_changes)
        self.doc = doc
        doc.observe(self._on_changes)
        self.show_item("")

    def show_item(self, item_id: str) -> None:
        """Edit this id (``"map"`` for the map, ``""`` for nothing)."""
        self.item_id, self.collection = item_id, ""
        if self.doc is not None and item_id == "map":
            self.collection = "info"
        elif self.doc is not None and item_id:
            found = self.doc.find(item_id)
            self.collection = found[0] if found and found[0] in self.forms else ""
        if not self.collection:
            self.pages.setCurrentWidget(self.empty)
            return
        self.pages.setCurrentWidget(self.forms[self.collection])
        self._reload()

    def _reload(self) -> None:
        if self.doc is None or not self.collection:
            return
        if self.collection == "info":
            self.map_form.load_values(asdict(self.doc.info))
            return
        entity = self.doc.collection(self.collection).get(self.item_id)
        if entity is None:
            self.show_item("")
            return
        values = asdict(entity)
        if self.collection == "cards":
            self.card_form.load_card(values)
        elif self.collection == "flows":
            self.flow_form.load_flow(values)
        else:
            self.forms[self.collection].load_values(values)

    def set_persona_tools(self, tools: dict[str, Callable[[str], object]]) -> None:
        """Handlers for the persona form's buttons: ``colour``, ``avatar`` and ``clear``."""
        self._persona_tools = dict(tools)

    def _persona_tool(self, name: str) -> None:
        tool = self._persona_tools.get(name)
        if tool is not None and self.collection == "personas":
            tool(self.item_id)

    def _reverse_flow(self) -> None:
        if self.doc is not None and self.item_id in self.doc.flows:
            self.push(reverse_flow(self.doc, self.item_id))

    def focus_editor(self) -> None:
        form = self.forms.get(self.collection)
        if form is not None:
            form.focus_first()

    def _on_changes(self, changes: list[Change]) -> None:
        if self.collection:
            self._reload()

    def _commit(self, field: str, value: Any, merge_key: str | None) -> None:
        if self.doc is None or not self.collection:
            return
        if self.collection == "info":
            if getattr(self.doc.info, field) != value:
                ok = self.push(UpdateInfo({field: value}, f"Change map {field}", merge_key))
                if not ok:
                    self._reload()
            return
        entity = self.doc.collection(self.collection).get(self.item_id)
        if entity is None or getattr(entity, field) == value:
            return
        noun = self.collection[:-1]
        key = f"{self.item_id}-{merge_key}" if merge_key else None
        label = field.replace("_", " ")
        if not self.push(
            Update(self.collection, self.item_id, {field: value}, f"Change {noun} {label}", key)
        ):
            self._reload()
