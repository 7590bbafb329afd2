"""What an export should contain and how it is sized: one set of options for SVG, PNG and PDF."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

FORMATS: tuple[str, ...] = ("svg", "png", "pdf")
PAGES: tuple[str, ...] = ("map", "a4", "a3", "letter")  # "map": the page is the map's size
SCALES: tuple[float, ...] = (1.0, 2.0, 4.0)  # the scales the dialog offers; any in range works
MAX_SCALE = 8.0
MAX_MARGIN = 500.0
CSS_DPI = 96.0  # one map unit is one CSS pixel, 1/96 inch
MAX_PIXELS = 1_000_000_000  # a PNG bigger than this would need gigabytes of memory


class ExportError(ValueError):
    """An export that cannot be made as asked (bad options, unknown ids, unwritable file)."""


@dataclass(frozen=True)
class ExportOptions:
    """The scope, look and size of an export.

    ``selection`` limits the export to some cards, stages and lanes (empty: the whole map);
    ``persona`` shows one persona's focus view, as the canvas does when it is focused.
    ``scale`` and ``dpi`` size a PNG: scale N gives N pixels per map unit and ``dpi`` is written
    into the file (by default 96 × scale, so the picture keeps the map's size when printed);
    ``dpi`` alone sets the scale to dpi / 96. ``page`` sizes a PDF.
    """

    selection: tuple[str, ...] = ()
    persona: str = ""
    margin: float = 24.0
    gaps: bool = False
    transparent: bool = False
    scale: float | None = None
    dpi: float | None = None
    page: str = "map"

    @property
    def pixel_scale(self) -> float:
        """Pixels per map unit of a PNG."""
        if self.scale is not None:
            return self.scale
        return (self.dpi or CSS_DPI) / CSS_DPI

    @property
    def resolution(self) -> float:
        """Dots per inch written into a PNG."""
        return self.dpi if self.dpi is not None else CSS_DPI * self.pixel_scale

    def problems(self) -> list[str]:
        """What is wrong with these options by themselves (empty when fine)."""
        found: list[str] = []
        if self.scale is not None and not (math.isfinite(self.scale) and 0 < self.scale <= MAX_SCALE):
            found.append(f"scale must be more than 0 and at most {MAX_SCALE:g}")
        if self.dpi is not None and not (math.isfinite(self.dpi) and 10 <= self.dpi <= CSS_DPI * MAX_SCALE):
            found.append(f"dpi must be between 10 and {CSS_DPI * MAX_SCALE:g}")
        if not (math.isfinite(self.margin) and 0 <= self.margin <= MAX_MARGIN):
            found.append(f"margin must be between 0 and {MAX_MARGIN:g}")
        if self.page not in PAGES:
            found.append(f"page must be one of {', '.join(PAGES)}")
        return found


def format_of(path: str | Path) -> str:
    """The export format a file name asks for (its suffix); ExportError if it is not one we write."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExportError(f"cannot export to {Path(path).name!r}: the name must end in .svg, .png or .pdf")
    return suffix
