"""The one exception a .journey file raises when it cannot be opened or saved."""

from __future__ import annotations

import re

MAX_MESSAGE = 400
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")

# Why a file could not be used; the UI acts on these, people read the message.
REASONS: tuple[str, ...] = (
    "missing",  # no such file
    "unreadable",  # the operating system refuses to let us read it
    "empty",  # zero bytes: not a blank map
    "too-large",  # above MAX_FILE_BYTES
    "too-complex",  # too many rows, too deep, too long a value, or too slow to read
    "not-journey",  # not SQLite at all (or encrypted)
    "other-application",  # SQLite, but another application's database
    "newer-version",  # ours, from a newer Journey Studio: may be opened read-only
    "locked",  # another program is writing it, or stopped half-way through writing it
    "damaged",  # SQLite-level damage; what can be read may be recovered
    "contents",  # readable, but its tables or values are not a valid journey map
    "read-only",  # saving: the file, folder or medium cannot be written
    "save-failed",  # saving failed for another reason (disk full, …)
)


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """Text flattened to one line and cut to a readable length."""
    flat = _BREAKS.sub(" ", text)
    if len(flat) <= limit:
        return flat
    half = (limit - 1) // 2
    return flat[:half] + "…" + flat[-half:]


class JourneyFileError(ValueError):
    """A .journey file that cannot be opened or saved, with one plain-language line saying why.

    ``reason`` is one of REASONS; ``path`` is the file as the caller named it. ``recoverable``
    is true when ``recover_document`` may still read part of the map (the file's tables are
    ours but some pages or values are damaged).
    """

    def __init__(self, path: object, reason: str, message: str, *, recoverable: bool = False) -> None:
        self.path = str(path)
        self.reason = reason
        self.recoverable = recoverable
        super().__init__(one_line(f"{self.path}: {message}"))
