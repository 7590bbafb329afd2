"""File handling of the main window: new, open, save, save as, recent files, unsaved changes."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ..interchange.formats import read_document, write_document
from ..model import Document

if TYPE_CHECKING:
    from .main_window import MainWindow

APP_NAME = "Journey Studio"
FILE_FILTER = "Journey maps (*.journey);;Journey JSON (*.json);;All files (*)"
MAX_RECENT = 8
_open_windows: list[MainWindow] = []


def app_settings() -> QSettings:
    return QSettings(APP_NAME, APP_NAME)


def recent_files() -> list[str]:
    value = app_settings().value("recent_files", [])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


class FileActions:
    """Mixed into MainWindow: everything that reads or writes map files."""

    def new_map(self: MainWindow) -> None:  # type: ignore[misc]
        from .main_window import blank_document

        if self.maybe_save():
            self.set_document(blank_document(), None)

    def new_window(self: MainWindow, doc: Document | None = None, path: Path | None = None) -> MainWindow:  # type: ignore[misc]
        from .main_window import MainWindow

        window = MainWindow(doc, path)
        _open_windows.append(window)

        def forget(*_args: object) -> None:
            if window in _open_windows:
                _open_windows.remove(window)

        window.destroyed.connect(forget)
        window.show()
        return window

    def open_dialog(self: MainWindow) -> None:  # type: ignore[misc]
        if not self.maybe_save():
            return
        folder = (
            str(self.path.parent) if self.path else str(app_settings().value("last_folder", str(Path.home())))
        )
        name, _ = QFileDialog.getOpenFileName(self, "Open journey map", folder, FILE_FILTER)
        if name:
            self.open_path(Path(name), ask=False)

    def open_path(self: MainWindow, path: Path, ask: bool = True) -> bool:  # type: ignore[misc]
        """Open a map file in this window; a clear message (and no change) if it cannot be read."""
        if ask and not self.maybe_save():
            return False
        try:
            doc = read_document(path)
        except (ValueError, OSError) as error:
            QMessageBox.warning(self, "Cannot open map", f"{path.name} cannot be opened.\n\n{error}")
            return False
        is_native = path.suffix.lower() == ".journey"
        self.set_document(doc, path if is_native else None)
        if is_native:
            self.add_recent(path)
        else:
            self.statusBar().showMessage(f"Imported {path.name}; Save writes a new .journey file.", 8000)
        return True

    def add_recent(self: MainWindow, path: Path) -> None:  # type: ignore[misc]
        entry = str(path.resolve())
        items = [entry] + [p for p in recent_files() if p != entry]
        settings = app_settings()
        settings.setValue("recent_files", items[:MAX_RECENT])
        settings.setValue("last_folder", str(path.resolve().parent))

    def _fill_recent_menu(self: MainWindow) -> None:  # type: ignore[misc]
        self.recent_menu.clear()
        items = recent_files()
        if not items:
            self.recent_menu.addAction("No recent maps").setEnabled(False)
            return
        for entry in items:
            self.recent_menu.addAction(entry, partial(self.open_path, Path(entry)))
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear List", lambda: app_settings().setValue("recent_files", []))

    def save(self: MainWindow) -> bool:  # type: ignore[misc]
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self: MainWindow) -> bool:  # type: ignore[misc]
        folder = (
            self.path.parent
            if self.path
            else Path(str(app_settings().value("last_folder", str(Path.home()))))
        )
        suggested = folder / f"{safe_file_name(self.doc.info.title)}.journey"
        name, _ = QFileDialog.getSaveFileName(self, "Save journey map", str(suggested), FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() not in (".journey", ".json"):
            path = path.with_suffix(".journey")
        return self.save_to(path)

    def save_to(self: MainWindow, path: Path) -> bool:  # type: ignore[misc]
        """Write the map to ``path``; on failure explain and keep the map open and unsaved."""
        try:
            write_document(self.doc, path)
        except (ValueError, OSError) as error:
            QMessageBox.critical(self, "Cannot save map", f"The map was not saved to {path}.\n\n{error}")
            return False
        assert self.undo is not None
        if path.suffix.lower() == ".journey":
            self.path = path
            self.add_recent(path)
            self.undo.stack.setClean()
        self._update_title()
        self.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    def maybe_save(self: MainWindow) -> bool:  # type: ignore[misc]
        """Ask Save / Discard / Cancel when there are unsaved changes. True to go on."""
        if not self.is_modified():
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(APP_NAME)
        box.setText(f"Save changes to “{self.path.name if self.path else self.doc.info.title}”?")
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard


def safe_file_name(title: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title).strip()
    return " ".join(cleaned.split())[:80] or "journey"


def quit_application() -> None:
    """Close every window (each asks about its unsaved changes)."""
    QApplication.closeAllWindows()
