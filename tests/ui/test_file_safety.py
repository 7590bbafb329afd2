"""The window's file safety: read-only places, failing saves, changes on disk, a file open twice,
newer and damaged files, and file names that look like URI syntax."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from journey_studio.edit import UpdateInfo
from journey_studio.store import disk, open_document, save_document
from journey_studio.ui import MainWindow
from journey_studio.ui.file_actions import open_lock
from tests.strategies import sample_document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def app_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "app-data"
    monkeypatch.setenv("JOURNEY_STUDIO_DATA_DIR", str(folder))
    return folder


class Answers:
    """Stands in for ``window.choose``: records each question and gives the next answer."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, list[str]]] = []

    def __call__(self, text: str, informative: str, choices: list[tuple[str, str]]) -> str:
        self.asked.append((text, [key for key, _ in choices]))
        return self.answers.pop(0)


@pytest.fixture
def windows(qtbot: Any) -> Any:
    made: list[MainWindow] = []

    def make(path: Path | None = None, *answers: str) -> tuple[MainWindow, Answers]:
        win = MainWindow()  # closed below, after its changes are marked saved (qtbot would ask)
        answer = Answers(*answers)
        win.choose = answer  # type: ignore[method-assign]
        if path is not None:
            win.open_path(path, ask=False)
        win.show()
        made.append(win)
        return win, answer

    yield make
    for win in made:
        if win.undo is not None:
            win.undo.stack.setClean()
        win.close()


def edit(win: MainWindow, title: str = "Edited") -> None:
    win.push(UpdateInfo({"title": title}, "Rename map"))


def save_as_goes_to(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (str(target), ""))


def click_ok_on_next_box(seen: list[str]) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(20, click)


# ---- read-only places and failing saves ---------------------------------------------------
def test_read_only_file_opens_and_save_offers_save_as(
    windows: Any, map_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    map_file.chmod(0o444)
    before = map_file.read_bytes()
    win, answers = windows(map_file, "save_as")
    assert win.path == map_file
    edit(win)
    copy = map_file.with_name("my copy.journey")
    save_as_goes_to(monkeypatch, copy)
    assert win.save()
    assert "the file is read-only" in answers.asked[0][0] and answers.asked[0][1] == ["save_as", "cancel"]
    assert map_file.read_bytes() == before
    assert win.path == copy and not win.is_modified() and open_document(copy).info.title == "Edited"


def test_read_only_medium_save_cancelled_keeps_the_map(
    windows: Any, map_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win, answers = windows(map_file, "cancel")
    edit(win)
    monkeypatch.setattr(disk, "_medium_is_read_only", lambda folder: True)
    before = map_file.read_bytes()
    assert not win.save()
    assert "read-only" in answers.asked[0][0]
    assert win.is_modified() and win.doc.info.title == "Edited" and map_file.read_bytes() == before


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
    ],
)
def test_failing_write_keeps_the_original_and_the_map(
    windows: Any, map_file: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, words: str
) -> None:
    win, _ = windows(map_file)
    edit(win)
    before = map_file.read_bytes()

    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(os, "replace", fail)
    seen: list[str] = []
    click_ok_on_next_box(seen)
    assert not win.save()
    assert words in seen[0] and "was not saved" in seen[0]
    monkeypatch.undo()
    assert map_file.read_bytes() == before and sorted(p.name for p in map_file.parent.iterdir()) == [
        map_file.name
    ]
    assert win.is_modified() and win.doc.info.title == "Edited" and win.path == map_file


