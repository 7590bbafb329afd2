"""The main window end to end: edit through widgets, undo, save, reopen, unsaved-changes prompt."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from journey_studio.interchange.formats import read_document
from journey_studio.resources import sample_map_path
from journey_studio.ui import MainWindow


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    win = MainWindow(read_document(sample_map_path()), None)
    win.show()
    yield win
    close_quietly(win)


def close_quietly(win: MainWindow) -> None:
    """Close without the unsaved-changes prompt (tests that want the prompt answer it)."""
    if win.undo is not None:
        win.undo.stack.setClean()
    win.close()
    win.deleteLater()


def answer_next_dialog(button: QMessageBox.StandardButton) -> list[str]:
    """Click ``button`` on the next message box that opens; returns the texts it showed."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(20, click)
    return seen


def first_card(win: MainWindow) -> str:
    return win.doc.cards.ids()[0]


def test_inspector_edit_is_undoable_and_marks_title(window, qtbot) -> None:
    card_id = first_card(window)
    window.scene.select_ids([card_id])
    title = window.inspector.card_form.editors["title"]
    assert isinstance(title, QLineEdit)
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Sees a LinkedIn post")
    assert window.doc.cards[card_id].title == "Sees a LinkedIn post"
    assert window.isWindowModified()
    window.actions_by_name["undo"].trigger()
    assert window.doc.cards[card_id].title != "Sees a LinkedIn post"
    assert not window.isWindowModified()


def test_delete_copy_paste_duplicate(window) -> None:
    card_id = first_card(window)
    before = len(window.doc.cards)
    window.scene.select_ids([card_id])
    window.actions_by_name["duplicate"].trigger()
    assert len(window.doc.cards) == before + 1
    window.actions_by_name["delete"].trigger()
    assert len(window.doc.cards) == before
    window.scene.select_ids([card_id])
    window.actions_by_name["cut"].trigger()
    assert card_id not in window.doc.cards
    window.actions_by_name["paste"].trigger()
    assert len(window.doc.cards) == before
    window.actions_by_name["undo"].trigger()
    window.actions_by_name["undo"].trigger()
    assert card_id in window.doc.cards


def test_paste_between_two_windows(window, qtbot) -> None:
    other = MainWindow()
    card_id = first_card(window)
    window.scene.select_ids([card_id])
    window.actions_by_name["copy"].trigger()
    other.actions_by_name["paste"].trigger()
    pasted = list(other.doc.cards)
    assert [c.title for c in pasted] == [window.doc.cards[card_id].title]
    assert pasted[0].id != card_id
    close_quietly(other)


def test_save_and_reopen_identical(window, tmp_path) -> None:
    target = tmp_path / "map.journey"
    window.scene.select_ids([first_card(window)])
    window.actions_by_name["delete"].trigger()
    assert window.save_to(target)
    assert not window.isWindowModified()
    reopened = read_document(target)
    from journey_studio.interchange.json_form import document_to_dict

    assert document_to_dict(reopened) == document_to_dict(window.doc)
    assert "map.journey" in window.windowTitle()


