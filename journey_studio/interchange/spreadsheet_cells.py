"""Spreadsheet cells as plain text: reading and writing CSV and XLSX files, and the error type."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

Rows = list[list[str]]

DELIMITERS = (",", ";", "\t", "|")
MAX_ROWS = 20_000
MAX_COLUMNS = 1_000


class SpreadsheetError(ValueError):
    """A spreadsheet that cannot be read; ``row``/``column`` are 1-based (0 when not known)."""

    def __init__(self, row: int, column: int, reason: str) -> None:
        where = ", ".join(
            part
            for part in (f"row {row}" if row else "", f"column {column_letter(column)}" if column else "")
            if part
        )
        super().__init__(f"{where}: {reason}" if where else reason)
        self.row = row
        self.column = column
        self.reason = reason


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _unify(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---- CSV -------------------------------------------------------------------------------------
def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            0, 0, f"the file is not valid text in its declared encoding ({error.reason})"
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _parse(text: str, delimiter: str) -> Rows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: Rows = []
    try:
        for record in reader:
            rows.append([_unify(cell) for cell in record])
            if len(rows) > MAX_ROWS:
                raise SpreadsheetError(len(rows), 0, f"the sheet has more than {MAX_ROWS} rows")
    except csv.Error as error:
        raise SpreadsheetError(len(rows) + 1, 0, f"this row cannot be read as CSV ({error})") from None
    return rows


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header into most columns and keeps the rows most even."""
    sample = text[:65_536]
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [row for row in _parse(sample, delimiter) if any(cell.strip() for cell in row)]
        except SpreadsheetError:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        even = sum(1 for row in rows if len(row) == width) / len(rows)
        score = (even, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv_rows(path: str | os.PathLike[str]) -> Rows:
    """The cells of a CSV file, any common delimiter and encoding."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SpreadsheetError(0, 0, f"cannot read {os.fspath(path)!r}: {error.strerror}") from None
    text = decode(data)
    return _check_size(_parse(text, sniff_delimiter(text)))


def _check_size(rows: Rows) -> Rows:
    for index, row in enumerate(rows, start=1):
        if len(row) > MAX_COLUMNS and any(cell.strip() for cell in row[MAX_COLUMNS:]):
            raise SpreadsheetError(index, MAX_COLUMNS + 1, f"the sheet has more than {MAX_COLUMNS} columns")
    return rows


# ---- XLSX ------------------------------------------------------------------------------------
def cell_text(value: Any) -> str:
    """A cell's value as the text a person sees."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return _unify(str(value))


def format_number(value: float) -> str:
    """4.0 → "4", 2.5 → "2.5"."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def read_xlsx_rows(path: str | os.PathLike[str]) -> Rows:
    """The cells of an .xlsx workbook's first sheet; formulas give their last calculated value."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException) as error:
        raise SpreadsheetError(
            0, 0, f"cannot read {os.fspath(path)!r} as an .xlsx workbook ({error})"
        ) from None
    try:
        if not values.worksheets:
            raise SpreadsheetError(0, 0, "the workbook has no sheet")
        rows: Rows = []
        shown = values.worksheets[0].iter_rows(values_only=True)
        stored = formulas.worksheets[0].iter_rows()
        for number, (row, cells) in enumerate(zip(shown, stored, strict=False), start=1):
            if number > MAX_ROWS:
                raise SpreadsheetError(number, 0, f"the sheet has more than {MAX_ROWS} rows")
            for column, (value, cell) in enumerate(zip(row, cells, strict=False), start=1):
                if value is None and getattr(cell, "data_type", "") == "f":
                    raise SpreadsheetError(
                        number,
                        column,
                        "this formula was never calculated; open and save the file in a spreadsheet program",
                    )
            rows.append([cell_text(value) for value in row])
        return _check_size(rows)
    finally:
        values.close()
        formulas.close()


# ---- writing ---------------------------------------------------------------------------------
def write_atomically(path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> None:
    """Write to a temporary file beside ``path`` and move it into place only when complete."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_csv_rows(rows: Rows, path: str | os.PathLike[str]) -> None:
    """UTF-8 with a byte order mark (so spreadsheet programs see the encoding), comma-separated."""

    def write(stream: IO[bytes]) -> None:
        text = io.StringIO(newline="")
        csv.writer(text, lineterminator="\r\n").writerows(rows)
        stream.write(text.getvalue().encode("utf-8-sig"))

    write_atomically(path, write)


_CANONICAL_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")


def write_xlsx_rows(rows: Rows, path: str | os.PathLike[str], sheet: str, freeze: str) -> None:
    """One sheet; plain numbers become number cells, everything else stays text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            if not text:
                continue
            cell = ws.cell(row=r, column=c)
            if _CANONICAL_NUMBER.fullmatch(text) and len(text) < 16:
                cell.value = float(text) if "." in text else int(text)
                continue
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
            cell.data_type = "s"  # text starting with "=" stays text
            if "\n" in text:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = freeze

    def write(stream: IO[bytes]) -> None:
        book.save(stream)

    write_atomically(path, write)
