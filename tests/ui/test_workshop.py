"""Workshop features in the window: dot voting with keys and the mouse, comments round trip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from journey_studio.interchange.json_form import dumps, loads
from journey_studio.ui import MainWindow


def test_dot_vote_with_keys_and_mouse(window, qtbot) -> None:
    panel = window.votes_panel
    assert panel.start("Biggest pain", "pain_point", 2, ["Ana", "Bo"])
    vote = panel.current()
    assert vote is not None and set(vote.candidates) == {
        c.id for c in window.doc.cards if c.kind == "pain_point"
    }
    first, second = vote.candidates[:2]
    window.scene.select_ids([first])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert window.doc.votes[vote.id].totals()[first] == 3
    assert window.scene.card_items[first].vote_dots == 3
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # Bo has no dots left
    assert window.doc.votes[vote.id].totals()[first] == 3
    qtbot.keyClick(window.view, Qt.Key.Key_2, Qt.KeyboardModifier.ShiftModifier)  # take one back
    assert window.doc.votes[vote.id].dots["Bo"] == [first]
    # the mouse: click a result row, then "+ Dot" adds a dot from the chosen participant
    row = next(
        panel.results.item(i)
        for i in range(panel.results.count())
        if panel.results.item(i).data(Qt.ItemDataRole.UserRole) == second
    )
    rect = panel.results.visualItemRect(row)
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(panel.plus, Qt.MouseButton.LeftButton)
    assert window.doc.votes[vote.id].totals()[second] == 1
    assert panel.results.item(0).data(Qt.ItemDataRole.UserRole) == first  # sorted by votes
    panel.end_current()
    assert window.doc.votes[vote.id].closed
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.doc.votes[vote.id].totals()[first] == 2
    again = loads(dumps(window.doc))
    assert again.votes[vote.id].totals() == window.doc.votes[vote.id].totals()
    window.actions_by_name["undo"].trigger()
    assert not window.doc.votes[vote.id].closed


def test_comment_on_card_reply_resolve(window, monkeypatch) -> None:
    monkeypatch.setattr(MainWindow, "ask_author", lambda self: "Kim")
    monkeypatch.setattr(MainWindow, "ask_comment", lambda self, about: "Do we measure this?")
    card_id = window.doc.cards.ids()[0]
    window.scene.select_ids([card_id])
    assert window.add_comment()
    thread = next(iter(window.doc.threads))
    assert thread.target == card_id and thread.comments[0].author == "Kim"
    assert window.scene.card_items[card_id].open_comments == 1
    panel = window.comments_panel
    assert panel.current_id() == thread.id
    panel.reply_box.setPlainText("Yes, weekly.")
    assert panel.send_reply()
    assert [c.text for c in window.doc.threads[thread.id].comments] == ["Do we measure this?", "Yes, weekly."]
    panel.toggle_resolved()
    assert window.doc.threads[thread.id].resolved
    assert panel.list.count() == 0  # resolved threads are hidden by default
    assert window.scene.card_items[card_id].open_comments == 0
    panel.show_resolved.setChecked(True)
    assert panel.list.count() == 1
    window.scene.clearSelection()
    panel._on_clicked(panel.list.item(0))
    assert window.scene.selected_card_ids() == [card_id]
    # the author is asked once, then remembered
    monkeypatch.setattr(MainWindow, "ask_author", lambda self: pytest.fail("asked twice"))
    assert window.add_comment()
