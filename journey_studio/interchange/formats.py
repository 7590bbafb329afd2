"""Read and write a document in whichever format its file name's extension says."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Document
from ..store import JourneyFileError, open_document, save_document
from .json_form import InterchangeError, read_json, write_json


class DocumentFileError(ValueError):
    """Any file that cannot be read or written as a document, with one plain-language line.

    ``read_document`` and ``write_document`` raise only this; the original error (a
    JourneyFileError or InterchangeError) is kept as ``__cause__``.
    """


class UnknownFormatError(DocumentFileError):
    """A file name whose extension names no format we know."""


@dataclass(frozen=True)
class FileFormat:
    """One file format: its name, and how to read and write it (None when it cannot)."""

    name: str
    read: Callable[[Path], Document] | None
    write: Callable[[Document, Path], None] | None


# Extension (lower case, with the dot) → format. Add new formats here.
FORMATS: dict[str, FileFormat] = {
    ".journey": FileFormat("Journey Studio map", open_document, save_document),
    ".json": FileFormat("Journey Studio JSON", read_json, write_json),
}

# The errors the registered readers and writers raise for bad files; each becomes a DocumentFileError.
FORMAT_ERRORS: tuple[type[Exception], ...] = (JourneyFileError, InterchangeError)


def format_for(path: str | os.PathLike[str]) -> FileFormat:
    """The format that the file name's extension names."""
    suffix = Path(path).suffix.lower()
    found = FORMATS.get(suffix)
    if found is None:
        known = ", ".join(sorted(FORMATS))
        what = f"the extension {suffix!r}" if suffix else "a file name without an extension"
        raise UnknownFormatError(f"{path}: Journey Studio does not know {what} (it knows {known})")
    return found


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read a document from a file of any known format; raises DocumentFileError."""
    reader = format_for(path).read
    if reader is None:
        raise UnknownFormatError(f"{path}: Journey Studio can write this format but not read it")
    try:
        return reader(Path(path))
    except FORMAT_ERRORS as exc:
        raise DocumentFileError(str(exc)) from exc


def write_document(doc: Document, path: str | os.PathLike[str]) -> None:
    """Write a document to a file in the format its extension names; raises DocumentFileError."""
    writer = format_for(path).write
    if writer is None:
        raise UnknownFormatError(f"{path}: Journey Studio can read this format but not write it")
    try:
        writer(doc, Path(path))
    except FORMAT_ERRORS as exc:
        raise DocumentFileError(str(exc)) from exc
