"""File → Import… and File → Export As…, with the file dialogs answered by the test."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from journey_studio.interchange import read_document, write_document
from journey_studio.resources import sample_map_path
from journey_studio.ui import MainWindow
from journey_studio.ui.import_export import EXPORT_CHOICES, export_target
from tests.strategies import document_state

MARKDOWN = """# Two diagrams

```mermaid
journey
  title Morning
  section Wake
    Alarm: 2: Me
```

```mermaid
journey
  title Evening
  section Home
    Cook: 4: Me
```
"""


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("HOME", str(tmp_path))
    win = MainWindow(read_document(sample_map_path()), None)
    win.show()  # not qtbot.addWidget: it would close the window before the changes are dropped
    yield win
    if win.undo is not None:
        win.undo.stack.setClean()
    win.close()
    win.deleteLater()


def answer_open(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    filters: list[str] = []

    def get_open(_parent: object, _caption: str, _folder: str, file_filter: str, *a: Any) -> tuple[str, str]:
        filters.append(file_filter)
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open)
    return filters


def answer_save(monkeypatch: pytest.MonkeyPatch, path: Path, label: str) -> list[str]:
    suggested: list[str] = []

    def get_save(_parent: object, _caption: str, folder: str, *a: Any) -> tuple[str, str]:
        suggested.append(folder)
        return str(path), label

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save)
    return suggested


def capture(monkeypatch: pytest.MonkeyPatch, kind: str) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, kind, lambda _parent, _title, text, *a: shown.append(text))
    return shown


# ---- import --------------------------------------------------------------------------------
@pytest.mark.parametrize("ext", ["mmd", "md", "csv", "xlsx"])
def test_import_opens_a_new_unsaved_map(
    window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ext: str
) -> None:
    source = tmp_path / f"map.{ext}"
    write_document(read_document(sample_map_path()), source)
    filters = answer_open(monkeypatch, source)
    before = window.doc
    window.actions_by_name["import"].trigger()
    assert "*.mmd *.md *.markdown *.csv *.xlsx" in filters[0]
    assert window.doc is not before and window.path is None and not window.is_modified()
    imported = read_document(source)  # ids are new on every read of these formats
    assert [s.name for s in window.doc.stages] == [s.name for s in imported.stages]
    assert [c.title for c in window.doc.cards] == [c.title for c in imported.cards]
    assert f"Imported map.{ext}" in window.statusBar().currentMessage()


def test_import_asks_which_markdown_diagram(
    window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "notes.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    answer_open(monkeypatch, source)
    offered: list[list[str]] = []

    def get_item(_parent: object, _title: str, _label: str, items: list[str], *a: Any) -> tuple[str, bool]:
        offered.append(items)
        return items[1], True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    window.actions_by_name["import"].trigger()
    assert offered == [["Diagram 1 (line 4): Morning", "Diagram 2 (line 11): Evening"]]
    assert window.doc.info.title == "Evening"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: ("", False))
    before = window.doc
    window.actions_by_name["import"].trigger()
    assert window.doc is before


def test_import_error_is_shown_and_the_map_stays(
    window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "bad.mmd"
    source.write_text("journey\n  section A\n    Task: 7: Me\n", encoding="utf-8")
    answer_open(monkeypatch, source)
    shown = capture(monkeypatch, "warning")
    before = window.doc
    window.actions_by_name["import"].trigger()
    assert window.doc is before
    assert len(shown) == 1 and "bad.mmd cannot be imported" in shown[0] and "line 3: the score 7" in shown[0]


def test_import_cancelled_or_unsaved_changes_kept(
    window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = window.doc
    answer_open(monkeypatch, None)
    window.actions_by_name["import"].trigger()
    assert window.doc is before
    source = tmp_path / "map.mmd"
    write_document(before, source)
    answer_open(monkeypatch, source)
    window.actions_by_name["add_stage"].trigger()

    def cancel() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, cancel)
            return
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(20, cancel)
    window.actions_by_name["import"].trigger()
    assert window.doc is before and window.is_modified()


# ---- export --------------------------------------------------------------------------------
def label(suffix: str, layout: str | None = None) -> str:
    return next(c.label for c in EXPORT_CHOICES if c.suffix == suffix and c.layout == layout)


def test_export_mermaid_and_markdown(window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    suggested = answer_save(monkeypatch, tmp_path / "journey", label(".mmd"))
    window.actions_by_name["export_as"].trigger()
    text = (tmp_path / "journey.mmd").read_text(encoding="utf-8")
    assert text.startswith("journey\n    title B2B software buyer")
    assert suggested[0].endswith("B2B software buyer from first ad to renewal.mmd")
    assert "touchpoints" in window.statusBar().currentMessage()
    answer_save(monkeypatch, tmp_path / "journey.md", label(".md"))
    window.actions_by_name["export_as"].trigger()
    assert "```mermaid\njourney\n" in (tmp_path / "journey.md").read_text(encoding="utf-8")
    assert window.path is None and not window.is_modified()


@pytest.mark.parametrize("layout", ["grid", "flat"])
def test_export_spreadsheets_in_either_layout(
    window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, layout: str
) -> None:
    answer_save(monkeypatch, tmp_path / "cards", label(".csv", layout))
    window.actions_by_name["export_as"].trigger()
    rows = list(csv.reader((tmp_path / "cards.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == ("stage" if layout == "flat" else "")
    answer_save(monkeypatch, tmp_path / "cards.xlsx", label(".xlsx", layout))
    window.actions_by_name["export_as"].trigger()
    sheet = openpyxl.load_workbook(tmp_path / "cards.xlsx").worksheets[0]
    assert sheet.title == ("Cards" if layout == "flat" else "Journey")


def test_export_json_is_lossless_and_remembers_the_type(
    window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answer_save(monkeypatch, tmp_path / "copy.json", label(".json"))
    window.actions_by_name["export_as"].trigger()
    assert document_state(read_document(tmp_path / "copy.json")) == document_state(window.doc)
    suggested = answer_save(monkeypatch, tmp_path / "again.json", label(".json"))
    window.actions_by_name["export_as"].trigger()
    assert suggested[0].endswith(".json")


def test_export_error_is_shown(window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    answer_save(monkeypatch, tmp_path / "missing" / "map.csv", label(".csv", "grid"))
    shown = capture(monkeypatch, "critical")
    window.actions_by_name["export_as"].trigger()
    assert len(shown) == 1 and "the folder does not exist" in shown[0]


@pytest.mark.parametrize(
    ("name", "chosen", "expected"),
    [
        ("a", label(".csv", "flat"), ("a.csv", "flat")),
        ("a.CSV", label(".csv", "flat"), ("a.CSV", "flat")),
        ("a.mmd", label(".csv", "flat"), ("a.mmd", None)),
        ("a.xlsx", label(".csv", "flat"), ("a.xlsx", None)),
        ("notes.v2", label(".md"), ("notes.v2.md", None)),
        ("b.journey", label(".json"), ("b.journey", None)),
    ],
)
def test_export_target(name: str, chosen: str, expected: tuple[str, str | None]) -> None:
    path, layout = export_target(name, chosen)
    assert (path.name, layout) == expected


def test_file_menu_holds_import_and_export(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if a.text()]  # type: ignore[union-attr]
    assert texts.index("Export &Data As…") == texts.index("&Import…") + 1
