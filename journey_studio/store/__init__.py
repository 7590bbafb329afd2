"""The .journey document file: a single SQLite file, saved atomically and opened defensively."""

from .errors import REASONS, JourneyFileError
from .reader import open_document
from .schema import APPLICATION_ID, MAX_FILE_BYTES, SCHEMA_VERSION
from .writer import save_document

__all__ = [
    "APPLICATION_ID",
    "MAX_FILE_BYTES",
    "REASONS",
    "SCHEMA_VERSION",
    "JourneyFileError",
    "open_document",
    "save_document",
]
