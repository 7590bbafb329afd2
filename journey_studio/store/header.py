"""Checks on a file's size and SQLite header, in plain Python, before SQLite reads any of it."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import JourneyFileError
from .schema import APPLICATION_ID, MAX_FILE_BYTES, SCHEMA_VERSION, SQLITE_MAGIC

HEADER_BYTES = 100
_LOCK_WINERRORS = (32, 33)  # Windows: sharing violation, lock violation


@dataclass(frozen=True)
class Header:
    """What the first 100 bytes say about a file that passed the checks."""

    version: int  # PRAGMA user_version: our schema version
    page_size: int
    size: int  # bytes on disk


def _u16(header: bytes, offset: int) -> int:
    return int.from_bytes(header[offset : offset + 2], "big")


def _u32(header: bytes, offset: int) -> int:
    return int.from_bytes(header[offset : offset + 4], "big")


def os_error(path: str | os.PathLike[str], exc: OSError) -> JourneyFileError:
    """A plain message for an operating-system error while reading ``path``."""
    if isinstance(exc, FileNotFoundError):
        return JourneyFileError(path, "missing", "no such file")
    if getattr(exc, "winerror", None) in _LOCK_WINERRORS:
        return JourneyFileError(
            path, "locked", "another program has the file open and locked; close it there"
        )
    return JourneyFileError(path, "unreadable", f"cannot be read ({exc.strerror or exc})")


def read_header(path: str | os.PathLike[str]) -> tuple[bytes, int]:
    """The first 100 bytes of the file and its size, refusing what is plainly not ours."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise os_error(path, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise JourneyFileError(path, "not-journey", "is a folder, not a Journey Studio file")
    if not stat.S_ISREG(info.st_mode):
        raise JourneyFileError(path, "not-journey", "is not a regular file")
    if info.st_size == 0:
        raise JourneyFileError(path, "empty", "the file is empty (0 bytes); it holds no map")
    check_size(path, info.st_size)
    try:
        with Path(path).open("rb") as stream:
            header = stream.read(HEADER_BYTES)
    except OSError as exc:
        raise os_error(path, exc) from None
    return header, info.st_size


def check_size(path: str | os.PathLike[str], size: int) -> None:
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise JourneyFileError(path, "too-large", f"the file is larger than {limit} MB, too large to open")


def _damaged(path: str | os.PathLike[str], why: str, recoverable: bool = False) -> JourneyFileError:
    return JourneyFileError(path, "damaged", f"the file is damaged ({why})", recoverable=recoverable)


def check_header(
    path: str | os.PathLike[str],
    header: bytes,
    size: int,
    *,
    allow_newer: bool = False,
    lenient: bool = False,
) -> Header:
    """Refuse files that are not SQLite, belong to another application, are too new or look broken.

    Follows the file format's own rules (sqlite.org/fileformat.html): page size, read and write
    versions, payload fractions, reserved bytes, schema format, text encoding, database size.
    ``lenient`` lets a file that is cut short through, for recovering what it still holds.
    """
    if not header.startswith(SQLITE_MAGIC):
        raise JourneyFileError(
            path, "not-journey", "not a Journey Studio file (not a SQLite database, or an encrypted one)"
        )
    if len(header) < HEADER_BYTES:
        raise _damaged(path, "it is cut short")
    version = _u32(header, 60)
    if _u32(header, 68) != APPLICATION_ID:
        raise JourneyFileError(
            path, "other-application", "a database of another application, not a Journey Studio map"
        )
    if version > SCHEMA_VERSION and not allow_newer:
        raise JourneyFileError(
            path,
            "newer-version",
            f"saved by a newer version of Journey Studio (file version {version}; this version opens "
            f"up to {SCHEMA_VERSION}); update Journey Studio, or open a read-only copy",
        )
    if version < 1:
        raise _damaged(path, "its format version is missing")
    page_size = _u16(header, 16)
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise _damaged(path, "bad page size")
    if header[18] == 2 or header[19] == 2:
        # Journey Studio never writes write-ahead-log files: part of the map could be in a file beside it.
        raise _damaged(path, "another program switched it to write-ahead-log mode")
    if header[18] != 1 or header[19] != 1:
        raise _damaged(path, "unknown read or write version")
    if header[20] != 0:
        raise _damaged(path, "reserved space in every page; it may be encrypted")
    if header[21:24] != b"\x40\x20\x20" or any(header[72:92]):
        raise _damaged(path, "bad header fields")
    if _u32(header, 44) not in (1, 2, 3, 4) or _u32(header, 56) != 1:
        raise _damaged(path, "unknown schema format or text encoding")
    if lenient:
        return Header(version, page_size, size)
    page_count, change_counter, valid_for = _u32(header, 28), _u32(header, 24), _u32(header, 92)
    if size % page_size or (page_count and valid_for == change_counter and size < page_count * page_size):
        raise _damaged(path, "it is cut short", recoverable=True)
    if _u32(header, 36) > size // page_size:
        raise _damaged(path, "bad free page count", recoverable=True)
    return Header(version, page_size, size)
