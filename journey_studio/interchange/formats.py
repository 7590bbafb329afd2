"""Read and write a document in whichever format its file name's extension says.

The registry ``FORMATS`` maps each extension to a format: the native ``.journey`` file, the JSON
form, Mermaid (``.mmd``), Markdown with a fenced Mermaid journey block (``.md``, ``.markdown``),
and spreadsheets (``.csv``, ``.xlsx``; grid layout unless asked otherwise).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Document
from ..store import JourneyFileError, open_document, save_document
from ..store.atomic import describe_failure, replace_atomically
from ..store.errors import one_line
from .json_form import InterchangeError, read_capped, read_json, write_json
from .mermaid import MermaidError, parse_markdown, parse_mermaid, write_mermaid
from .mermaid_markdown import find_mermaid_blocks
from .mermaid_syntax import is_journey
from .spreadsheet import (
    Layout,
    SpreadsheetError,
    read_spreadsheet,
    write_flat_csv,
    write_grid_csv,
    write_xlsx,
)

MAX_TEXT_BYTES = 20 * 2**20  # a Mermaid or Markdown file larger than this is not a journey diagram
LAYOUTS: tuple[Layout, ...] = ("grid", "flat")


class DocumentFileError(ValueError):
    """Any file that cannot be read or written as a document, with one plain-language line.

    ``read_document`` and ``write_document`` raise only this; the original error (a
    JourneyFileError, InterchangeError, MermaidError or SpreadsheetError) is kept as ``__cause__``.
    """


class UnknownFormatError(DocumentFileError):
    """A file name whose extension names no format we know."""


@dataclass(frozen=True)
class FileFormat:
    """One file format: its name, how to read and write it (None when it cannot), and its options.

    ``read_block`` reads one numbered Mermaid block (Markdown only); ``write_layout`` writes in a
    chosen spreadsheet layout (CSV and XLSX only).
    """

    name: str
    read: Callable[[Path], Document] | None
    write: Callable[[Document, Path], None] | None
    read_block: Callable[[Path, int], Document] | None = None
    write_layout: Callable[[Document, Path, Layout], None] | None = None


# ---- text files (Mermaid, Markdown) ---------------------------------------------------------
def _read_text(path: Path) -> str:
    """A UTF-8 text file (a byte order mark is fine); InterchangeError names the file."""
    data = read_capped(path, MAX_TEXT_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InterchangeError(f"{path}: not UTF-8 text (byte {exc.start + 1})") from None


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _write_text(path: Path, text: str) -> None:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise InterchangeError(f"{path}: the map holds text that cannot be written as UTF-8") from None
    try:
        replace_atomically(path, lambda temp: _write_bytes(temp, data))
    except OSError as exc:
        raise InterchangeError(f"{path}: could not save: {describe_failure(exc)}") from exc


def read_mermaid_file(path: Path) -> Document:
    """A map from a ``.mmd`` file holding one Mermaid journey diagram."""
    return parse_mermaid(_read_text(path))


def write_mermaid_file(doc: Document, path: Path) -> None:
    _write_text(path, write_mermaid(doc))


def read_markdown_file(path: Path, block: int | None = None) -> Document:
    """The map in a Markdown file's first Mermaid journey block, or in mermaid block ``block``."""
    return parse_markdown(_read_text(path), block)


def markdown_journeys(path: Path) -> list[tuple[int, int, str]]:
    """(block number, first line, title) of each Mermaid journey block in a Markdown file.

    Block numbers count every ```mermaid block from 1, as ``read_document(path, block=N)`` does.
    """
    found: list[tuple[int, int, str]] = []
    for number, (line, body) in enumerate(find_mermaid_blocks(_read_text(path)), start=1):
        if is_journey(body):
            title = re.search(r"^[ \t]*title[ \t]+(.+)$", body, re.MULTILINE | re.IGNORECASE)
            found.append((number, line, title.group(1).strip() if title else ""))
    return found


def markdown_text(doc: Document) -> str:
    """The map as Markdown: its title as a heading and the diagram in one ```mermaid block."""
    diagram = write_mermaid(doc)
    runs = [len(run) for run in re.findall(r"`{3,}", diagram)]
    fence = "`" * max([3, *(n + 1 for n in runs)])
    heading = " ".join(doc.info.title.split()) or "Journey"
    return f"# {heading}\n\n{fence}mermaid\n{diagram}{fence}\n"


def write_markdown_file(doc: Document, path: Path) -> None:
    _write_text(path, markdown_text(doc))


# ---- spreadsheets ---------------------------------------------------------------------------
def read_spreadsheet_file(path: Path) -> Document:
    """A map from a .csv or .xlsx file; grid or flat layout is told from the header row."""
    if not path.exists():
        raise InterchangeError(f"{path}: no such file")
    if path.is_dir():
        raise InterchangeError(f"{path}: is a folder, not a file")
    return read_spreadsheet(path)


