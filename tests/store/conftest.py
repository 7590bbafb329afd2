"""Shared helpers for the .journey file tests: a saved map, tampering with it, expecting refusal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from journey_studio.store import JourneyFileError, open_document, save_document
from tests.strategies import sample_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "map.journey"
    save_document(sample_document(), path)
    return path


def refused(path: Path, **options: object) -> JourneyFileError:
    """The error opening ``path`` raises; its message is one line that starts with the path."""
    with pytest.raises(JourneyFileError) as caught:
        open_document(path, **options)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    assert "Traceback" not in message
    return caught.value


def tamper(path: Path, *statements: str) -> None:
    """Change a file with plain SQL, as another program might."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def set_header(path: Path, offset: int, value: bytes) -> None:
    data = bytearray(path.read_bytes())
    data[offset : offset + len(value)] = value
    path.write_bytes(bytes(data))
