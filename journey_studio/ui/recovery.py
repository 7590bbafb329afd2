"""Never lose work: autosave to a recovery copy, the offer to restore recovered maps at start-up,
and the app-data lock files that say which maps are open.

A window with unsaved changes writes a recovery copy into the app-data folder (never beside
the user's file) a few seconds after the last change, and at least once a minute while changes
keep coming. A clean close, a save, or undoing back to the saved state removes it. Each copy
is guarded by a lock file held while its window lives; after a crash or a kill the lock is
stale, and the next start offers to restore the map.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QLockFile,
    QMetaObject,
    QObject,
    QStandardPaths,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from ..store import JourneyFileError, open_document
from ..store.autosave import (
    RecoveryEntry,
    list_recoveries,
    new_key,
    recovery_dir,
    remove_recovery,
    write_recovery,
)
from ..store.disk import DATA_DIR_VARIABLE, FileStamp, data_dir
from ..store.writer import document_problem, document_rows

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from .main_window import MainWindow

AUTOSAVE_DELAY_MS = 3000  # after the last change
AUTOSAVE_MAX_MS = 60_000  # at the latest, while changes keep coming
_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
_held_locks: set[str] = set()  # lock files this process holds (a stale lock may carry our own pid)


def app_data_dir() -> Path:
    """The app's own data folder (QStandardPaths.AppDataLocation), or the override for tests."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else data_dir()


def recovery_folder() -> Path:
    return recovery_dir(app_data_dir())


