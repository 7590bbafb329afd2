"""File → Import… and File → Export Data As…: maps in and out of Mermaid, Markdown, CSV, XLSX and JSON."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ..interchange.formats import FORMATS, DocumentFileError, markdown_journeys, read_document, write_document
from ..interchange.spreadsheet import Layout
from .file_actions import app_settings, safe_file_name

if TYPE_CHECKING:
    from .main_window import MainWindow

IMPORT_FILTER = ";;".join(
    [
        "Maps to import (*.mmd *.md *.markdown *.csv *.xlsx)",
        "Mermaid journey (*.mmd)",
        "Markdown with a Mermaid journey (*.md *.markdown)",
        "Spreadsheets (*.csv *.xlsx)",
        "All files (*)",
    ]
)
MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class ExportChoice:
    """One entry of the Export Data As… file-type list."""

    label: str
    suffix: str
    layout: Layout | None = None
    keeps: str = ""


_TOUCHPOINTS = "stages, touchpoints and their scores"
_GRID = "stages, lanes, card titles and scores"
_FLAT = "every card with its details, not flows"
EXPORT_CHOICES: tuple[ExportChoice, ...] = (
    ExportChoice("Mermaid journey (*.mmd)", ".mmd", None, _TOUCHPOINTS),
    ExportChoice("Markdown with a Mermaid journey (*.md)", ".md", None, _TOUCHPOINTS),
    ExportChoice("CSV, grid layout (*.csv)", ".csv", "grid", _GRID),
    ExportChoice("CSV, flat layout (*.csv)", ".csv", "flat", _FLAT),
    ExportChoice("Excel workbook, grid layout (*.xlsx)", ".xlsx", "grid", _GRID),
    ExportChoice("Excel workbook, flat layout (*.xlsx)", ".xlsx", "flat", _FLAT),
    ExportChoice("Journey Studio JSON (*.json)", ".json", None, "everything"),
)


def _start_folder(window: MainWindow) -> Path:
    if window.path is not None:
        return window.path.parent
    return Path(str(app_settings().value("last_folder", str(Path.home()))))


def _choose_block(window: MainWindow, path: Path) -> tuple[bool, int | None]:
    """(go on?, which mermaid block) for a Markdown file; asks only when it holds several journeys."""
    try:
        journeys = markdown_journeys(path)
    except ValueError:
        return True, None  # reading it again reports the problem
    if len(journeys) < 2:
        return True, None
    labels = [f"Diagram {n} (line {line}){': ' + title if title else ''}" for n, line, title in journeys]
    label, ok = QInputDialog.getItem(
        window,
        "Import Markdown",
        f"{path.name} holds {len(journeys)} journey diagrams. Import which one?",
        labels,
        0,
        False,
    )
    if not ok or label not in labels:
        return False, None
    return True, journeys[labels.index(label)][0]


def import_map(window: MainWindow) -> bool:
    """Ask for a Mermaid, Markdown or spreadsheet file and open it as a new, unsaved map."""
    folder = str(_start_folder(window))
    name, _ = QFileDialog.getOpenFileName(window, "Import journey map", folder, IMPORT_FILTER)
    if not name:
        return False
    path = Path(name)
    go_on, block = _choose_block(window, path) if path.suffix.lower() in MARKDOWN_SUFFIXES else (True, None)
    if not go_on:
        return False
    try:
        doc = read_document(path, block=block)
    except (DocumentFileError, OSError) as error:
        QMessageBox.warning(window, "Cannot import map", f"{path.name} cannot be imported.\n\n{error}")
        return False
    if not window.maybe_save():
        return False
    window.set_document(doc, None)
    window.statusBar().showMessage(f"Imported {path.name}; Save writes a new .journey file.", 8000)
    return True


def export_target(name: str, label: str) -> tuple[Path, Layout | None]:
    """The file to write and the spreadsheet layout, from the name typed and the file type chosen.

    A name without a known extension gets the chosen type's; a typed extension wins over the type.
    """
    choice = next((c for c in EXPORT_CHOICES if c.label == label), EXPORT_CHOICES[0])
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix not in FORMATS or FORMATS[suffix].write is None:
        return path.with_name(path.name + choice.suffix), choice.layout
    return path, choice.layout if suffix == choice.suffix else None


def export_map(window: MainWindow) -> Path | None:
    """Ask where and in which format, then write the map there; the window keeps its own file."""
    labels = [choice.label for choice in EXPORT_CHOICES]
    last = str(app_settings().value("export_type", labels[0]))
    chosen = next((c for c in EXPORT_CHOICES if c.label == last), EXPORT_CHOICES[0])
    suggested = _start_folder(window) / f"{safe_file_name(window.doc.info.title)}{chosen.suffix}"
    name, label = QFileDialog.getSaveFileName(
        window, "Export map", str(suggested), ";;".join(labels), chosen.label
    )
    if not name:
        return None
    path, layout = export_target(name, label)
    try:
        write_document(window.doc, path, layout=layout)
    except (DocumentFileError, OSError) as error:
        QMessageBox.critical(window, "Cannot export map", f"The map was not exported to {path}.\n\n{error}")
        return None
    app_settings().setValue("export_type", label)
    kept = next((c.keeps for c in EXPORT_CHOICES if c.label == label and c.suffix == path.suffix.lower()), "")
    window.statusBar().showMessage(f"Exported {path.name}" + (f" ({kept})" if kept else ""), 8000)
    return path
