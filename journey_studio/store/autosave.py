"""Recovery copies of unsaved maps in the app-data folder, written by autosave, offered after a crash.

Each copy is a normal .journey file ``<key>.journey`` (saved atomically, like any map) and a
small ``<key>.json`` saying what it is: the map's title, when it was saved, and the file the
map belongs to. Both are read back as untrusted, like everything else.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .atomic import replace_atomically
from .disk import FileStamp, data_dir
from .writer import Row, save_rows

RECOVERY_FOLDER = "recovery"
MAX_META_BYTES = 64 * 1024
_KEY = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class RecoveryEntry:
    """One recovery copy on disk."""

    key: str
    map_path: Path
    title: str
    saved_at: datetime  # aware, UTC
    source: Path | None  # the file the map was opened from or last saved to; None for a new map
    source_stamp: FileStamp | None  # that file's stamp when it was opened or saved


def recovery_dir(base: Path | None = None) -> Path:
    """The folder of recovery copies inside the app-data folder."""
    return (data_dir() if base is None else base) / RECOVERY_FOLDER


def new_key() -> str:
    return uuid.uuid4().hex


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def write_recovery(
    folder: Path,
    key: str,
    rows: dict[str, list[Row]],
    *,
    title: str,
    source: Path | None,
    source_stamp: FileStamp | None,
) -> Path:
    """Save the rows of a map (``document_rows``) as the recovery copy ``key``; thread safe.

    Raises JourneyFileError or OSError when the copy cannot be written.
    """
    if not _KEY.match(key):
        raise ValueError(f"bad recovery key {key!r}")
    folder.mkdir(parents=True, exist_ok=True)
    map_path = folder / f"{key}.journey"
    save_rows(rows, map_path)
    meta = {
        "title": title,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": None if source is None else str(source),
        "source_stamp": None if source_stamp is None else list(source_stamp.__dict__.values()),
    }
    data = json.dumps(meta, ensure_ascii=False).encode("utf-8", "replace")
    replace_atomically(folder / f"{key}.json", lambda temp: _write_bytes(temp, data))
    return map_path


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_META_BYTES:
            return {}
        value = json.loads(path.read_bytes().decode("utf-8", "replace"))
    except (OSError, ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _entry(folder: Path, key: str) -> RecoveryEntry:
    map_path = folder / f"{key}.journey"
    meta = _read_meta(folder / f"{key}.json")
    title = meta.get("title")
    title = title[:200] if isinstance(title, str) and title.strip() else "Untitled journey"
    saved_at = None
    if isinstance(meta.get("saved_at"), str):
        with contextlib.suppress(ValueError):
            saved_at = datetime.fromisoformat(meta["saved_at"])
    if saved_at is None or saved_at.tzinfo is None:
        saved_at = datetime.fromtimestamp(map_path.stat().st_mtime, UTC)
    source = meta.get("source")
    stamp = meta.get("source_stamp")
    numbers = [n for n in stamp if type(n) is int] if isinstance(stamp, list) else []
    return RecoveryEntry(
        key,
        map_path,
        title,
        saved_at,
        Path(source) if isinstance(source, str) and source else None,
        FileStamp(*numbers) if len(numbers) == len(stamp or ()) == 4 else None,
    )


def list_recoveries(folder: Path) -> list[RecoveryEntry]:
    """Every recovery copy in ``folder``, oldest first (whoever owns it: the caller checks)."""
    entries = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        key, dot, suffix = name.partition(".")
        if dot and suffix == "journey" and _KEY.match(key):
            with contextlib.suppress(OSError):
                entries.append(_entry(folder, key))
    return sorted(entries, key=lambda entry: entry.saved_at)


def remove_recovery(folder: Path, key: str) -> None:
    """Delete a recovery copy and its description (missing files are fine)."""
    if not _KEY.match(key):
        return
    for name in (f"{key}.journey", f"{key}.json", f"{key}.journey-journal"):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
