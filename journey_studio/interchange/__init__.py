"""Documents in and out of other file formats: JSON, Mermaid, Markdown, CSV and XLSX."""

from .formats import (
    FORMATS,
    DocumentFileError,
    FileFormat,
    UnknownFormatError,
    format_for,
    read_document,
    write_document,
)
from .json_form import (
    InterchangeError,
    document_from_dict,
    document_to_dict,
    dumps,
    loads,
    read_json,
    write_json,
)

__all__ = [
    "FORMATS",
    "DocumentFileError",
    "FileFormat",
    "InterchangeError",
    "UnknownFormatError",
    "document_from_dict",
    "document_to_dict",
    "dumps",
    "format_for",
    "loads",
    "read_document",
    "read_json",
    "write_document",
    "write_json",
]