def _saving(path: Path, write: Callable[[], None]) -> None:
    """Run a spreadsheet writer; a failed write (folder missing, disk full) becomes one line."""
    try:
        write()
    except OSError as exc:
        raise InterchangeError(f"{path}: could not save: {describe_failure(exc)}") from exc


def write_csv_file(doc: Document, path: Path, layout: Layout = "grid") -> None:
    """The map as a CSV file, grid layout unless ``layout`` is ``"flat"``."""
    writer = write_flat_csv if layout == "flat" else write_grid_csv
    _saving(path, lambda: writer(doc, path))


def write_xlsx_file(doc: Document, path: Path, layout: Layout = "grid") -> None:
    """The map as an .xlsx workbook, grid layout unless ``layout`` is ``"flat"``."""
    _saving(path, lambda: write_xlsx(doc, path, layout))


_MARKDOWN = FileFormat(
    "Markdown with a Mermaid journey",
    read_markdown_file,
    write_markdown_file,
    read_block=read_markdown_file,
)

# Extension (lower case, with the dot) → format. Add new formats here.
FORMATS: dict[str, FileFormat] = {
    ".journey": FileFormat("Journey Studio map", open_document, save_document),
    ".json": FileFormat("Journey Studio JSON", read_json, write_json),
    ".mmd": FileFormat("Mermaid journey", read_mermaid_file, write_mermaid_file),
    ".md": _MARKDOWN,
    ".markdown": _MARKDOWN,
    ".csv": FileFormat("CSV spreadsheet", read_spreadsheet_file, write_csv_file, None, write_csv_file),
    ".xlsx": FileFormat("Excel workbook", read_spreadsheet_file, write_xlsx_file, None, write_xlsx_file),
}

# The errors the registered readers and writers raise for bad files; each becomes a DocumentFileError.
FORMAT_ERRORS: tuple[type[Exception], ...] = (
    JourneyFileError,
    InterchangeError,
    MermaidError,
    SpreadsheetError,
)
# Their messages do not name the file (they say "line 7: …", "row 3, column C: …"); we add it.
_UNNAMED_ERRORS: tuple[type[Exception], ...] = (MermaidError, SpreadsheetError)


def format_for(path: str | os.PathLike[str]) -> FileFormat:
    """The format that the file name's extension names."""
    suffix = Path(path).suffix.lower()
    found = FORMATS.get(suffix)
    if found is None:
        known = ", ".join(sorted(FORMATS))
        what = f"the extension {suffix!r}" if suffix else "a file name without an extension"
        raise UnknownFormatError(f"{path}: Journey Studio does not know {what} (it knows {known})")
    return found


def _message(path: str | os.PathLike[str], exc: Exception) -> str:
    text, name = str(exc), os.fspath(path)
    return one_line(f"{name}: {text}" if isinstance(exc, _UNNAMED_ERRORS) and name not in text else text)


def read_document(path: str | os.PathLike[str], *, block: int | None = None) -> Document:
    """Read a document from a file of any known format; raises DocumentFileError.

    ``block`` picks a Mermaid block of a Markdown file by number (1 = the first mermaid block);
    without it the first journey block is read.
    """
    found = format_for(path)
    if found.read is None:
        raise UnknownFormatError(f"{path}: Journey Studio can write this format but not read it")
    if block is not None and found.read_block is None:
        raise DocumentFileError(f"{path}: only Markdown files have numbered Mermaid blocks")
    try:
        if block is not None and found.read_block is not None:
            return found.read_block(Path(path), block)
        return found.read(Path(path))
    except FORMAT_ERRORS as exc:
        raise DocumentFileError(_message(path, exc)) from exc


def write_document(doc: Document, path: str | os.PathLike[str], *, layout: Layout | None = None) -> None:
    """Write a document to a file in the format its extension names; raises DocumentFileError.

    ``layout`` (``"grid"`` or ``"flat"``) applies to spreadsheets only; they are written as a
    grid when it is not given. On any error the file is left as it was.
    """
    found = format_for(path)
    if found.write is None:
        raise UnknownFormatError(f"{path}: Journey Studio can read this format but not write it")
    if layout is not None and found.write_layout is None:
        raise DocumentFileError(f"{path}: a layout (grid or flat) applies only to .csv and .xlsx files")
    if layout is not None and layout not in LAYOUTS:
        raise DocumentFileError(f"{path}: the layout must be grid or flat, not {layout!r}")
    try:
        if layout is not None and found.write_layout is not None:
            found.write_layout(doc, Path(path), layout)
        else:
            found.write(doc, Path(path))
    except FORMAT_ERRORS as exc:
        raise DocumentFileError(_message(path, exc)) from exc
