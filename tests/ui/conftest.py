"""Shared fixtures for window tests: the sample map in a shown window, a saved map file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journey_studio.interchange.formats import read_document
from journey_studio.resources import sample_map_path
from journey_studio.store import save_document
from journey_studio.ui import MainWindow
from tests.strategies import sample_document

from .test_main_window import close_quietly


@pytest.fixture
def window(qtbot: Any) -> Iterator[MainWindow]:
    """The bundled sample map in a shown window (modules needing another window override this)."""
    win = MainWindow(read_document(sample_map_path()), None)
    win.show()
    qtbot.waitExposed(win)
    yield win
    close_quietly(win)


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    """A map saved in a folder of its own."""
    folder = tmp_path / "maps"
    folder.mkdir()
    path = folder / "workshop.journey"
    save_document(sample_document(), path)
    return path