def test_permission_error_during_save_offers_save_as(
    windows: Any, map_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win, answers = windows(map_file, "cancel")
    edit(win)

    def denied(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    assert not win.save()
    assert answers.asked[0][1] == ["save_as", "cancel"] and win.is_modified()


# ---- changed on disk -----------------------------------------------------------------------
def replace_on_disk(path: Path, title: str) -> None:
    doc = sample_document()
    doc.update_info({"title": title})
    save_document(doc, path)  # another copy of the app saves over it


@pytest.mark.parametrize("answer", ["cancel", "overwrite", "reload", "save_as"])
def test_changed_on_disk(windows: Any, map_file: Path, monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    win, answers = windows(map_file, answer)
    edit(win, "Mine")
    replace_on_disk(map_file, "Theirs")
    copy = map_file.with_name("both.journey")
    save_as_goes_to(monkeypatch, copy)
    result = win.save()
    assert "changed on disk" in answers.asked[0][0]
    assert answers.asked[0][1] == ["overwrite", "save_as", "reload", "cancel"]
    on_disk = open_document(map_file).info.title
    if answer == "cancel":
        assert not result and on_disk == "Theirs" and win.is_modified()
    elif answer == "overwrite":
        assert result and on_disk == "Mine" and not win.is_modified()
    elif answer == "reload":
        assert result and on_disk == "Theirs" and win.doc.info.title == "Theirs" and not win.is_modified()
    else:
        assert result and on_disk == "Theirs" and open_document(copy).info.title == "Mine"
    assert len(answers.asked) == 1


def test_no_warning_when_only_this_window_saved(windows: Any, map_file: Path) -> None:
    win, answers = windows(map_file)
    for title in ("One", "Two"):
        edit(win, title)
        assert win.save()
    assert answers.asked == [] and open_document(map_file).info.title == "Two"


# ---- a file open twice -----------------------------------------------------------------------
def test_second_window_is_told_and_may_open_a_copy(windows: Any, map_file: Path) -> None:
    first, _ = windows(map_file)
    second, answers = windows(None, "copy")
    assert second.open_path(map_file, ask=False)
    assert "already open" in answers.asked[0][0] and answers.asked[0][1] == ["show", "copy", "cancel"]
    assert second.path is None and first.path == map_file
    third, answers = windows(None, "show")
    assert not third.open_path(map_file, ask=False) and third.path is None


HOLDER = """
import sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
from journey_studio.ui.file_actions import open_lock
lock = open_lock(Path(sys.argv[1]))
print("holding" if lock is not None else "failed", flush=True)
sys.stdin.readline()
"""


def test_file_open_in_another_running_app(windows: Any, map_file: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(map_file), str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        win, answers = windows(None, "cancel", "copy")
        assert not win.open_path(map_file, ask=False)
        assert answers.asked[0][1] == ["copy", "cancel"]
        assert win.open_path(map_file, ask=False) and win.path is None
    finally:
        holder.communicate("\n", timeout=30)
    again, answers = windows(map_file)  # the other app has quit: the file is free
    assert again.path == map_file and answers.asked == []


def test_closing_releases_the_file(windows: Any, map_file: Path) -> None:
    first, _ = windows(map_file)
    assert open_lock(map_file) is None
    first.close()
    lock = open_lock(map_file)
    assert lock is not None
    lock.unlock()


# ---- newer and damaged files ------------------------------------------------------------------
def test_newer_file_opens_as_a_read_only_copy(windows: Any, map_file: Path) -> None:
    conn = sqlite3.connect(map_file)
    conn.execute("PRAGMA user_version = 5")
    conn.execute("CREATE TABLE later_feature (x TEXT)")
    conn.commit()
    conn.close()
    win, answers = windows(None, "copy")
    assert win.open_path(map_file, ask=False)
    assert "newer" in answers.asked[0][0]
    assert win.path is None and len(win.doc.cards) == 3


def test_damaged_file_offers_recovery_into_a_new_map(windows: Any, map_file: Path) -> None:
    conn = sqlite3.connect(map_file)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'flows'").fetchone()[0]
    conn.close()
    data = bytearray(map_file.read_bytes())
    data[(root - 1) * 4096 : root * 4096] = b"\xa5" * 4096  # a page the disk lost
    map_file.write_bytes(bytes(data))
    before = map_file.read_bytes()
    win, answers = windows(None, "cancel", "recover")
    original = win.doc
    assert not win.open_path(map_file, ask=False) and win.doc is original
    assert win.open_path(map_file, ask=False)
    assert "damaged" in answers.asked[1][0] and answers.asked[1][1] == ["recover", "cancel"]
    assert win.path is None and win.is_modified() and len(win.doc.cards) == 3 and len(win.doc.flows) == 0
    assert map_file.read_bytes() == before


def test_crafted_file_is_refused_with_a_message(windows: Any, map_file: Path) -> None:
    conn = sqlite3.connect(map_file)
    conn.execute("CREATE TRIGGER sneaky AFTER INSERT ON cards BEGIN DELETE FROM flows; END")
    conn.commit()
    conn.close()
    win, answers = windows(None)
    seen: list[str] = []
    click_ok_on_next_box(seen)
    assert not win.open_path(map_file, ask=False)
    assert answers.asked == [] and "trigger 'sneaky'" in seen[0]


def test_the_real_question_box(windows: Any, map_file: Path) -> None:
    """``choose`` itself: one button per choice, returns the key of the one clicked."""
    win = MainWindow()
    seen: list[list[str]] = []

    def click_second() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click_second)
            return
        seen.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == "Save As…").click()

    QTimer.singleShot(20, click_second)
    assert (
        win.choose(
            "Question", "More", [("overwrite", "Overwrite"), ("save_as", "Save As…"), ("cancel", "Cancel")]
        )
        == "save_as"
    )
    assert sorted(seen[0]) == ["Cancel", "Overwrite", "Save As…"]
    win.close()


# ---- file names -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["map #1.journey", "what?mode=rwc.journey", "100%41 é 地图 🙂.journey", "a b.journey"]
)
def test_odd_names_open_and_save_exactly_that_file(windows: Any, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    target = folder / name
    save_document(sample_document(), target)
    decoy = sample_document()
    decoy.update_info({"title": "decoy"})
    for impostor in {name.split("#")[0], name.split("?")[0], name.replace("%41", "A")} - {name}:
        save_document(decoy, folder / impostor)
    win, _ = windows(target)
    assert win.path == target and win.doc.info.title == sample_document().info.title
    edit(win, "Saved back")
    assert win.save()
    assert open_document(target).info.title == "Saved back"


def test_symlink_opens_and_saves_the_real_file(windows: Any, map_file: Path) -> None:
    link = map_file.with_name("link.journey")
    link.symlink_to(map_file)
    win, _ = windows(link)
    edit(win, "Through the link")
    assert win.save()
    assert link.is_symlink() and open_document(map_file).info.title == "Through the link"
