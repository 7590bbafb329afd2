"""PNG and PDF drawn from the map's SVG by QtSvg, so every format shows the same drawing."""

from __future__ import annotations

import mmap
import os
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from .bands import HINTS, NO_MEMORY, BandPainter, load_svg, mapped_memory, painter_on, picture_on
from .options import MAX_PIXELS, ExportError, ExportOptions
from .png_writer import PngStream, Segment, deflate
from .svg_map import MapSvg

Progress = Callable[[float], None]
BAND_PIXELS = 16_000_000  # pixels drawn at a time by each thread (64 MB)
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
WORKERS = max(1, min(4, CORES))  # threads drawing and compressing bands at once
MAX_PAGE_POINTS = 14_400.0  # 200 inches, the largest page PDF readers accept
PAGE_SIZES = {
    "a4": QPageSize.PageSizeId.A4,
    "a3": QPageSize.PageSizeId.A3,
    "letter": QPageSize.PageSizeId.Letter,
}


def pixel_size(svg: MapSvg, scale: float) -> tuple[int, int]:
    """The pixel size of a PNG of ``svg`` at ``scale``; ExportError when it is unreasonably big."""
    width, height = max(1, round(svg.width * scale)), max(1, round(svg.height * scale))
    if width * height > MAX_PIXELS:
        raise ExportError(
            f"a picture of {width} × {height} pixels is too big; choose a smaller scale or resolution"
        )
    return width, height


def render_image(svg: MapSvg, scale: float, transparent: bool) -> QImage:
    """The whole drawing as one image (previews, tests); PNG files are written in bands instead."""
    width, height = pixel_size(svg, scale)
    return BandPainter(svg, width, height, transparent).draw(0, height)


def _scanline_image(width: int, rows: int, row_bytes: int, packed: QImage.Format) -> tuple[mmap.mmap, QImage]:
    """PNG scanlines (filter bytes all 0, "none") and an image whose rows are theirs, to draw into."""
    lines = mapped_memory(rows * (row_bytes + 1))
    image = QImage(memoryview(lines)[1:], width, rows, row_bytes + 1, packed)
    if image.isNull():
        raise ExportError(NO_MEMORY)
    return lines, image


def pack_rows(picture: QImage, top: int, rows: int, lines: mmap.mmap, packed: QImage) -> Segment:
    """Rows ``top`` to ``top + rows`` of ``picture`` as deflated PNG scanlines: drawn into
    ``packed``, the image over the scanlines ``lines`` (see ``_scanline_image``), then deflated."""
    painter = painter_on(packed)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    painter.drawImage(0, 0, picture, 0, top, picture.width(), rows)
    painter.end()
    return deflate(memoryview(lines)[: rows * packed.bytesPerLine()], rows)


class PngWriter:
    """Draws and writes PNG pictures on threads; use it as a context manager.

    A picture is drawn and compressed in horizontal bands of about BAND_PIXELS, several at once
    on a pool of threads (QtSvg and ISA-L both let go of the interpreter lock), and written in
    order: memory stays bounded for any map. The flows' strips, which every band lays over its
    rows, are drawn on a thread of their own, and can be started (``start_strips``) as soon as
    the flows are drawn, while the rest of the SVG is still being built.
    """

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self.pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="png")
        # Bands wait for the strips, so they are never drawn on the bands' pool: a band waiting
        # there for strips queued behind it could hold every thread for good.
        self.strip_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="png-strips")
        self._started: tuple[BandPainter, list[Future[QImage]]] | None = None

    def __enter__(self) -> PngWriter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.strip_thread.shutdown(wait=True, cancel_futures=True)
        self._started = None  # no thread uses the tiles now: their painter may go

    def _draw_strips(self, painter: BandPainter) -> tuple[BandPainter, list[Future[QImage]]]:
        """Start drawing ``painter``'s strips, top tiles first, one after the other."""
        return painter, [self.strip_thread.submit(painter.draw_strip, s) for s in painter.strips]

    def start_strips(self, flows: MapSvg) -> None:
        """Start drawing the strips of ``flows``, a drawing of the frame and the flows alone."""
        width, height = pixel_size(flows, self.options.pixel_scale)
        self._started = self._draw_strips(BandPainter(flows, width, height, self.options.transparent))

    def write(
        self, svg: MapSvg, out: BinaryIO, title: str = "", progress: Progress | None = None
    ) -> tuple[int, int]:
        """Write ``svg`` as a PNG at the options' scale, resolution and background; returns its size."""
        options = self.options
        width, height = pixel_size(svg, options.pixel_scale)
        alpha = options.transparent
        bands = BandPainter(svg, width, height, alpha)
        stream = PngStream(out, width, height, options.resolution, alpha, title)
        band = max(1, min(height, BAND_PIXELS // width))
        packed = QImage.Format.Format_RGBA8888 if alpha else QImage.Format.Format_RGB888
        reused = threading.local()
        # The strips' painter holds the tiles' pixels: it is kept until every thread has stopped,
        # even when the writing stops early (a failure, a cancel).
        if self._started is None or self._started[0].strips != bands.strips:
            self._started = self._draw_strips(bands)
        tiles, drawn = self._started[0].strips, self._started[1]

        def strips(top: int, rows: int) -> list[QImage | None]:
            """The strips' tiles, waiting for those over rows ``top`` to ``top + rows``."""
            return [
                future.result() if tile_top < top + rows and top < tile_top + tile_rows else None
                for (_left, _count, tile_top, tile_rows), future in zip(tiles, drawn, strict=True)
            ]

        def encode(top: int) -> Segment:
            # Each thread keeps its images: fresh ones cost more to fault in than to draw on.
            if not hasattr(reused, "image"):
                reused.memory = mapped_memory(width * 4 * band)
                reused.image = picture_on(reused.memory, width, band, bands.image_format)
                reused.lines, reused.packed = _scanline_image(width, band, stream.row_bytes, packed)
            rows = ends[top] - top
            bands.draw(top, rows, strips, reused.image)
            return pack_rows(reused.image, 0, rows, reused.lines, reused.packed)

        # Every band at once: a finished band keeps only its compressed rows until its turn.
        tops = bands.cuts(band)
        ends = dict(zip(tops, [*tops[1:], height], strict=True))
        pending = deque(self.pool.submit(encode, top) for top in tops)
        try:
            while pending:
                stream.add(pending.popleft().result())
                if progress is not None:
                    progress(stream.rows_written / height)
        finally:
            for future in pending:
                future.cancel()
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
    renderer = load_svg(svg.text.encode("utf-8"))
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
