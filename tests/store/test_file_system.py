"""Real read-only folders, read-only files, a full disk, a read-only medium and locked files.

Tests run as root here, and root may write anywhere, so the permission cases run in a child
process as the nobody user (``setpriv``), and the disk cases in a private mount namespace with
a tiny tmpfs (``unshare -m``). Where the machine does not allow that, they are skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from journey_studio.store import open_document, save_document
from tests.store.conftest import refused
from tests.strategies import sample_document

SCRIPT = Path(__file__).with_name("fs_scenarios.py")


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder other users can reach (pytest's own tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="journey-fs-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def as_nobody(scenario: str, folder: Path) -> dict[str, object]:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run a child process as the nobody user")
    command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    done = subprocess.run(
        [*command, sys.executable, "-B", str(SCRIPT), scenario, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode and "setpriv" in done.stderr:
        pytest.skip(f"setpriv is not allowed here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def in_tmpfs(scenario: str, source: Path, read_only: bool) -> dict[str, object]:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        pytest.skip("needs Linux and unshare for a private tmpfs")
    mount_point = Path(tempfile.mkdtemp(prefix="journey-tmpfs-"))
    remount = 'mount -o remount,ro "$1" && ' if read_only else ""
    script = (
        f'mount -t tmpfs -o size=512k tmpfs "$1" && cp "$2" "$1/map.journey" && '
        f'{remount}exec "$3" -B "$4" "$5" "$1"'
    )
    try:
        done = subprocess.run(
            [
                "unshare",
                "-m",
                "sh",
                "-c",
                script,
                "sh",
                str(mount_point),
                str(source),
                sys.executable,
                str(SCRIPT),
                scenario,
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        shutil.rmtree(mount_point, ignore_errors=True)
    if done.returncode and ("mount" in done.stderr or "unshare" in done.stderr):
        pytest.skip(f"cannot mount a private tmpfs here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def put_map(folder: Path, mode: int) -> Path:
    target = folder / "map.journey"
    save_document(sample_document(), target)
    target.chmod(mode)
    return target


def test_read_only_folder_opens_but_does_not_save(shared_folder: Path) -> None:
    put_map(shared_folder, 0o644)
    result = as_nobody("save-small", shared_folder)
    assert result["open"] == {"ok": True, "cards": 3}
    assert result["read_only_reason"] == "the folder is read-only for you"
    assert result["save"]["reason"] == "read-only"  # type: ignore[index]
    assert result["untouched"] and result["files"] == ["map.journey"]


def test_read_only_file_opens_but_does_not_save(shared_folder: Path) -> None:
    shared_folder.chmod(0o777)
    put_map(shared_folder, 0o444)
    result = as_nobody("save-small", shared_folder)
    assert result["open"] == {"ok": True, "cards": 3}
    assert result["save"]["reason"] == "read-only" and "the file is read-only" in result["save"]["message"]  # type: ignore[index]
    assert result["untouched"] and result["files"] == ["map.journey"]


def test_writable_place_saves_as_another_user(shared_folder: Path) -> None:
    shared_folder.chmod(0o777)
    put_map(shared_folder, 0o666)
    result = as_nobody("save-small", shared_folder)
    assert result["save"] == {"ok": True, "cards": None} and result["files"] == ["map.journey"]


def test_unreadable_file(shared_folder: Path) -> None:
    put_map(shared_folder, 0o600)
    result = as_nobody("open", shared_folder)
    assert result["open"]["reason"] == "unreadable"  # type: ignore[index]


def test_full_disk_leaves_the_original(tmp_path: Path) -> None:
    source = put_map(tmp_path, 0o644)
    result = in_tmpfs("save-big", source, read_only=False)
    assert result["open"] == {"ok": True, "cards": 3}
    save = result["save"]
    assert save["reason"] == "save-failed" and "the disk is full" in save["message"]  # type: ignore[index]
    assert result["untouched"] and result["files"] == ["map.journey"]


def test_read_only_medium(tmp_path: Path) -> None:
    source = put_map(tmp_path, 0o644)
    result = in_tmpfs("save-small", source, read_only=True)
    assert result["open"] == {"ok": True, "cards": 3}
    assert result["read_only_reason"] == "the disk or share it is on is read-only"
    assert result["save"]["reason"] == "read-only"  # type: ignore[index]
    assert result["untouched"]


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(30)
"""

HALF_WRITTEN = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")
conn.execute("BEGIN")
conn.execute("UPDATE cards SET description = hex(randomblob(4000))")
os._exit(0)  # the power goes out before COMMIT: a hot journal stays beside the file
"""


def test_file_locked_by_another_program(saved: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(saved)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        start = time.monotonic()
        error = refused(saved)
        assert time.monotonic() - start < 5
        assert error.reason == "locked" and "another program is writing" in str(error)
    finally:
        holder.kill()
        holder.wait()
    assert len(open_document(saved).cards) == 3


def test_file_another_program_stopped_writing(saved: Path) -> None:
    subprocess.run([sys.executable, "-c", HALF_WRITTEN, str(saved)], check=True, timeout=30)
    assert Path(f"{saved}-journal").exists()
    error = refused(saved)
    assert error.reason == "locked" and "half-way" in str(error)
    assert Path(f"{saved}-journal").exists()  # we never roll back someone else's journal