def take_lock(path: Path) -> QLockFile | None:
    """Hold the lock file ``path`` for this process, or None when a live process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # only a dead owner makes a lock stale, however long it was held
    if not lock.tryLock(0):
        info = lock.getLockInfo()
        ours = isinstance(info, tuple) and info and info[0] == QCoreApplication.applicationPid()
        if not (ours and str(path) not in _held_locks and lock.removeStaleLockFile() and lock.tryLock(0)):
            return None
    _held_locks.add(str(path))
    return lock


def release_lock(lock: QLockFile | None) -> None:
    if lock is not None:
        _held_locks.discard(lock.fileName())
        lock.unlock()


def same_file(a: Path | None, b: Path | None) -> bool:
    return a is not None and b is not None and a.resolve() == b.resolve()


def open_lock(path: Path) -> QLockFile | None:
    """Hold "this file is open" for ``path`` (in the app-data folder), or None if a window has it."""
    name = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return take_lock(app_data_dir() / "open" / f"{name}.lock")


@dataclass
class FileState:
    """What a window knows about its file: how it looked on disk, and the lock saying it is open."""

    stamp: FileStamp | None = None
    lock: QLockFile | None = None
    locked_path: Path | None = None
    pending: tuple[Path, QLockFile] | None = None  # taken by open_path before the file is read

    def hold(self, path: Path, lock: QLockFile | None) -> None:
        """Make ``lock`` the lock of the file this window shows (releasing the one before)."""
        if lock is not self.lock:
            release_lock(self.lock)
        self.lock, self.locked_path = lock, path if lock is not None else None

    def drop_pending(self) -> None:
        if self.pending is not None:
            release_lock(self.pending[1])
            self.pending = None


class AutosaveController(QObject):
    """Keeps a recovery copy of one window's map while it has unsaved changes."""

    written = Signal(str)  # the recovery copy's path, after each autosave (on the GUI thread)
    failed = Signal(str)
    _finished = Signal(object)  # the worker's Future, delivered on the GUI thread

    def __init__(self, window: MainWindow, folder: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.folder = folder or recovery_folder()
        self.key = ""
        self._lock: QLockFile | None = None
        self._stack: QUndoStack | None = None
        self._connections: list[QMetaObject.Connection] = []
        self._future: Future[Path] | None = None
        self._again = False
        self._debounce = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._debounce.timeout.connect(self.save_now)
        self._latest = QTimer(self, singleShot=True, interval=AUTOSAVE_MAX_MS)
        self._latest.timeout.connect(self.save_now)
        self._finished.connect(self._on_finished)

    @property
    def path(self) -> Path | None:
        """The recovery copy, when there is one."""
        return self.folder / f"{self.key}.journey" if self.key else None

    def attach(self) -> None:
        """Follow the window's current document (after set_document replaced document and stack)."""
        self.close()  # the previous document was saved, or its changes were discarded
        self._stack = self.window.undo.stack if self.window.undo is not None else None
        if self._stack is not None:
            self._connections = [
                self._stack.indexChanged.connect(self._changed),
                self._stack.cleanChanged.connect(self._clean_changed),
            ]
            self._changed()

    def close(self) -> None:
        """Stop following the document and remove its recovery copy (a clean close)."""
        self.discard()
        for connection in self._connections:  # the window may have cut some already
            QObject.disconnect(connection)
        self._connections = []
        self._stack = None

    def _is_clean(self) -> bool:
        """True when there is nothing unsaved (or the stack is already gone)."""
        try:
            return self._stack is None or self._stack.isClean()
        except RuntimeError:  # the window let go of its stack
            self._stack = None
            return True

    def adopt(self, key: str, lock: QLockFile) -> None:
        """Take over a restored recovery copy: it stays until this map is saved or closed."""
        self.discard()
        self.key, self._lock = key, lock

    def _changed(self, *_args: object) -> None:
        if self._is_clean():
            return
        self._debounce.start()
        if not self._latest.isActive():
            self._latest.start()

    def _clean_changed(self, clean: bool) -> None:
        if clean:  # saved, or undone back to what is on disk
            self.discard()

    def save_now(self, wait: bool = False) -> bool:
        """Write the recovery copy now (in the background unless ``wait``); False if nothing to do."""
        self._debounce.stop()
        self._latest.stop()
        window = self.window
        if self._is_clean() or document_problem(window.doc):
            return False
        if self._future is not None and not self._future.done():
            self._again = True  # a write is under way: write once more when it ends
            if not wait:
                return False
            self._future.result()
        if not self.key:
            self.key = new_key()
            self._lock = take_lock(self.folder / f"{self.key}.lock")
        rows = document_rows(window.doc)  # a snapshot of plain values, safe to hand to the worker
        source = window.path
        stamp = window.disk_stamp() if source is not None else None
        future = _writer.submit(
            write_recovery,
            self.folder,
            self.key,
            rows,
            title=window.doc.info.title,
            source=source,
            source_stamp=stamp,
        )
        self._future = future
        future.add_done_callback(self._finished.emit)
        if wait:
            with contextlib.suppress(Exception):
                future.result()
            QCoreApplication.processEvents()
            return future.exception() is None
        return True

    def _on_finished(self, future: Future[Path]) -> None:
        if future is not self._future:
            return
        error = future.exception()
        if error is not None:
            self.failed.emit(str(error) if isinstance(error, JourneyFileError) else repr(error))
        elif self.key:
            self.written.emit(str(future.result()))
        if self._again:
            self._again = False
            self._changed()

    def discard(self) -> None:
        """Remove the recovery copy (after a save, a discard or a clean close)."""
        self._debounce.stop()
        self._latest.stop()
        self._again = False
        if self._future is not None:
            with contextlib.suppress(Exception):
                self._future.result()  # never let a late write bring the copy back
            self._future = None
        if self.key:
            remove_recovery(self.folder, self.key)
            self.key = ""
        release_lock(self._lock)
        self._lock = None


# ---- after a crash -------------------------------------------------------------------------
def orphaned_recoveries(folder: Path | None = None) -> list[tuple[RecoveryEntry, QLockFile]]:
    """Recovery copies no running window owns, each with its lock now held by us."""
    found = []
    base = folder or recovery_folder()
    for entry in list_recoveries(base):
        lock = take_lock(base / f"{entry.key}.lock")
        if lock is not None:
            found.append((entry, lock))
    return found


def ask_about_recovery(entry: RecoveryEntry, parent: QWidget | None = None) -> str:
    """Restore, Discard or Later for one recovered map; returns "restore", "discard" or "later"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Journey Studio")
    when = entry.saved_at.astimezone().strftime("%d %b %Y, %H:%M")
    box.setText(f"“{entry.title}” was not saved when Journey Studio last closed.")
    belongs = f"It belongs to {entry.source}." if entry.source else "It was a new map, never saved."
    box.setInformativeText(
        f"A recovery copy from {when} holds your changes. {belongs}\n\n"
        "Restore opens it (then save it); Discard deletes it; Later asks again next time."
    )
    restore_button = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    buttons: dict[QAbstractButton, str] = {
        restore_button: "restore",
        box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole): "discard",
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole): "later",
    }
    box.setDefaultButton(restore_button)
    box.exec()
    return buttons.get(box.clickedButton(), "later")


def restore(entry: RecoveryEntry, lock: QLockFile) -> MainWindow | None:
    """Open a window on a recovered map: its edits back, unsaved, tied to its file if it still can be."""
    from .file_actions import show_window

    try:
        doc = open_document(entry.map_path)
    except JourneyFileError as error:
        QMessageBox.warning(
            None, "Journey Studio", f"The recovered map “{entry.title}” cannot be opened.\n\n{error}"
        )
        release_lock(lock)
        return None
    source = entry.source if entry.source is not None and entry.source.exists() else None
    window = show_window(doc, source, stamp=entry.source_stamp)
    window.autosave.adopt(entry.key, lock)
    assert window.undo is not None
    window.undo.stack.resetClean()  # the restored edits are not saved yet
    window.statusBar().showMessage(f"Restored “{entry.title}”: save it to keep the changes.", 10000)
    return window


def offer_recoveries(folder: Path | None = None) -> list[MainWindow]:
    """At start-up: offer each recovered map (Restore / Discard / Later); returns restored windows."""
    windows = []
    base = folder or recovery_folder()
    for entry, lock in orphaned_recoveries(base):
        choice = ask_about_recovery(entry)
        if choice == "restore":
            window = restore(entry, lock)
            if window is not None:
                windows.append(window)
        elif choice == "discard":
            remove_recovery(base, entry.key)
            release_lock(lock)
        else:
            release_lock(lock)
    return windows
