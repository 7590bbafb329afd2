"""Presentation mode: F5 enters, arrows walk the stages, E hides curves, Esc leaves."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_walk_stages_and_leave(window, qtbot) -> None:
    window.actions_by_name["present"].trigger()
    presenter = window.presenter
    assert presenter.active and not window.gaps_dock.isVisible() and not window.menuBar().isVisible()
    assert presenter.spotlight is not None and presenter.spotlight.stage_id == window.doc.stages.ids()[0]
    zoom_before = window.view.zoom()
    assert zoom_before > 1.0  # larger type than at 100 %
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert presenter.spotlight.stage_id == window.doc.stages.ids()[2]
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert presenter.spotlight.stage_id == window.doc.stages.ids()[1]
    qtbot.keyClick(window.view, Qt.Key.Key_E)
    assert not any(i.isVisible() for i in window.scene.curve_items.values())
    qtbot.keyClick(window.view, Qt.Key.Key_T)
    assert presenter.dark
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not presenter.active and window.gaps_dock.isVisible() and window.menuBar().isVisible()
    assert all(i.isVisible() for i in window.scene.curve_items.values())
    assert presenter.spotlight is None
    assert not window.isWindowModified()  # presenting changes nothing in the map


def test_workshop_timer_start_pause_reset_and_finish(window, qtbot) -> None:
    window.actions_by_name["timer"].trigger()
    timer = window.timer_widget
    assert timer.isVisible() and timer.clock.text() == "05:00"
    timer.minutes.setValue(2)
    assert timer.clock.text() == "02:00"
    qtbot.mouseClick(timer.start_button, Qt.MouseButton.LeftButton)
    assert timer.running
    qtbot.wait(300)
    qtbot.mouseClick(timer.start_button, Qt.MouseButton.LeftButton)  # pause
    paused = timer.remaining_ms()
    assert not timer.running and paused < 120_000
    qtbot.wait(300)
    assert timer.remaining_ms() == paused
    qtbot.mouseClick(timer.reset_button, Qt.MouseButton.LeftButton)
    assert timer.clock.text() == "02:00"
    timer._remaining_ms = 300  # a short countdown to see it end
    with qtbot.waitSignal(timer.finished, timeout=3000):
        qtbot.mouseClick(timer.start_button, Qt.MouseButton.LeftButton)
    assert timer.clock.text() == "00:00" and not timer.running
