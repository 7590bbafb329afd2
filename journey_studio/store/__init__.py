"""The .journey document file: a single SQLite file, saved atomically and opened defensively."""

from .disk import FileStamp, data_dir, file_stamp, read_only_reason
from .errors import REASONS, JourneyFileError
from .reader import open_document
from .salvage import Recovered, recover_document
from .schema import APPLICATION_ID, MAX_FILE_BYTES, SCHEMA_VERSION
from .writer import save_document

__all__ = [
    "APPLICATION_ID",
    "MAX_FILE_BYTES",
    "REASONS",
    "SCHEMA_VERSION",
    "FileStamp",
    "JourneyFileError",
    "Recovered",
    "data_dir",
    "file_stamp",
    "open_document",
    "read_only_reason",
    "recover_document",
    "save_document",
]
