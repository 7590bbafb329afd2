"""Personas: the panel, the header strip, focus, avatars and deleting with a choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from journey_studio.canvas import PERSONA_MIME
from journey_studio.ui import MainWindow
from journey_studio.ui.avatar import AvatarError, load_avatar

from .test_main_window import answer_next_dialog


def drop_persona(win: MainWindow, persona_id: str, scene_x: float, scene_y: float) -> None:
    """Drop a persona dragged from the panel at a scene point (real drag events on the viewport)."""
    data = QMimeData()
    data.setData(PERSONA_MIME, persona_id.encode())
    viewport = win.view.viewport()
    pos = QPointF(win.view.mapFromScene(QPointF(scene_x, scene_y)))
    action = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(viewport, QDragEnterEvent(pos.toPoint(), action, data, buttons, mods))
    QApplication.sendEvent(viewport, QDragMoveEvent(pos.toPoint(), action, data, buttons, mods))
    QApplication.sendEvent(viewport, QDropEvent(pos, action, data, buttons, mods))


def test_panel_mime_carries_persona(window) -> None:
    item = window.persona_panel.list.item(0)
    data = window.persona_panel.list.mimeData([item])
    assert bytes(data.data(PERSONA_MIME).data()).decode() == window.doc.personas.ids()[0]


def test_add_drag_onto_header_and_drag_off(window, qtbot) -> None:
    window.actions_by_name["zoom_100"].trigger()
    window.add_persona()
    new_id = window.doc.personas.ids()[-1]
    window.push(
        __import__("journey_studio.edit", fromlist=["Update"]).Update("personas", new_id, {"on_map": False})
    )
    assert new_id not in window.scene.persona_items
    header = window.scene.map_layout.persona_header
    drop_persona(window, new_id, header.x + header.width - 50, header.center[1])
    assert window.doc.personas[new_id].on_map
    assert new_id in window.scene.persona_items
    # drag the chip off the strip with the mouse: it leaves the map, the persona stays
    chip = window.scene.map_layout.persona_chips[new_id]
    viewport = window.view.viewport()
    start = window.view.mapFromScene(QPointF(*chip.center))
    end = window.view.mapFromScene(QPointF(chip.center[0], chip.center[1] + 300))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * (i / 5))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert not window.doc.personas[new_id].on_map
    window.actions_by_name["undo"].trigger()
    assert window.doc.personas[new_id].on_map


def test_drop_persona_onto_card_tags_it(window) -> None:
    cfo = "persona-cfo"
    card = next(c for c in window.doc.cards if c.personas == ["persona-it-ops"])
    rect = window.scene.map_layout.cards[card.id]
    window.view.centerOn(*rect.center)
    drop_persona(window, cfo, *rect.center)
    assert window.doc.cards[card.id].personas == ["persona-it-ops", cfo]


def test_click_in_header_focuses_and_dims(window, qtbot) -> None:
    window.actions_by_name["zoom_100"].trigger()
    chip = window.scene.map_layout.persona_chips["persona-cfo"]
    window.view.centerOn(*chip.center)
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=window.view.mapFromScene(QPointF(*chip.center))
    )
    assert window.scene.focus_persona == "persona-cfo"
    assert window.focus_combo.currentData() == "persona-cfo"
    dimmed = {cid for cid, item in window.scene.card_items.items() if item.opacity() < 1}
    expected = {c.id for c in window.doc.cards if c.personas and "persona-cfo" not in c.personas}
    assert dimmed == expected and dimmed
    window.set_focus("")
    assert all(item.opacity() == 1 for item in window.scene.card_items.values())


def test_delete_persona_asks_and_can_move_scores(window, monkeypatch) -> None:
    monkeypatch.setattr(MainWindow, "ask_choice", lambda self, t, x, choices: (choices[1], True))
    tagged = [c.id for c in window.doc.cards if "persona-cfo" in c.personas]
    window.delete_persona("persona-cfo")
    assert "persona-cfo" not in window.doc.personas
    assert all("persona-it-ops" in window.doc.cards[c].personas for c in tagged)
    window.actions_by_name["undo"].trigger()
    assert "persona-cfo" in window.doc.personas
    monkeypatch.setattr(MainWindow, "ask_choice", lambda self, t, x, choices: ("", False))
    window.delete_persona("persona-cfo")
    assert "persona-cfo" in window.doc.personas


def make_png(path: Path, width: int, height: int) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(0x3366AA)
    assert image.save(str(path))
    return path


def test_avatar_is_scaled_and_stored(window, tmp_path) -> None:
    big = make_png(tmp_path / "face.png", 1600, 1200)
    assert window.choose_avatar("persona-cfo", big)
    data = window.doc.personas["persona-cfo"].avatar
    image = QImage.fromData(data)
    assert (image.width(), image.height()) == (512, 384)


@pytest.mark.parametrize(
    "name, content",
    [
        ("truncated.png", None),
        ("text.png", b"just some text, not a picture"),
        ("empty.png", b""),
    ],
)
def test_bad_avatar_files_change_nothing(window, tmp_path, name, content) -> None:
    path = tmp_path / name
    if content is None:
        good = make_png(tmp_path / "good.png", 64, 64).read_bytes()
        path.write_bytes(good[: len(good) // 2])
    else:
        path.write_bytes(content)
    with pytest.raises(AvatarError):
        load_avatar(path)
    before = window.doc.personas["persona-cfo"].avatar
    seen = answer_next_dialog(QMessageBox.StandardButton.Ok)
    assert not window.choose_avatar("persona-cfo", path)
    assert seen and window.doc.personas["persona-cfo"].avatar == before
    assert not window.isWindowModified()


def test_huge_avatar_file_refused(tmp_path) -> None:
    path = tmp_path / "huge.png"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(AvatarError, match="20 MB"):
        load_avatar(path)


def test_delete_key_removes_selected_emotion_point(window) -> None:
    (persona, card), point = next(iter(window.scene.point_items.items()))
    window.scene.clearSelection()
    point.setSelected(True)
    window.actions_by_name["delete"].trigger()
    assert persona not in window.doc.cards[card].emotion
    assert card in window.doc.cards
    window.actions_by_name["undo"].trigger()
    assert persona in window.doc.cards[card].emotion
