"""Export a map to SVG, PNG or PDF: one SVG drawing, then rendered by QtSvg for PNG and PDF."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QImage

from ..model import Document
from ..model.bulk import paused_gc
from .files import atomic_output
from .options import ExportError, ExportOptions, format_of
from .raster import PngWriter, render_image, write_pdf
from .scope import export_document
from .sheet import gap_marks
from .svg_map import MapSvg, build_svg

Progress = Callable[[float], None]


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new one (offscreen when there is no display).

    Exports need fonts, so they need a GUI application; never a QApplication (no widgets).
    """
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise ExportError("exports need a QGuiApplication, but a console application is running")
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["journey-studio"])


def _part(progress: Progress | None, start: float, end: float) -> Progress | None:
    """A progress callback reporting into ``start``–``end`` of the whole job."""
    if progress is None:
        return None
    return lambda fraction: progress(start + (end - start) * fraction)


def render_svg(
    doc: Document,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    banded: bool = False,
    on_flows: Callable[[MapSvg], None] | None = None,
) -> MapSvg:
    """The map (or its selection) as an SVG drawing. Raises ExportError for bad options.

    ``banded``: with the pieces that pictures are drawn from; ``on_flows``: see ``build_svg``.
    """
    options = options or ExportOptions()
    problems = options.problems()
    if problems:
        raise ExportError(problems[0])
    drawn = export_document(doc, options)
    marks = gap_marks(doc) if options.gaps else None  # gaps are found on the whole journey
    with paused_gc():  # tens of thousands of short-lived elements: collector passes only re-scan them
        return build_svg(drawn, options, marks, progress, banded, on_flows)


def render_preview(doc: Document, options: ExportOptions, longest_side: int = 900) -> QImage:
    """A small picture of what an export with ``options`` will show."""
    svg = render_svg(doc, options, banded=True)
    scale = min(1.0, longest_side / max(svg.width, svg.height))
    return render_image(svg, scale, options.transparent)


def export_map(
    doc: Document,
    path: str | Path,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the map to ``path``; its suffix (.svg, .png or .pdf) picks the format.

    The file appears whole or not at all. Raises ExportError for bad options, unknown ids or an
    unwritable path; ``progress`` gets fractions from 0 to 1 and may raise to cancel.
    """
    options = options or ExportOptions()
    target = Path(path)
    kind = format_of(target)
    title = doc.info.title
    svg_share = 0.85 if kind == "svg" else 0.3
    with PngWriter(options) if kind == "png" else nullcontext() as png:
        on_flows = png.start_strips if png is not None else None
        svg = render_svg(doc, options, _part(progress, 0.0, svg_share), png is not None, on_flows)
        try:
            with atomic_output(target) as temporary:
                if kind == "svg":
                    temporary.write_text(svg.text, encoding="utf-8")
                elif png is not None:
                    with temporary.open("wb") as out:
                        png.write(svg, out, title, _part(progress, svg_share, 0.98))
                else:
                    write_pdf(svg, temporary, options.page, title)
        except OSError as exc:
            raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    if progress is not None:
        progress(1.0)
    return target
