"""Facts about files and folders on disk: the app-data folder, change stamps, read-only places."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

APP_FOLDER = "journey-studio"
DATA_DIR_VARIABLE = "JOURNEY_STUDIO_DATA_DIR"


def data_dir() -> Path:
    """The per-user folder for the app's own files (recovery copies, locks); not the user's maps.

    ``JOURNEY_STUDIO_DATA_DIR`` overrides it. The editor itself asks Qt (QStandardPaths); this is
    the same idea in plain Python for code that has no Qt.
    """
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP_FOLDER


@dataclass(frozen=True)
class FileStamp:
    """Enough of a file's identity to notice that it was replaced or rewritten since we read it."""

    device: int
    inode: int
    size: int
    mtime_ns: int


def file_stamp(path: str | os.PathLike[str]) -> FileStamp | None:
    """The file's stamp now, or None when there is no such file."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return FileStamp(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _medium_is_read_only(folder: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def read_only_reason(path: str | os.PathLike[str]) -> str:
    """Why ``path`` cannot be saved to, in plain words, or "" when it looks writable.

    A file marked read-only counts as read-only even for an administrator: someone marked it so.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    if _medium_is_read_only(folder):
        return "the disk or share it is on is read-only"
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        return "the folder is read-only for you"
    try:
        info = target.stat()
    except OSError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        writable_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        if not info.st_mode & writable_bits or not os.access(target, os.W_OK):
            return "the file is read-only"
    return ""
