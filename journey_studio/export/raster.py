"""PNG and PDF drawn from the map's SVG by QtSvg, so every format shows the same drawing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgRenderer

from .options import MAX_PIXELS, ExportError, ExportOptions
from .png_writer import PngStream
from .svg_map import MapSvg

Progress = Callable[[float], None]
BAND_PIXELS = 64_000_000  # pixels drawn at a time (256 MB)
MAX_PAGE_POINTS = 14_400.0  # 200 inches, the largest page PDF readers accept
PAGE_SIZES = {
    "a4": QPageSize.PageSizeId.A4,
    "a3": QPageSize.PageSizeId.A3,
    "letter": QPageSize.PageSizeId.Letter,
}
HINTS = (
    QPainter.RenderHint.Antialiasing
    | QPainter.RenderHint.TextAntialiasing
    | QPainter.RenderHint.SmoothPixmapTransform
)


def svg_renderer(svg: MapSvg) -> QSvgRenderer:
    renderer = QSvgRenderer(QByteArray(svg.text.encode("utf-8")))
    if not renderer.isValid():
        raise ExportError("the drawing could not be rendered")
    return renderer


def pixel_size(svg: MapSvg, scale: float) -> tuple[int, int]:
    """The pixel size of a PNG of ``svg`` at ``scale``; ExportError when it is unreasonably big."""
    width, height = max(1, round(svg.width * scale)), max(1, round(svg.height * scale))
    if width * height > MAX_PIXELS:
        raise ExportError(
            f"a picture of {width} × {height} pixels is too big; choose a smaller scale or resolution"
        )
    return width, height


def render_image(
    svg: MapSvg, scale: float, transparent: bool, renderer: QSvgRenderer | None = None
) -> QImage:
    """The whole drawing as one image (previews, tests); PNG files are written in bands instead."""
    width, height = pixel_size(svg, scale)
    return _render_band(renderer or svg_renderer(svg), width, height, 0, height, transparent)


def _render_band(
    renderer: QSvgRenderer, width: int, height: int, top: int, rows: int, transparent: bool
) -> QImage:
    """Rows ``top`` to ``top + rows`` of the drawing at ``width`` × ``height`` pixels."""
    image = QImage(width, rows, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent if transparent else Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHints(HINTS)
    painter.translate(0, -top)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


def write_png(
    svg: MapSvg,
    out: BinaryIO,
    options: ExportOptions,
    title: str = "",
    progress: Progress | None = None,
    band_pixels: int = BAND_PIXELS,
) -> tuple[int, int]:
    """Write ``svg`` as a PNG at the options' scale, resolution and background; returns its size.

    The picture is drawn in horizontal bands of about ``band_pixels``: memory stays bounded for
    any map, at the cost of QtSvg walking the whole drawing once per band. Smaller bands give
    other threads the interpreter more often (QtSvg holds it while it draws).
    """
    width, height = pixel_size(svg, options.pixel_scale)
    renderer = svg_renderer(svg)
    alpha = options.transparent
    stream = PngStream(out, width, height, options.resolution, alpha, title)
    band = max(1, min(height, band_pixels // width))
    packed = QImage.Format.Format_RGBA8888 if alpha else QImage.Format.Format_RGB888
    with ThreadPoolExecutor(max_workers=1) as compressor:
        pending: Future[None] | None = None
        for top in range(0, height, band):
            rows = min(band, height - top)
            image = _render_band(renderer, width, height, top, rows, alpha).convertToFormat(packed)
            scanlines = stream.scanlines(image.constBits(), rows, image.bytesPerLine())
            del image
            if pending is not None:
                pending.result()
            # QtSvg keeps the interpreter lock while it draws: let zlib start (it runs without
            # the lock) before drawing the next band, so the two overlap on two cores.
            started = threading.Event()
            pending = compressor.submit(stream.compress, scanlines, rows, started.set)
            while not started.wait(0.01) and not pending.done():
                pass
            if progress is not None:
                progress((top + rows) / height)
        if pending is not None:
            pending.result()
    stream.close()
    return width, height


def page_layout(svg: MapSvg, page: str) -> QPageLayout:
    """The PDF page: the map's own size (shrunk to 200 inches at most) or a landscape sheet."""
    if page in PAGE_SIZES:
        size = QPageSize(PAGE_SIZES[page])
        return QPageLayout(size, QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0))
    points = QSizeF(svg.width * 0.75, svg.height * 0.75)  # CSS pixels are 3/4 of a point
    shrink = min(1.0, MAX_PAGE_POINTS / max(points.width(), points.height()))
    size = QPageSize(points * shrink, QPageSize.Unit.Point, "Map", QPageSize.SizeMatchPolicy.ExactMatch)
    orientation = QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))


def write_pdf(svg: MapSvg, path: Path, page: str = "map", title: str = "") -> None:
    """Write ``svg`` as a one-page vector PDF, fitted and centred on the page."""
    renderer = svg_renderer(svg)
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Journey Studio")
    writer.setPageLayout(page_layout(svg, page))
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(f"cannot write {path.name}")
    painter.setRenderHints(HINTS)
    area = QRectF(painter.viewport())
    fit = min(area.width() / svg.width, area.height() / svg.height)
    width, height = svg.width * fit, svg.height * fit
    target = QRectF((area.width() - width) / 2, (area.height() - height) / 2, width, height)
    renderer.render(painter, target)
    if not painter.end():
        raise ExportError(f"cannot write {path.name}")
