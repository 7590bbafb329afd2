"""Autosave to a recovery copy, and restoring it after a crash: in process and after killing a real app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from journey_studio.edit import UpdateInfo
from journey_studio.store import open_document
from journey_studio.store.autosave import list_recoveries, write_recovery
from journey_studio.store.writer import document_rows
from journey_studio.ui import MainWindow
from journey_studio.ui import recovery as recovery_module
from journey_studio.ui.recovery import offer_recoveries, orphaned_recoveries, recovery_folder
from tests.strategies import sample_document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def app_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "app-data"
    monkeypatch.setenv("JOURNEY_STUDIO_DATA_DIR", str(folder))
    monkeypatch.setattr(recovery_module, "AUTOSAVE_DELAY_MS", 150)
    monkeypatch.setattr(recovery_module, "AUTOSAVE_MAX_MS", 600)
    return folder


@pytest.fixture
def window(qtbot: Any, map_file: Path) -> Any:
    win = MainWindow()
    assert win.open_path(map_file, ask=False)
    win.show()
    yield win
    if win.undo is not None:
        win.undo.stack.setClean()
    win.close()
    win.deleteLater()


def retitle(win: MainWindow, title: str) -> None:
    win.push(UpdateInfo({"title": title}, "Rename map"))


def copies() -> list[Path]:
    return sorted(recovery_folder().glob("*.journey"))


def test_autosave_writes_a_recovery_copy_after_a_pause(window: Any, qtbot: Any, map_file: Path) -> None:
    assert copies() == []
    with qtbot.waitSignal(window.autosave.written, timeout=5000) as written:
        retitle(window, "Edited in the workshop")
    path = Path(written.args[0])
    assert path.parent == recovery_folder()  # in the app-data folder, not beside the user's file
    assert [p.name for p in map_file.parent.iterdir()] == [map_file.name]
    assert open_document(path).info.title == "Edited in the workshop"
    (entry,) = list_recoveries(recovery_folder())
    assert entry.title == "Edited in the workshop" and entry.source == map_file
    assert entry.source_stamp == window.disk_stamp()
    assert orphaned_recoveries() == []  # this window still owns it


def test_autosave_happens_at_least_every_interval_while_editing(window: Any, qtbot: Any) -> None:
    """Changes every 50 ms never leave a 150 ms pause; the 600 ms ceiling still saves."""
    saved_at: list[float] = []
    window.autosave.written.connect(lambda _path: saved_at.append(time.monotonic()))
    start = time.monotonic()
    for i in range(40):
        retitle(window, f"Title {i}")
        qtbot.wait(50)
    assert saved_at and saved_at[0] - start < 1.5
    assert saved_at[0] < start + 40 * 0.05  # before the burst of changes ended


def test_saving_undoing_and_closing_remove_the_copy(window: Any, qtbot: Any, map_file: Path) -> None:
    with qtbot.waitSignal(window.autosave.written, timeout=5000):
        retitle(window, "One")
    assert copies()
    assert window.save_to(map_file)
    assert copies() == []
    with qtbot.waitSignal(window.autosave.written, timeout=5000):
        retitle(window, "Two")
    window.undo_last()  # back to what is on disk: nothing to recover
    assert copies() == []
    with qtbot.waitSignal(window.autosave.written, timeout=5000):
        retitle(window, "Three")

    def discard() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, discard)
            return
        box.button(QMessageBox.StandardButton.Discard).click()

    QTimer.singleShot(20, discard)
    assert window.close()
    assert copies() == [] and list(recovery_folder().iterdir()) == []


def test_restore_discard_and_later(qtbot: Any, map_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies left by a process that died are offered; each answer does what it says."""
    folder = recovery_folder()
    for title in ("Restore me", "Discard me", "Later me"):
        doc = sample_document()
        doc.update_info({"title": title})
        write_recovery(
            folder, os.urandom(16).hex(), document_rows(doc), title=title, source=map_file, source_stamp=None
        )
    answers = {"Restore me": "restore", "Discard me": "discard", "Later me": "later"}
    asked: list[str] = []

    def ask(entry: Any, parent: Any = None) -> str:
        asked.append(entry.title)
        return answers[entry.title]

    monkeypatch.setattr(recovery_module, "ask_about_recovery", ask)
    (restored,) = offer_recoveries()
    assert sorted(asked) == sorted(answers)
    assert restored.doc.info.title == "Restore me" and restored.is_modified()
    assert restored.path == map_file
    assert sorted(e.title for e in list_recoveries(folder)) == ["Later me", "Restore me"]
    asked.clear()
    assert offer_recoveries() == [] and asked == ["Later me"]  # the restored one is owned again
    restored.undo.stack.setClean()
    restored.close()
    assert [e.title for e in list_recoveries(folder)] == ["Later me"]


def test_the_offer_dialog_shows_title_and_time(map_file: Path) -> None:
    folder = recovery_folder()
    write_recovery(
        folder,
        "a" * 32,
        document_rows(sample_document()),
        title="Big workshop",
        source=None,
        source_stamp=None,
    )
    ((entry, lock),) = orphaned_recoveries()
    seen: list[str] = []

    def later() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, later)
            return
        seen.append(box.text() + box.informativeText())
        next(b for b in box.buttons() if b.text() == "Later").click()

    QTimer.singleShot(20, later)
    assert recovery_module.ask_about_recovery(entry) == "later"
    recovery_module.release_lock(lock)
    assert "Big workshop" in seen[0] and entry.saved_at.astimezone().strftime("%H:%M") in seen[0]


CRASHING_APP = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, sys.argv[2])
from journey_studio.app import create_application, open_window
from journey_studio.edit import UpdateInfo
from journey_studio.ui import recovery
recovery.AUTOSAVE_DELAY_MS = 100
app = create_application()
window = open_window(sys.argv[1])
window.autosave.written.connect(lambda path: print("autosaved", path, flush=True))
window.push(UpdateInfo({"title": "Edits made before the crash"}, "Rename map"))
app.exec()
"""


def test_recovery_after_killing_the_running_app(
    qtbot: Any, map_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = subprocess.Popen(
        [sys.executable, "-c", CRASHING_APP, str(map_file), str(ROOT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert app.stdout is not None
        line = app.stdout.readline()
        assert line.startswith("autosaved"), line
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=30)
    assert open_document(map_file).info.title == sample_document().info.title  # the file was never saved
    monkeypatch.setattr(recovery_module, "ask_about_recovery", lambda entry, parent=None: "restore")
    (window,) = offer_recoveries()
    assert window.doc.info.title == "Edits made before the crash"
    assert window.path == map_file and window.is_modified()
    assert window.save()
    assert open_document(map_file).info.title == "Edits made before the crash"
    assert copies() == []
    window.close()


def test_a_failing_autosave_is_reported_and_the_map_stays(
    window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recovery_module, "write_recovery", full)
    with qtbot.waitSignal(window.autosave.failed, timeout=5000):
        retitle(window, "Still here")
    assert "recovery copy" in window.statusBar().currentMessage()
    assert window.is_modified() and window.doc.info.title == "Still here"
