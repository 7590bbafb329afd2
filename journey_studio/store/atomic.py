"""Replace a file atomically: build a temporary file beside it, fsync, then rename over it.

A save killed half-way leaves at most a temporary file (and its SQLite journal) beside the
target, never a damaged target; ``sweep_orphans`` removes such leftovers later.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import socket
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path

TEMP_PREFIX = ".journey-save-"
TEMP_SUFFIX = ".tmp"
ORPHAN_SECONDS = 3600.0  # a temporary file this old is a leftover whoever made it
DEAD_OWNER_SECONDS = 5.0  # … or this old when the process that made it on this machine is gone
_TEMP_NAME = re.compile(
    re.escape(TEMP_PREFIX)
    + r"(?:(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-)?[0-9a-f]{12}"
    + re.escape(TEMP_SUFFIX)
    + r"(?:-journal)?$"
)
READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def target_path(path: str | os.PathLike[str]) -> Path:
    """The file a save really replaces: a symbolic link is followed, not replaced."""
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _new_temp_file(folder: Path) -> Path:
    """A new empty file with a unique name; 0o666 narrowed by the umask, like any new file."""
    while True:
        temp = folder / f"{TEMP_PREFIX}{_host_tag()}-{os.getpid()}-{secrets.token_hex(6)}{TEMP_SUFFIX}"
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
    folder = target.parent.absolute()
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


def _owner_is_gone(host: str | None, pid: str | None) -> bool:
    if host != _host_tag() or pid is None or os.name != "posix":
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (OSError, ValueError, OverflowError):
        return False
    return False


def sweep_orphans(folder: str | os.PathLike[str], now: float | None = None) -> list[Path]:
    """Remove temporary files that interrupted saves left in ``folder``; returns what was removed.

    A file is a leftover when the process that made it on this machine is gone, or when it is
    older than any save takes. Other files, and saves still running, are never touched.
    """
    removed: list[Path] = []
    moment = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            age = moment - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        gone = age > DEAD_OWNER_SECONDS and _owner_is_gone(match["host"], match["pid"])
        if gone or age > ORPHAN_SECONDS:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def is_read_only_error(exc: BaseException) -> bool:
    """An error that means the place cannot be written (permissions, read-only medium)."""
    if isinstance(exc, OSError):
        return exc.errno in READ_ONLY_ERRNOS
    if isinstance(exc, sqlite3.Error):
        text = str(exc).lower()
        return "readonly" in text or "read-only" in text or "permission" in text
    return False


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
