"""Journey maps in and out of spreadsheets: CSV and XLSX, grid or flat layout.

Grid: stages across the first row, lanes down the first column, one card per line in a cell.
Flat: one card per row under a header (stage, lane, lane kind, kind, title, …). The rules are in
docs/spreadsheets.md. Readers build nothing unless the whole sheet is good; writers replace the
target file only once the new one is complete.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from journey_studio.model import Document

from .spreadsheet_cells import (
    Rows,
    SpreadsheetError,
    read_csv_rows,
    read_xlsx_rows,
    write_csv_rows,
    write_xlsx_rows,
)
from .spreadsheet_flat import COLUMNS, flat_rows, is_flat_header, read_flat
from .spreadsheet_grid import grid_rows, read_grid

__all__ = [
    "COLUMNS",
    "Layout",
    "SpreadsheetError",
    "detect_layout",
    "document_from_rows",
    "flat_rows",
    "grid_rows",
    "read_flat_csv",
    "read_grid_csv",
    "read_spreadsheet",
    "read_xlsx",
    "write_flat_csv",
    "write_grid_csv",
    "write_xlsx",
]

Layout = Literal["grid", "flat"]
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def detect_layout(rows: Rows) -> Layout:
    """Flat when the first non-empty row names stage, lane and title columns; grid otherwise."""
    header = next((row for row in rows if any(cell.strip() for cell in row)), [])
    return "flat" if is_flat_header(header) else "grid"


def document_from_rows(rows: Rows, layout: Layout | None = None) -> Document:
    """A new map from cells in either layout (detected when not given)."""
    chosen = layout or detect_layout(rows)
    return read_flat(rows) if chosen == "flat" else read_grid(rows)


def read_grid_csv(path: str | os.PathLike[str]) -> Document:
    """A map from a grid-layout CSV file."""
    return read_grid(read_csv_rows(path))


def read_flat_csv(path: str | os.PathLike[str]) -> Document:
    """A map from a flat-layout CSV file."""
    return read_flat(read_csv_rows(path))


def read_xlsx(path: str | os.PathLike[str], layout: Layout | None = None) -> Document:
    """A map from the first sheet of an .xlsx workbook."""
    return document_from_rows(read_xlsx_rows(path), layout)


def read_spreadsheet(path: str | os.PathLike[str], layout: Layout | None = None) -> Document:
    """A map from a .csv/.tsv/.txt or .xlsx file; the layout is read from the header row."""
    suffix = Path(path).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return document_from_rows(read_csv_rows(path), layout)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path, layout)
    raise SpreadsheetError(0, 0, f"{Path(path).name!r} is neither a .csv nor an .xlsx file")


def write_grid_csv(doc: Document, path: str | os.PathLike[str]) -> None:
    """The map as a grid-layout CSV file (UTF-8 with BOM, comma-separated)."""
    write_csv_rows(grid_rows(doc), path)


def write_flat_csv(doc: Document, path: str | os.PathLike[str]) -> None:
    """The map as a flat-layout CSV file (UTF-8 with BOM, comma-separated)."""
    write_csv_rows(flat_rows(doc), path)


def write_xlsx(doc: Document, path: str | os.PathLike[str], layout: Layout = "grid") -> None:
    """The map as an .xlsx workbook with one sheet in the given layout."""
    if layout == "flat":
        write_xlsx_rows(flat_rows(doc), path, "Cards", "A2")
    else:
        write_xlsx_rows(grid_rows(doc), path, "Journey", "B2")
