"""The one exception a .journey file raises when it cannot be opened or saved."""

from __future__ import annotations

import re

MAX_MESSAGE = 400
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")

# Why a file could not be used; the UI may act on these, people read the message.
REASONS: tuple[str, ...] = (
    "missing",
    "unreadable",
    "empty",
    "too-large",
    "not-journey",
    "other-application",
    "newer-version",
    "damaged",
    "contents",
    "save-failed",
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

    ``reason`` is one of REASONS; ``path`` is the file as the caller named it.
    """

    def __init__(self, path: object, reason: str, message: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(one_line(f"{self.path}: {message}"))
