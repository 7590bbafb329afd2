"""File handling of the main window: new, open, save, save as, recent files, unsaved changes.

Opening treats every file as untrusted (the store refuses it with a plain reason) and offers
what can still be done: a read-only copy of a newer map or of one already open elsewhere,
recovering what a damaged map still holds. Saving explains read-only places and offers Save
As, warns when the file was replaced on disk since it was opened, and on any failure keeps
the map open and unsaved.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QMessageBox

from ..interchange.formats import DocumentFileError, read_document, write_document
from ..model import Document
from ..store import FileStamp, JourneyFileError, file_stamp, open_document, read_only_reason, recover_document
from ..store.atomic import sweep_orphans
from .recovery import AutosaveController, FileState, open_lock, same_file

if TYPE_CHECKING:
    from .main_window import MainWindow

APP_NAME = "Journey Studio"
FILE_FILTER = "Journey maps (*.journey);;Journey JSON (*.json);;All files (*)"
OPEN_FILTER = (
    "All maps (*.journey *.json *.mmd *.md *.markdown *.csv *.xlsx);;Journey maps (*.journey);;"
    "Journey JSON (*.json);;Mermaid journeys (*.mmd *.md *.markdown);;"
    "Spreadsheets (*.csv *.xlsx);;All files (*)"
)
MAX_RECENT = 8
_open_windows: list[MainWindow] = []


def app_settings() -> QSettings:
    return QSettings(APP_NAME, APP_NAME)


def recent_files() -> list[str]:
    value = app_settings().value("recent_files", [])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def show_window(
    doc: Document | None = None, path: Path | None = None, stamp: FileStamp | None = None
) -> MainWindow:
    """A new, shown window on ``doc``, kept alive until it is closed."""
    from .main_window import MainWindow

    window = MainWindow(doc, path)
    if stamp is not None and window.path is not None:
        window.file_state.stamp = stamp
    _open_windows.append(window)

    def forget(*_args: object) -> None:
        if window in _open_windows:
            _open_windows.remove(window)

    window.destroyed.connect(forget)
    window.show()
    return window


class FileActions:
    """Mixed into MainWindow: everything that reads or writes map files."""

    path: Path | None  # the map's .journey file; set by MainWindow

    # ---- hooks the main window calls ---------------------------------------------------------
    @property
    def file_state(self: MainWindow) -> FileState:  # type: ignore[misc]
        state = self.__dict__.get("_file_state")
        if state is None:
            state = self.__dict__["_file_state"] = FileState()
        return state

    @property
    def autosave(self: MainWindow) -> AutosaveController:  # type: ignore[misc]
        controller = self.__dict__.get("_autosave")
        if controller is None:
            controller = self.__dict__["_autosave"] = AutosaveController(self)
            controller.failed.connect(
                lambda why: self.statusBar().showMessage(
                    f"Autosave could not write a recovery copy: {why}", 10000
                )
            )
        return controller

    def document_shown(self: MainWindow) -> None:  # type: ignore[misc]
        """After set_document: follow the new document with autosave; hold the new file's lock."""
        state = self.file_state
        if state.pending is not None and same_file(state.pending[0], self.path):
            state.hold(*state.pending)
            state.pending = None
        state.drop_pending()
        if self.path is None:
            state.hold(Path(), None)
        elif not same_file(state.locked_path, self.path):
            state.hold(self.path, open_lock(self.path))
            if state.lock is None:  # open in another window: this one becomes a copy
                self.statusBar().showMessage(f"{self.path.name} is open in another window; this is a copy.")
                self.path = None
                self._update_title()
        state.stamp = file_stamp(self.path) if self.path is not None else None
        self.autosave.attach()

    def document_closed(self: MainWindow) -> None:  # type: ignore[misc]
        """After a clean close: the recovery copy and the lock go."""
        self.autosave.close()
        state = self.file_state
        state.drop_pending()
        state.hold(Path(), None)

    def disk_stamp(self: MainWindow) -> FileStamp | None:  # type: ignore[misc]
        """The file's stamp when this window last read or wrote it."""
        return self.file_state.stamp

    def choose(self: MainWindow, text: str, informative: str, choices: list[tuple[str, str]]) -> str:  # type: ignore[misc]
        """Ask with one button per (key, label); returns the key. The last choice is the Escape one."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(APP_NAME)
        box.setText(text)
        box.setInformativeText(informative)
        buttons: dict[QAbstractButton, str] = {}
        for i, (key, label) in enumerate(choices):
            last = i == len(choices) - 1
            role = QMessageBox.ButtonRole.RejectRole if last else QMessageBox.ButtonRole.AcceptRole
            button = box.addButton(label, role)
            buttons[button] = key
            if i == 0:
                box.setDefaultButton(button)
        box.exec()
        return buttons.get(box.clickedButton(), choices[-1][0])

    # ---- new and open ------------------------------------------------------------------------
    def new_map(self: MainWindow) -> None:  # type: ignore[misc]
        from .main_window import blank_document

        if self.maybe_save():
            self.set_document(blank_document(), None)

    def new_window(self: MainWindow, doc: Document | None = None, path: Path | None = None) -> MainWindow:  # type: ignore[misc]
        return show_window(doc, path)

    def open_dialog(self: MainWindow) -> None:  # type: ignore[misc]
        if not self.maybe_save():
            return
        folder = (
            str(self.path.parent) if self.path else str(app_settings().value("last_folder", str(Path.home())))
        )
        name, _ = QFileDialog.getOpenFileName(self, "Open journey map", folder, OPEN_FILTER)
        if name:
            self.open_path(Path(name), ask=False)

    def _already_open(self: MainWindow, path: Path) -> str:  # type: ignore[misc]
        """ "" to open ``path`` here, "copy" for a read-only copy, "stop" to do nothing."""
        from .main_window import MainWindow

        others = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w is not self and same_file(w.path, path)
        ]
        if not others and (same_file(self.path, path) or self._claim(path)):
            return ""
        self.file_state.drop_pending()
        here = bool(others)
        choices = [("show", "Show It")] if here else []
        answer = self.choose(
            f"{path.name} is already open in another {'window' if here else 'Journey Studio window'}.",
            "Changes are saved from that window. You can open a read-only copy here to look or to "
            "save under another name.",
            [*choices, ("copy", "Open Read-Only Copy"), ("cancel", "Cancel")],
        )
        if answer == "show":
            others[0].raise_()
            others[0].activateWindow()
        return "copy" if answer == "copy" else "stop"

    def _claim(self: MainWindow, path: Path) -> bool:  # type: ignore[misc]
        """Take the open-file lock for ``path``; it becomes this window's once the file is shown."""
        lock = open_lock(path)
        if lock is None:
            return False
        state = self.file_state
        state.drop_pending()
        state.pending = (path, lock)
        return True

    def open_path(self: MainWindow, path: Path, ask: bool = True) -> bool:  # type: ignore[misc]
        """Open a map file in this window; a clear message (and no change) if it cannot be read."""
        if ask and not self.maybe_save():
            return False
        is_native = path.suffix.lower() == ".journey"
        how = self._already_open(path) if is_native else ""
        if how == "stop":
            return False
        sweep_orphans(path.parent)  # leftovers of saves killed half-way, if the folder allows
        stamp = file_stamp(path)
        try:
            doc = read_document(path)
        except (DocumentFileError, OSError) as error:
            self.file_state.drop_pending()
            return self._open_failed(path, error)
        if how == "copy":
            self.file_state.drop_pending()
            return self._show_copy(doc, path, "a read-only copy; Save asks for a new name")
        self.set_document(doc, path if is_native else None)
        if is_native and self.path is not None:
            self.file_state.stamp = stamp
            self.add_recent(path)
        elif not is_native:
            self.statusBar().showMessage(f"Imported {path.name}; Save writes a new .journey file.", 8000)
        return True

    def _show_copy(self: MainWindow, doc: Document, path: Path, what: str, modified: bool = False) -> bool:  # type: ignore[misc]
        self.set_document(doc, None)
        if modified and self.undo is not None:
            self.undo.stack.resetClean()
        self.statusBar().showMessage(f"Opened {path.name} as {what}.", 15000)
        return True

    def _open_failed(self: MainWindow, path: Path, error: Exception) -> bool:  # type: ignore[misc]
        """Explain why ``path`` did not open, and offer what can still be done."""
        cause = error.__cause__ if isinstance(error.__cause__, JourneyFileError) else None
        message = str(cause or error)
        if cause is not None and cause.reason == "newer-version":
            choice = self.choose(
                f"{path.name} was saved by a newer Journey Studio.",
                message,
                [("copy", "Open Read-Only Copy"), ("cancel", "Cancel")],
            )
            if choice == "copy":
                try:
                    doc = open_document(path, allow_newer=True)
                except JourneyFileError as again:
                    QMessageBox.warning(self, "Cannot open map", f"{path.name} cannot be opened.\n\n{again}")
                    return False
                return self._show_copy(doc, path, "a read-only copy (what this version understands)")
            return False
        if cause is not None and cause.recoverable:
            choice = self.choose(
                f"{path.name} is damaged.",
                f"{message}\n\nRecover opens what can still be read as a new, unsaved map; "
                "the file itself is not changed.",
                [("recover", "Recover…"), ("cancel", "Cancel")],
            )
            if choice != "recover":
                return False
            try:
                recovered = recover_document(path)
            except JourneyFileError as again:
                QMessageBox.warning(
                    self, "Cannot recover map", f"Nothing could be recovered from {path.name}.\n\n{again}"
                )
                return False
            return self._show_copy(
                recovered.document, path, f"a recovered map ({recovered.summary()})", modified=True
            )
        QMessageBox.warning(self, "Cannot open map", f"{path.name} cannot be opened.\n\n{message}")
        return False

    # ---- recent files ------------------------------------------------------------------------
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

    # ---- saving ------------------------------------------------------------------------------
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

    def _changed_on_disk(self: MainWindow, path: Path) -> str:  # type: ignore[misc]
        """ "" when ``path`` is as this window last saw it; otherwise what the user chose to do."""
        state = self.file_state
        if not same_file(self.path, path) or state.stamp is None:
            return ""
        now = file_stamp(path)
        if now is None or now == state.stamp:
            return ""
        return self.choose(
            f"{path.name} was changed on disk since you opened it.",
            "Another copy was saved over it. Overwrite replaces that version with yours; Save As keeps "
            "both; Reload discards your changes and opens the file as it is now.",
            [("overwrite", "Overwrite"), ("save_as", "Save As…"), ("reload", "Reload"), ("cancel", "Cancel")],
        )

    def _offer_save_as(self: MainWindow, path: Path, why: str) -> bool:  # type: ignore[misc]
        answer = self.choose(
            f"{path.name} cannot be saved there: {why}.",
            "Your map is still open and unsaved. Save As keeps it under another name or in another folder.",
            [("save_as", "Save As…"), ("cancel", "Cancel")],
        )
        return self.save_as() if answer == "save_as" else False

    def save_to(self: MainWindow, path: Path) -> bool:  # type: ignore[misc]
        """Write the map to ``path``; on failure explain and keep the map open and unsaved."""
        change = self._changed_on_disk(path)
        if change == "save_as":
            return self.save_as()
        if change == "reload":
            return self.open_path(path, ask=False)
        if change == "cancel":
            return False
        why = read_only_reason(path)
        if why:
            return self._offer_save_as(path, why)
        try:
            write_document(self.doc, path)
        except (DocumentFileError, OSError) as error:
            cause = error.__cause__
            if isinstance(cause, JourneyFileError) and cause.reason == "read-only":
                return self._offer_save_as(path, "the place is read-only")
            QMessageBox.critical(self, "Cannot save map", f"The map was not saved to {path}.\n\n{error}")
            return False
        assert self.undo is not None
        if path.suffix.lower() == ".journey":
            if not same_file(self.path, path):
                self.file_state.hold(path, open_lock(path))
            self.path = path
            self.file_state.stamp = file_stamp(path)
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
