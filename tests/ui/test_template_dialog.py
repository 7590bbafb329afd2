"""File → New from Template… and Save as Template…, driven through the real dialog widgets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QMessageBox

from journey_studio.model import Document
from journey_studio.templates import DATA_DIR_VARIABLE, builtin_templates, load_template
from journey_studio.ui import MainWindow
from journey_studio.ui.template_dialog import TemplateDialog
from tests.strategies import document_state


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "app-data"))
    win = MainWindow()
    win.show()  # not qtbot.addWidget: it would close the window before the changes are dropped
    yield win
    if win.undo is not None:
        win.undo.stack.setClean()
    win.close()
    win.deleteLater()


def when_modal(act: Callable[[Any], None]) -> list[Any]:
    """Run ``act`` on the next modal widget once it is open; returns the widgets it ran on."""
    seen: list[Any] = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(widget)
        act(widget)

    QTimer.singleShot(20, poll)
    return seen


def choose(name: str) -> Callable[[Any], None]:
    def act(dialog: Any) -> None:
        assert isinstance(dialog, TemplateDialog)
        dialog.select(name)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    return act


def edit_something(win: MainWindow) -> None:
    win.actions_by_name["add_stage"].trigger()
    assert win.is_modified()


def test_the_dialog_shows_every_template_with_thumbnail_and_description(qtbot: Any, window: Any) -> None:
    dialog = TemplateDialog(window)
    qtbot.addWidget(dialog)
    names = [t.name for t in builtin_templates()]
    assert dialog.list.count() == len(names) == 6
    for row in range(dialog.list.count()):
        item = dialog.list.item(row)
        assert not item.icon().isNull() and item.toolTip()
    dialog.select("service-blueprint")
    assert "line of visibility" in dialog.description.text()
    assert dialog.selected_template() is not None
    assert dialog.selected_template().name == "service-blueprint"  # type: ignore[union-attr]


def test_ok_opens_the_template_as_a_new_unsaved_map(window: Any) -> None:
    seen = when_modal(choose("day-in-the-life"))
    window.actions_by_name["new_from_template"].trigger()
    assert seen
    expected = load_template("day-in-the-life")
    assert document_state(window.doc) == document_state(expected)
    assert window.path is None and not window.is_modified()
    assert "(unsaved)" in window.windowTitle()
    assert window.scene.doc is window.doc and len(window.scene.card_items) == len(expected.cards)


def test_double_click_chooses_and_cancel_changes_nothing(qtbot: Any, window: Any) -> None:
    before = window.doc

    def cancel(dialog: Any) -> None:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    when_modal(cancel)
    window.actions_by_name["new_from_template"].trigger()
    assert window.doc is before

    def double_click(dialog: Any) -> None:
        dialog.select("b2c-e-commerce")
        rect = dialog.list.visualItemRect(dialog.list.currentItem())
        qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTimer.singleShot(1000, dialog.reject)  # fail rather than hang if the double-click did nothing

    when_modal(double_click)
    window.actions_by_name["new_from_template"].trigger()
    assert window.doc.info.title == load_template("b2c-e-commerce").info.title


def test_unsaved_changes_are_asked_about_first(window: Any) -> None:
    edit_something(window)
    before = window.doc

    def then(button: QMessageBox.StandardButton) -> Callable[[Any], None]:
        def act(dialog: Any) -> None:
            choose("future-state")(dialog)
            when_modal(lambda box: box.button(button).click())

        return act

    when_modal(then(QMessageBox.StandardButton.Cancel))
    window.actions_by_name["new_from_template"].trigger()
    assert window.doc is before and window.is_modified()
    when_modal(then(QMessageBox.StandardButton.Discard))
    window.actions_by_name["new_from_template"].trigger()
    assert window.doc.info.map_type == "future-state" and not window.is_modified()


def answer_name(monkeypatch: pytest.MonkeyPatch, name: str, ok: bool = True) -> list[str]:
    asked: list[str] = []

    def get_text(_parent: object, _title: str, label: str, **kwargs: Any) -> tuple[str, bool]:
        asked.append(kwargs.get("text", ""))
        return name, ok

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return asked


def test_save_as_template_then_it_is_listed_and_loads(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window.set_document(load_template("current-state"), None)
    edit_something(window)
    asked = answer_name(monkeypatch, "Broadband, my version")
    window.actions_by_name["save_as_template"].trigger()
    assert asked == ["Current state: switching home broadband"]  # the map's title is offered
    saved = tmp_path / "app-data" / "templates" / "Broadband, my version.json"
    assert saved.is_file() and saved.with_suffix(".png").read_bytes().startswith(b"\x89PNG")
    assert window.is_modified()  # saving a template does not save the map
    expected = document_state(window.doc)

    dialog = TemplateDialog(window)
    qtbot.addWidget(dialog)
    titles = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert titles[-1] == "Broadband, my version (yours)"
    window.undo.stack.setClean()
    when_modal(choose("Broadband, my version"))
    window.actions_by_name["new_from_template"].trigger()
    assert document_state(window.doc) == expected


def test_replacing_a_template_asks(window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    answer_name(monkeypatch, "Mine")
    window.actions_by_name["save_as_template"].trigger()
    saved = tmp_path / "app-data" / "templates" / "Mine.json"
    first = saved.read_bytes()
    edit_something(window)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    questions: list[str] = []

    def question(_parent: object, _title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        questions.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    window.actions_by_name["save_as_template"].trigger()
    assert saved.read_bytes() == first
    window.actions_by_name["save_as_template"].trigger()
    assert saved.read_bytes() != first
    assert questions == ["Replace your template “Mine”?"] * 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [("b2b-buyer", "bundled template"), ("a/b", "cannot contain /"), (" ", "needs a name")],
)
def test_bad_template_names_are_explained(
    window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, expected: str
) -> None:
    answer_name(monkeypatch, name)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    window.actions_by_name["save_as_template"].trigger()
    assert len(warnings) == 1 and expected in warnings[0]
    assert not (tmp_path / "app-data" / "templates").exists()


def test_cancelled_name_saves_nothing(window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    answer_name(monkeypatch, "Mine", ok=False)
    window.actions_by_name["save_as_template"].trigger()
    assert not (tmp_path / "app-data").exists()


def test_file_menu_holds_the_template_actions(window: Any) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if a.text()]
    assert texts.index("New from &Template…") == texts.index("&Open…") + 1
    assert "Save as T&emplate…" in texts
    assert isinstance(window.doc, Document)
