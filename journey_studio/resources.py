"""Find bundled assets (sample maps, templates, icons) installed, editable or bundled."""

from __future__ import annotations

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


def icon_path(name: str) -> Path | None:
    """The SVG file of an icon such as ``kind-touchpoint``; None if there is no such icon."""
    slug = name.lower().replace(" ", "-")
    if len(slug) > 100 or "/" in slug or "\\" in slug or slug.startswith("."):
        return None  # user text (a channel name) that cannot name a bundled icon
    path = icons_dir() / f"{slug}.svg"
    try:
        return path if path.is_file() else None
    except OSError:
        return None
