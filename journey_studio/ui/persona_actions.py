"""Persona handling of the main window: add, duplicate, delete (asking about tags), focus, avatar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QComboBox, QFileDialog, QInputDialog, QMessageBox

from ..edit import Update, add_persona, delete_persona, duplicate_persona
from ..model import ModelError
from .avatar import AvatarError, load_avatar

if TYPE_CHECKING:
    from .main_window import MainWindow

IMAGE_FILTER = "Pictures (*.png *.jpg *.jpeg *.svg);;All files (*)"


class PersonaActions:
    """Mixed into MainWindow."""

    def add_persona(self: MainWindow) -> None:  # type: ignore[misc]
        command, persona_id = add_persona(self.doc)
        if self.push(command):
            self.show_persona(persona_id)

    def duplicate_persona(self: MainWindow, persona_id: str) -> None:  # type: ignore[misc]
        command, new_id = duplicate_persona(self.doc, persona_id)
        if self.push(command):
            self.show_persona(new_id)

    def delete_persona(self: MainWindow, persona_id: str) -> None:  # type: ignore[misc]
        """Ask what happens to the persona's tags and scores, then delete it as one undo step."""
        persona = self.doc.personas[persona_id]
        users = self.doc.references_to("personas", persona_id)
        move_to = ""
        if users:
            others = [p for p in self.doc.personas if p.id != persona_id]
            choices = ["Remove its tags and scores"] + [f"Give them to {p.name}" for p in others]
            choice, ok = self.ask_choice(
                "Delete persona",
                f"“{persona.name}” tags or scores {len(users)} cards and flows. What should happen to them?",
                choices,
            )
            if not ok:
                return
            index = choices.index(choice)
            move_to = others[index - 1].id if index > 0 else ""
        try:
            command = delete_persona(self.doc, persona_id, move_to)
        except ModelError as error:
            self.show_error(str(error))
            return
        if self.push(command) and self.scene is not None and self.scene.focus_persona == persona_id:
            self.set_focus("")

    def ask_choice(self: MainWindow, title: str, text: str, choices: list[str]) -> tuple[str, bool]:  # type: ignore[misc]
        """One choice from a list (a method so tests can answer it)."""
        choice, ok = QInputDialog.getItem(self, title, text, choices, 0, False)
        return choice, ok

    def show_persona(self: MainWindow, persona_id: str) -> None:  # type: ignore[misc]
        self.persona_panel.select(persona_id)
        self.inspector.show_item(persona_id)
        self.inspector_dock.show()

    # ---- focus -------------------------------------------------------------------------------
    def refresh_focus_combo(self: MainWindow) -> None:  # type: ignore[misc]
        combo: QComboBox = self.focus_combo
        current = self.scene.focus_persona if self.scene is not None else ""
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All personas", "")
        for persona in self.doc.personas:
            combo.addItem(persona.name, persona.id)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def set_focus(self: MainWindow, persona_id: str) -> None:  # type: ignore[misc]
        """Show one persona's journey ("" for everyone)."""
        if self.scene is None:
            return
        self.scene.set_focus_persona(persona_id)
        self.focus_combo.blockSignals(True)
        self.focus_combo.setCurrentIndex(max(0, self.focus_combo.findData(self.scene.focus_persona)))
        self.focus_combo.blockSignals(False)

    def toggle_focus(self: MainWindow, persona_id: str) -> None:  # type: ignore[misc]
        """A click on a persona in the header focuses it; a second click shows everyone again."""
        if self.scene is not None:
            self.set_focus("" if self.scene.focus_persona == persona_id else persona_id)
            self.show_persona(persona_id)

    # ---- avatar and colour -------------------------------------------------------------------
    def choose_avatar(self: MainWindow, persona_id: str, path: Path | None = None) -> bool:  # type: ignore[misc]
        """Set a persona's picture from a file; a clear message and no change if it can't be used."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Choose a picture", str(Path.home()), IMAGE_FILTER)
            if not name:
                return False
            path = Path(name)
        try:
            data = load_avatar(path)
        except AvatarError as error:
            QMessageBox.warning(self, "Cannot use this picture", str(error))
            return False
        return self.push(Update("personas", persona_id, {"avatar": data}, "Change persona picture"))

    def clear_avatar(self: MainWindow, persona_id: str) -> None:  # type: ignore[misc]
        if self.doc.personas[persona_id].avatar:
            self.push(Update("personas", persona_id, {"avatar": b""}, "Remove persona picture"))

    def choose_colour(self: MainWindow, persona_id: str) -> None:  # type: ignore[misc]
        current = QColor(self.doc.personas[persona_id].colour)
        chosen = QColorDialog.getColor(current, self, "Persona colour")
        if chosen.isValid():
            self.push(Update("personas", persona_id, {"colour": chosen.name()}, "Change persona colour"))
