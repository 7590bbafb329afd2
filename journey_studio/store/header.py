"""Checks on a file's size and SQLite header, in plain Python, before SQLite reads any of it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import JourneyFileError
from .schema import APPLICATION_ID, MAX_FILE_BYTES, SCHEMA_VERSION, SQLITE_MAGIC

HEADER_BYTES = 100


def _u16(header: bytes, offset: int) -> int:
    return int.from_bytes(header[offset : offset + 2], "big")


def _u32(header: bytes, offset: int) -> int:
    return int.from_bytes(header[offset : offset + 4], "big")


def read_header(path: str | os.PathLike[str]) -> tuple[bytes, int]:
    """The first 100 bytes of the file and its size, refusing what is plainly not ours."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise JourneyFileError(path, "missing", "no such file") from None
    except OSError as exc:
        raise JourneyFileError(path, "unreadable", f"cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise JourneyFileError(path, "not-journey", "is a folder, not a Journey Studio file")
    if not stat.S_ISREG(info.st_mode):
        raise JourneyFileError(path, "not-journey", "is not a regular file")
    if info.st_size == 0:
        raise JourneyFileError(path, "empty", "the file is empty")
    if info.st_size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise JourneyFileError(path, "too-large", f"the file is larger than {limit} MB, too large to open")
    try:
        with Path(path).open("rb") as stream:
            header = stream.read(HEADER_BYTES)
    except OSError as exc:
        raise JourneyFileError(path, "unreadable", f"cannot be read ({exc.strerror})") from None
    return header, info.st_size


def check_header(path: str | os.PathLike[str], header: bytes, size: int) -> None:
    """Refuse files that are not SQLite, belong to another application, or are too new."""
    if not header.startswith(SQLITE_MAGIC):
        raise JourneyFileError(path, "not-journey", "not a Journey Studio file")
    if len(header) < HEADER_BYTES:
        raise JourneyFileError(path, "damaged", "the file is damaged (it is cut short)")
    application_id = _u32(header, 68)
    version = _u32(header, 60)
    if application_id != APPLICATION_ID:
        raise JourneyFileError(
            path, "other-application", "a database of another application, not a Journey Studio map"
        )
    if version > SCHEMA_VERSION:
        raise JourneyFileError(
            path,
            "newer-version",
            f"saved by a newer version of Journey Studio (file version {version}; "
            f"this version opens up to {SCHEMA_VERSION}) — please update Journey Studio",
        )
    if version < 1:
        raise JourneyFileError(path, "damaged", "the file is damaged (its format version is missing)")
    page_size = _u16(header, 16)
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise JourneyFileError(path, "damaged", "the file is damaged (bad page size)")
    if size % page_size:
        raise JourneyFileError(path, "damaged", "the file is damaged (it is cut short)")
    if header[18] != 1 or header[19] != 1:
        # Journey Studio never writes write-ahead-log files; opening one needs files beside it.
        raise JourneyFileError(path, "damaged", "the file was changed by another program (journal mode)")
    page_count, change_counter, valid_for = _u32(header, 28), _u32(header, 24), _u32(header, 92)
    if page_count and valid_for == change_counter and size < page_count * page_size:
        raise JourneyFileError(path, "damaged", "the file is damaged (it is cut short)")
