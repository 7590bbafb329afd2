"""Presentation exports of a map: SVG (svgwrite), PNG and PDF (QtSvg), all from one drawing.

No QtWidgets: exports run headless with a QGuiApplication (see ``ensure_gui_application``).
"""

from .exporter import ensure_gui_application, export_map, render_preview, render_svg
from .options import FORMATS, PAGES, SCALES, ExportError, ExportOptions, format_of
from .raster import render_image
from .scope import snapshot
from .svg_map import MapSvg

__all__ = [
    "FORMATS",
    "PAGES",
    "SCALES",
    "ExportError",
    "ExportOptions",
    "MapSvg",
    "ensure_gui_application",
    "export_map",
    "format_of",
    "render_image",
    "render_preview",
    "render_svg",
    "snapshot",
]
