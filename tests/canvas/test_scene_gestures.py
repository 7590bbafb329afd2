"""Real mouse gestures on the map view change the document, and undo restores it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from journey_studio.canvas import CARD_KIND_MIME


def test_drag_card_to_another_cell_and_undo(harness, qtbot) -> None:
    target = harness.scene.map_layout.cells[("s3", "l2")]
    harness.drag(qtbot, harness.centre_of("c1"), harness.to_view(*target.center))
    card = harness.doc.cards["c1"]
    assert (card.stage, card.lane) == ("s3", "l2")
    assert harness.scene.card_items["c1"].pos().x() == harness.scene.map_layout.cards["c1"].x
    harness.history.undo()
    assert (harness.doc.cards["c1"].stage, harness.doc.cards["c1"].lane) == ("s1", "l1")
    assert harness.scene.card_items["c1"].pos().x() == harness.scene.map_layout.cards["c1"].x
    harness.history.redo()
    assert harness.doc.cards["c1"].stage == "s3"


def test_drop_outside_grid_returns_card(harness, qtbot) -> None:
    before = harness.scene.card_items["c1"].pos()
    harness.drag(qtbot, harness.centre_of("c1"), harness.to_view(5, 5))
    assert harness.doc.cards["c1"].stage == "s1"
    assert harness.scene.card_items["c1"].pos() == before
    assert not harness.history.can_undo()


def test_reorder_within_cell_by_drag(harness, qtbot) -> None:
    first = harness.scene.map_layout.cards["c1"]
    harness.drag(qtbot, harness.centre_of("c2"), harness.to_view(first.x + 20, first.y + 5))
    assert [c.id for c in harness.doc.cell_cards("s1", "l1")] == ["c2", "c1"]


def test_reorder_stage_by_header_drag_and_undo(harness, qtbot) -> None:
    last = harness.scene.map_layout.stage_headers["s3"]
    harness.drag(qtbot, harness.centre_of("s1"), harness.to_view(last.right - 10, last.center[1]))
    assert harness.doc.stages.ids() == ["s2", "s3", "s1"]
    assert harness.scene.stage_items["s1"].pos().x() == harness.scene.map_layout.stage_headers["s1"].x
    harness.history.undo()
    assert harness.doc.stages.ids() == ["s1", "s2", "s3"]


def test_resize_stage_by_edge_is_one_undo_step(harness, qtbot) -> None:
    header = harness.scene.map_layout.stage_headers["s1"]
    start = harness.to_view(header.right - 2, header.center[1])
    harness.drag(qtbot, start, start + QPoint(80, 0), steps=10)
    assert harness.doc.stages["s1"].width == header.width + 80
    harness.history.undo()
    assert harness.doc.stages["s1"].width == header.width
    assert not harness.history.can_undo()


def test_rubber_band_selects_cards(harness, qtbot) -> None:
    cell = harness.scene.map_layout.cells[("s1", "l1")]
    start = harness.to_view(cell.x + 2, cell.y + 2)
    end = harness.to_view(cell.right - 2, cell.bottom - 2)
    harness.drag(qtbot, start, end)
    assert set(harness.scene.selected_card_ids()) == {"c1", "c2"}


def test_ctrl_click_adds_to_selection(harness, qtbot) -> None:
    viewport = harness.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=harness.centre_of("c1"))
    qtbot.mouseClick(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, harness.centre_of("c3")
    )
    assert harness.scene.selected_card_ids() == ["c1", "c3"]


def test_escape_cancels_card_drag(harness, qtbot) -> None:
    viewport = harness.view.viewport()
    start = harness.centre_of("c1")
    target = harness.scene.map_layout.cells[("s3", "l2")]
    end = harness.to_view(*target.center)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * (i / 5))
    qtbot.keyClick(harness.view, Qt.Key.Key_Escape)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert harness.doc.cards["c1"].stage == "s1"
    assert not harness.history.can_undo()


def test_palette_drop_creates_card(harness, qtbot) -> None:
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    data = QMimeData()
    data.setData(CARD_KIND_MIME, b"opportunity")
    cell = harness.scene.map_layout.cells[("s2", "l1")]
    pos = QPointF(harness.to_view(*cell.center))
    viewport = harness.view.viewport()
    actions = Qt.DropAction.CopyAction
    for event_type in (QDragEnterEvent, QDragMoveEvent):
        event = event_type(
            pos.toPoint(), actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(viewport, event)
    drop = QDropEvent(pos, actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    created = harness.doc.cell_cards("s2", "l1")
    assert [c.kind for c in created] == ["opportunity"]
    assert harness.scene.selected_card_ids() == [created[0].id]
    harness.history.undo()
    assert harness.doc.cell_cards("s2", "l1") == []
    assert created[0].id not in harness.scene.card_items


def test_reorder_lane_by_header_drag(harness, qtbot) -> None:
    lower = harness.scene.map_layout.lane_headers["l2"]
    harness.drag(qtbot, harness.centre_of("l1"), harness.to_view(lower.center[0], lower.bottom - 5))
    assert harness.doc.lanes.ids() == ["l2", "l1"]
    harness.history.undo()
    assert harness.doc.lanes.ids() == ["l1", "l2"]


def test_resize_lane_by_bottom_edge(harness, qtbot) -> None:
    header = harness.scene.map_layout.lane_headers["l2"]
    start = harness.to_view(header.center[0], header.bottom - 2)
    harness.drag(qtbot, start, start + QPoint(0, 60), steps=6)
    assert harness.doc.lanes["l2"].height == header.height + 60
    assert harness.scene.map_layout.lanes["l2"].height == header.height + 60


def test_ctrl_wheel_zooms_and_middle_drag_pans(harness, qtbot) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    viewport = harness.view.viewport()
    centre = QPointF(viewport.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(viewport.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)
    assert harness.view.zoom() > 1.2
    harness.view.resize(500, 400)
    QApplication.processEvents()
    bar = harness.view.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    start = QPoint(300, 200)
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=start)
    from PySide6.QtGui import QMouseEvent

    move = QMouseEvent(
        QMouseEvent.Type.MouseMove,
        QPointF(start + QPoint(-100, 0)),
        QPointF(viewport.mapToGlobal(start + QPoint(-100, 0))),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.MiddleButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, move)
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=start + QPoint(-100, 0))
    assert bar.value() == before + 100
