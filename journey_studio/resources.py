"""Find bundled assets (sample maps, templates, icons) installed, editable or bundled."""

from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def resources_dir() -> Path:
    """The folder holding sample maps and templates."""
    return _first_existing(_PACKAGE / "_resources", _PACKAGE.parent / "resources")


def icons_dir() -> Path:
    """The folder holding the SVG icons."""
    return _first_existing(_PACKAGE / "_icons", _PACKAGE.parent / "icons")


def sample_map_path() -> Path:
    """The bundled sample journey map (JSON form)."""
    return resources_dir() / "samples" / "b2b-software-buyer.json"


@functools.cache
def bundled_icons() -> frozenset[str]:
    """The names of the bundled icons, such as ``kind-touchpoint``."""
    return frozenset(path.stem for path in icons_dir().glob("*.svg"))


def icon_path(name: str) -> Path | None:
    """The SVG file of an icon such as ``kind-touchpoint``; None if there is no such icon.

    Names often come from user text (a card's channel): only a bundled icon's name makes a path.
    """
    slug = name.lower().replace(" ", "-")
    return icons_dir() / f"{slug}.svg" if slug in bundled_icons() else None
