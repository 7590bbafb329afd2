"""What every ``journey-studio`` subcommand shares: its description and safe output helpers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

PROG = "journey-studio"


@dataclass(frozen=True)
class Subcommand:
    """A headless command: one line of help, its arguments, and what it does (returns an exit code)."""

    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def printable(text: str) -> str:
    """Text from a file made safe for a terminal: no control characters or escape sequences."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def emit(text: str, stream: TextIO) -> None:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "backslashreplace").decode(encoding) + "\n")


def fail(message: str) -> int:
    """Print one clear error line and return the bad-input exit status."""
    emit(f"{PROG}: error: {printable(message)}", sys.stderr)
    return 2
