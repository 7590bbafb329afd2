"""Quick capture with real key events: type, Enter, Tab, prefixes, Esc, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from journey_studio.canvas.capture import parse_capture


def click_cell(h, qtbot, stage: str, lane: str) -> None:
    cell = h.scene.map_layout.cells[(stage, lane)]
    qtbot.mouseClick(
        h.view.viewport(), Qt.MouseButton.LeftButton, pos=h.to_view(cell.right - 8, cell.bottom - 8)
    )
    assert h.scene.current_cell == (stage, lane)


def test_parse_prefixes() -> None:
    assert parse_capture("! Slow checkout", "touchpoints") == ("pain_point", "Slow checkout")
    assert parse_capture("?Is it safe", "touchpoints") == ("thought", "Is it safe")
    assert parse_capture("+ One-click", "touchpoints") == ("opportunity", "One-click")
    assert parse_capture("$ NPS 31", "touchpoints") == ("metric", "NPS 31")
    assert parse_capture("Store visit", "touchpoints") == ("touchpoint", "Store visit")


def test_type_enter_tab_and_prefix(harness, qtbot) -> None:
    harness.view.setFocus()
    click_cell(harness, qtbot, "s2", "l1")
    qtbot.keyClicks(harness.view, "Demo call")
    line = harness.view.capture.line
    assert harness.view.capture.is_active() and line.text() == "Demo call"
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.keyClicks(line, "! Too pricey")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    cell = harness.doc.cell_cards("s2", "l1")
    assert [(c.kind, c.title) for c in cell] == [("touchpoint", "Demo call"), ("pain_point", "Too pricey")]
    qtbot.keyClicks(line, "Signs contract")
    qtbot.keyClick(line, Qt.Key.Key_Tab)  # commits, then moves to the next stage
    assert harness.view.capture.cell == ("s3", "l1")
    qtbot.keyClick(line, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert harness.view.capture.cell == ("s3", "l2")
    qtbot.keyClicks(line, "Invoice wrong")
    qtbot.keyClick(line, Qt.Key.Key_Escape)  # stops, keeping what was typed
    assert not harness.view.capture.is_active()
    assert [c.title for c in harness.doc.cell_cards("s3", "l2")] == ["Invoice wrong"]
    assert [c.title for c in harness.doc.cell_cards("s2", "l1")][-1] == "Signs contract"
    # each card is one undo step
    harness.history.undo()
    assert harness.doc.cell_cards("s3", "l2") == []
    harness.history.undo()
    assert len(harness.doc.cell_cards("s2", "l1")) == 2


def test_enter_on_selected_card_captures_into_its_cell(harness, qtbot) -> None:
    harness.scene.select_ids(["c3"])
    harness.view.setFocus()
    qtbot.keyClick(harness.view, Qt.Key.Key_Return)
    assert harness.view.capture.cell == ("s2", "l2")
    qtbot.keyClicks(harness.view.capture.line, "Hidden fees")
    qtbot.keyClick(harness.view.capture.line, Qt.Key.Key_Return)
    assert [c.title for c in harness.doc.cell_cards("s2", "l2")] == ["Pricing is hidden", "Hidden fees"]
    assert harness.doc.cell_cards("s2", "l2")[1].kind == "pain_point"  # the lane's kind


def test_capture_left_without_a_scene_does_not_fail(harness, qtbot) -> None:
    harness.view.setFocus()
    click_cell(harness, qtbot, "s2", "l1")
    qtbot.keyClicks(harness.view, "Half typed")
    capture = harness.view.capture
    assert capture.is_active()
    harness.view.setScene(None)  # the map goes away (closed, or the window torn down)
    capture.place()  # as the scroll bars and the scene rectangle ask for
    assert not capture.is_active()