def test_close_with_unsaved_changes_asks_and_cancel_keeps_window(window) -> None:
    window.scene.select_ids([first_card(window)])
    window.actions_by_name["delete"].trigger()
    seen = answer_next_dialog(QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert seen and "Save changes" in seen[0]
    assert window.isVisible()
    seen = answer_next_dialog(QMessageBox.StandardButton.Discard)
    assert window.close()


def test_open_bad_file_shows_message_and_keeps_document(window, tmp_path) -> None:
    bad = tmp_path / "broken.journey"
    bad.write_bytes(b"this is not a journey map")
    before = window.doc
    seen = answer_next_dialog(QMessageBox.StandardButton.Ok)
    assert not window.open_path(Path(bad), ask=False)
    assert window.doc is before
    assert seen


def test_arrow_keys_move_selected_card(window, qtbot) -> None:
    from PySide6.QtCore import Qt

    card_id = first_card(window)
    card = window.doc.cards[card_id]
    stage_index = window.doc.stages.index(card.stage)
    window.scene.select_ids([card_id])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.doc.stages.index(window.doc.cards[card_id].stage) == stage_index + 1
    window.actions_by_name["undo"].trigger()
    assert window.doc.stages.index(window.doc.cards[card_id].stage) == stage_index


def test_zoom_actions(window) -> None:
    window.actions_by_name["zoom_100"].trigger()
    assert window.view.zoom() == pytest.approx(1.0)
    window.actions_by_name["zoom_in"].trigger()
    assert window.view.zoom() > 1.0
    window.actions_by_name["zoom_fit"].trigger()
    assert window.view.zoom() <= 1.0


def test_context_menu_adds_and_deletes_stage(window) -> None:
    stage_id = window.doc.stages.ids()[0]
    menu = window.build_context_menu(stage_id, None)
    texts = {a.text(): a for a in menu.actions()}
    texts["Add Stage After"].trigger()
    assert len(window.doc.stages) == 7
    new_stage = window.doc.stages.ids()[1]
    assert window.inspector.item_id == new_stage
    name = window.inspector.stage_form.editors["name"]
    name.setFocus()
    name.selectAll()
    from PySide6.QtTest import QTest

    QTest.keyClicks(name, "Evaluation")
    assert window.doc.stages[new_stage].name == "Evaluation"
    menu = window.build_context_menu(new_stage, None)
    {a.text(): a for a in menu.actions()}["Delete Stage"].trigger()
    assert len(window.doc.stages) == 6
    window.actions_by_name["undo"].trigger()
    assert window.doc.stages[new_stage].name == "Evaluation"


def test_add_card_from_empty_cell_menu(window) -> None:
    stage, lane = window.doc.stages.ids()[-1], window.doc.lanes.ids()[-1]
    before = len(window.doc.cell_cards(stage, lane))
    menu = window.build_context_menu("", (stage, lane))
    add_menu = next(a.menu() for a in menu.actions() if a.text() == "Add Card Here")
    next(a for a in add_menu.actions() if a.text() == "Opportunity").trigger()
    cards = window.doc.cell_cards(stage, lane)
    assert len(cards) == before + 1 and cards[-1].kind == "opportunity"


def test_recent_files_and_title(window, tmp_path) -> None:
    from journey_studio.ui.file_actions import recent_files

    target = tmp_path / "workshop #1.journey"
    assert window.save_to(target)
    assert recent_files()[0] == str(target.resolve())
    assert window.windowTitle().startswith("workshop #1.journey")
    window.scene.select_ids([first_card(window)])
    window.actions_by_name["delete"].trigger()
    assert window.isWindowModified()
    seen = answer_next_dialog(QMessageBox.StandardButton.Discard)
    assert window.open_path(target)
    assert seen and not window.isWindowModified()
    assert window.path == target


def test_connect_selected_in_order_and_flow_inspector(window) -> None:
    from journey_studio.edit import delete_items

    window.push(delete_items(window.doc, window.doc.flows.ids()))
    touchpoints = [c.id for c in window.doc.cards if c.kind == "touchpoint"][:3]
    window.scene.select_ids(list(reversed(touchpoints)))
    window.actions_by_name["connect_selected"].trigger()
    pairs = [(f.source, f.target) for f in window.doc.flows]
    assert len(pairs) == 2 and pairs[0][1] == pairs[1][0]
    flow_id = window.doc.flows.ids()[0]
    window.scene.select_ids([flow_id])
    assert window.inspector.collection == "flows"
    label = window.inspector.flow_form.editors["label"]
    label.setFocus()
    from PySide6.QtTest import QTest

    QTest.keyClicks(label, "books a demo")
    assert window.doc.flows[flow_id].label == "books a demo"
    source = window.doc.flows[flow_id].source
    window.actions_by_name["reverse_flow"].trigger()
    assert window.doc.flows[flow_id].target == source
    window.actions_by_name["undo"].trigger()
    assert window.doc.flows[flow_id].source == source
