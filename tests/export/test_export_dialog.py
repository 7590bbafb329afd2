"""File → Export…: choices become options, a preview appears, the export runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QWidget

from journey_studio.model import Document
from journey_studio.ui import export_dialog
from journey_studio.ui.export_dialog import ExportDialog, file_stem


def make_dialog(
    qtbot: Any, doc: Document, selected: list[str] | None = None, focus: str = ""
) -> ExportDialog:
    dialog = ExportDialog(doc, selected or [], focus)
    qtbot.addWidget(dialog)
    return dialog


def choose(box: Any, value: object) -> None:
    box.setCurrentIndex(box.findData(value))


def test_choices_become_export_options(qtbot: Any, small: Document) -> None:
    dialog = make_dialog(qtbot, small, ["c1", "f1", "map"], focus="p2")
    assert dialog.selection == ("c1",)  # flows and the map itself are not exportable parts
    assert dialog.options().persona == "p2"
    choose(dialog.format_box, "png")
    choose(dialog.scale_box, 4.0)
    choose(dialog.background_box, True)
    choose(dialog.scope_box, "selection")
    dialog.gaps_box.setChecked(True)
    options = dialog.options()
    assert (options.scale, options.transparent, options.selection, options.gaps) == (4.0, True, ("c1",), True)
    choose(dialog.format_box, "pdf")
    choose(dialog.page_box, "a3")
    options = dialog.options()
    assert (options.scale, options.transparent, options.page) == (None, False, "a3")
    assert not dialog.scale_box.isEnabled() and dialog.page_box.isEnabled()


def test_without_a_selection_the_selection_scope_is_off(qtbot: Any, small: Document) -> None:
    dialog = make_dialog(qtbot, small)
    item = dialog.scope_box.model().item(1)  # type: ignore[attr-defined]
    assert not item.isEnabled()


def test_a_preview_and_the_size_appear(qtbot: Any, small: Document) -> None:
    dialog = make_dialog(qtbot, small)
    choose(dialog.format_box, "png")
    choose(dialog.scale_box, 2.0)
    qtbot.waitUntil(lambda: not dialog.preview.pixmap().isNull(), timeout=10_000)
    qtbot.waitUntil(lambda: "px" in dialog.size_label.text() and "192 dpi" in dialog.size_label.text())


def test_export_runs_and_the_choices_are_remembered(qtbot: Any, small: Document, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, small)
    choose(dialog.format_box, "png")
    choose(dialog.scale_box, 2.0)
    dialog.margin_box.setValue(40)
    target = tmp_path / "out.png"
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as blocker:
        dialog.export_to(target)
        assert not dialog.export_button.isEnabled() and dialog.close_button.text() == "Cancel"
    assert blocker.args == [str(target)]
    assert QImage(str(target)).dotsPerMeterX() == round(192 / 0.0254)
    assert dialog.export_button.isEnabled() and "Exported" in dialog.status.text()
    again = make_dialog(qtbot, small)
    assert again.format() == "png" and again.options().scale == 2.0 and again.margin_box.value() == 40
    assert again.suggested_path() == tmp_path / f"{file_stem(small.info.title)}.png"


def test_cancel_stops_the_export_and_leaves_no_file(qtbot: Any, sample: Document, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, sample)
    choose(dialog.format_box, "png")
    choose(dialog.scale_box, 4.0)
    with qtbot.waitSignal(dialog.export_failed, timeout=20_000) as blocker:
        dialog.export_to(tmp_path / "big.png")
        dialog.close_button.click()  # "Cancel" while it runs
    assert blocker.args == ["Export cancelled."]
    assert list(tmp_path.iterdir()) == []


def test_errors_are_shown_not_raised(qtbot: Any, small: Document, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, small)
    with qtbot.waitSignal(dialog.export_failed, timeout=20_000) as blocker:
        dialog.export_to(tmp_path / "missing" / "map.svg")
    assert "there is no folder" in blocker.args[0] and "no folder" in dialog.status.text()


def test_an_unexpected_error_is_shown_and_the_dialog_is_ready_again(
    qtbot: Any, small: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(export_dialog, "export_map", broken)
    dialog = make_dialog(qtbot, small)
    with qtbot.waitSignal(dialog.export_failed, timeout=20_000) as blocker:
        dialog.export_to(tmp_path / "map.png")
    assert "failed unexpectedly" in blocker.args[0] and "broken on purpose" in blocker.args[0]
    assert dialog.status.text() == blocker.args[0]
    assert dialog.export_button.isEnabled() and dialog.close_button.text() == "Close"


def test_show_for_takes_the_window_map_selection_and_focus(qtbot: Any, small: Document) -> None:
    class Scene:
        focus_persona = "p1"

        def selected_ids(self) -> list[str]:
            return ["c2", "s1"]

    window = QWidget()
    qtbot.addWidget(window)
    window.doc, window.scene = small, Scene()  # type: ignore[attr-defined]
    dialog = ExportDialog.show_for(window)
    assert dialog.isVisible() and dialog.selection == ("c2", "s1") and dialog.options().persona == "p1"
    dialog.reject()


def test_the_main_window_offers_export_in_the_file_menu(qtbot: Any) -> None:
    from journey_studio.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    action = window.actions_by_name["export"]
    assert action.shortcut() == QKeySequence("Ctrl+E")
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()  # type: ignore[union-attr]
    action.trigger()
    dialogs = window.findChildren(ExportDialog)
    assert len(dialogs) == 1 and dialogs[0].doc is window.doc
    dialogs[0].reject()
    window.setWindowModified(False)


@pytest.mark.parametrize(
    ("title", "stem"), [("B2B buyer: first ad → renewal", "b2b-buyer-first-ad-renewal"), ("", "journey-map")]
)
def test_file_names_come_from_the_title(title: str, stem: str) -> None:
    assert file_stem(title) == stem
