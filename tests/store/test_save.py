"""Saving is atomic: a failed save leaves the old file untouched and nothing behind."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from journey_studio.model import Card, Document, Stage
from journey_studio.store import JourneyFileError, open_document, save_document
from journey_studio.store import writer as writer_module
from tests.strategies import sample_document


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.journey"
    save_document(sample_document(), path)
    return path


def assert_untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize(
    ("error", "reason", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "save-failed", "the disk is full"),
        (PermissionError(errno.EACCES, "Permission denied"), "read-only", "the folder is not writable"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only", "the folder is not writable"),
        (OSError(errno.EIO, "Input/output error"), "save-failed", "Input/output error"),
    ],
)
def test_failed_rename_leaves_old_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str, message: str
) -> None:
    before = old_file.read_bytes()

    def failing_replace(*args: object) -> None:
        raise error

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(JourneyFileError) as caught:
        save_document(Document(), old_file)
    assert caught.value.reason == reason
    assert message in str(caught.value)
    monkeypatch.undo()
    assert_untouched(old_file, before)


def test_failure_while_writing_removes_temp_file_and_journal(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = old_file.read_bytes()
    real = writer_module.document_rows

    def rows_then_full_disk(doc: Document) -> dict[str, list[dict[str, object]]]:
        rows = real(doc)
        rows["flows"].append(
            {"id": "x", "position": 9, "source": "a", "target": "b", "persona": None, "label": ""}
        )
        return rows  # the foreign key check fails inside the transaction

    monkeypatch.setattr(writer_module, "document_rows", rows_then_full_disk)
    with pytest.raises(JourneyFileError, match="could not save"):
        save_document(sample_document(), old_file)
    assert_untouched(old_file, before)


def test_disk_full_inside_sqlite(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = old_file.read_bytes()

    def full(source: sqlite3.Connection, file: Path) -> None:
        file.write_bytes(b"partial")
        Path(f"{file}-journal").write_bytes(b"journal")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(writer_module, "copy_database", full)
    with pytest.raises(JourneyFileError, match="the disk is full"):
        save_document(sample_document(), old_file)
    assert_untouched(old_file, before)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(JourneyFileError, match="the folder does not exist"):
        save_document(Document(), tmp_path / "nowhere" / "map.journey")


def test_target_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "map.journey").mkdir()
    with pytest.raises(JourneyFileError, match="a folder has that name"):
        save_document(Document(), tmp_path / "map.journey")


def test_invalid_document_is_not_written(tmp_path: Path) -> None:
    doc = Document(stages=[Stage("s1", "Too thin", width=3.0)])
    with pytest.raises(JourneyFileError, match="width must be between"):
        save_document(doc, tmp_path / "map.journey")
    assert list(tmp_path.iterdir()) == []


def test_permissions_of_the_old_file_are_kept(old_file: Path) -> None:
    old_file.chmod(0o640)
    save_document(Document(), old_file)
    assert old_file.stat().st_mode & 0o777 == 0o640


def test_a_symbolic_link_is_followed_not_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.journey"
    save_document(Document(), real)
    link = tmp_path / "link.journey"
    link.symlink_to(real)
    save_document(sample_document(), link)
    assert link.is_symlink()
    assert len(open_document(real).cards) == 3


def test_new_file_in_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    save_document(sample_document(), "here.journey")
    assert len(open_document(os.path.join(".", "here.journey")).cards) == 3


def test_a_read_only_file_is_not_replaced(old_file: Path) -> None:
    """Someone marked it read-only: Save explains (and the editor offers Save As)."""
    old_file.chmod(0o444)
    before = old_file.read_bytes()
    with pytest.raises(JourneyFileError) as caught:
        save_document(Document(), old_file)
    assert caught.value.reason == "read-only" and "the file is read-only" in str(caught.value)
    assert_untouched(old_file, before)
    assert len(open_document(old_file).cards) == 3  # opening a read-only file works


def test_read_only_medium_is_refused_before_writing(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from journey_studio.store import disk

    monkeypatch.setattr(disk, "_medium_is_read_only", lambda folder: True)
    before = old_file.read_bytes()
    with pytest.raises(JourneyFileError, match="the disk or share it is on is read-only") as caught:
        save_document(Document(), old_file)
    assert caught.value.reason == "read-only"
    assert_untouched(old_file, before)


def test_saving_drops_deleted_content(tmp_path: Path) -> None:
    """An emailed file does not carry text the user deleted, even if it was in the file before."""
    path = tmp_path / "map.journey"
    doc = sample_document()
    secret = "SECRET-PRICE-" + "x" * 9000  # long enough for overflow pages
    card = doc.cards["c1"]
    doc.insert("cards", Card("c9", "note", card.stage, card.lane, "Price", secret))
    save_document(doc, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA secure_delete=OFF")
    conn.execute("DELETE FROM cards WHERE id = 'c9'")
    conn.commit()
    conn.close()
    assert b"SECRET-PRICE" in path.read_bytes()  # another program left the text in free pages
    save_document(open_document(path), path)
    assert b"SECRET-PRICE" not in path.read_bytes()


def test_orphaned_temporary_files_are_swept(old_file: Path) -> None:
    from journey_studio.store.atomic import sweep_orphans

    folder = old_file.parent
    dead = folder / ".journey-save-0123456789ab.tmp"  # an older naming, no owner recorded
    recent = folder / ".journey-save-89abcdef0123.tmp"
    other = folder / "notes.tmp"
    for path in (dead, recent, other):
        path.write_bytes(b"x")
    old = os.stat(dead).st_mtime - 7200
    os.utime(dead, (old, old))
    assert sweep_orphans(folder) == [dead]
    assert sorted(p.name for p in folder.iterdir()) == sorted([old_file.name, recent.name, other.name])
