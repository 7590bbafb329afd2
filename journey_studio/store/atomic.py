"""Replace a file atomically: build a temporary file beside it, fsync, then rename over it."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

TEMP_PREFIX = ".journey-save-"
TEMP_SUFFIX = ".tmp"


def target_path(path: str | os.PathLike[str]) -> Path:
    """The file a save really replaces: a symbolic link is followed, not replaced."""
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _new_temp_file(folder: Path) -> Path:
    """A new empty file with a unique name; 0o666 narrowed by the umask, like any new file."""
    while True:
        temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return temp


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename durable; some platforms (Windows) cannot open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_atomically(path: str | os.PathLike[str], fill: Callable[[Path], None]) -> None:
    """Call ``fill(temp)`` to write the new content, then put it in place of ``path``.

    On any failure the temporary file (and a SQLite journal beside it) is removed, the
    target is left untouched and the exception propagates.
    """
    target = target_path(path)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(folder))
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(target))
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = 0
    existed = target.exists()
    temp = _new_temp_file(folder)
    try:
        fill(temp)
        fsync_file(temp)
        if existed:  # keep the old file's permissions (after writing: they may be read-only)
            with contextlib.suppress(OSError):
                os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        for leftover in (temp, Path(f"{temp}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    fsync_folder(folder)


def describe_failure(exc: BaseException) -> str:
    """A plain-language reason for a failed save."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "the disk is full"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "the folder is not writable"
        if exc.errno == errno.ENOENT:
            return "the folder does not exist"
        if exc.errno == errno.EISDIR:
            return "a folder has that name"
        if exc.errno == errno.ENAMETOOLONG:
            return "the file name is too long"
        return exc.strerror or str(exc)
    if isinstance(exc, sqlite3.Error):
        text = str(exc).lower()
        if "full" in text:
            return "the disk is full"
        if "readonly" in text or "unable to open" in text or "permission" in text:
            return "the folder is not writable"
        return f"the database engine failed ({exc})"
    return str(exc) or type(exc).__name__
