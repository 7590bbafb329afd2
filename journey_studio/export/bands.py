"""Drawing a map's SVG in horizontal bands, on any thread, with the flows' upright runs drawn sideways.

QtSvg fills a stroke one pixel row at a time, so an upright line costs as many steps as it is
tall: a big map's flows, thousands of long runs stacked in the gutters between columns, took
seconds. Drawn into an image with rows and columns swapped, the same runs are lying down and
cost a few hundredths. So the flows of each gutter strip are drawn once, sideways, over the
picture's whole height; a band then gets what lies below the flows, the flows without their
upright runs (each path's ``bare_d``) outside the strips, the strips laid over it, and what
lies above the flows. Each of these is a small document of the pieces that reach it.

The background is not drawn by QtSvg: a band is filled with the paper colour only where no
opaque lane band lies over it, which spares a fill of the whole picture.

QtSvg is driven through ``QMetaObject.invokeMethod`` because PySide keeps Python's interpreter
lock through a direct call and invokeMethod lets it go, so several threads draw at once.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import mmap
from collections.abc import Callable, Sequence

from PySide6 import QtCore, QtGui
from PySide6.QtCore import Q_ARG, QByteArray, QMetaObject, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion, QTransform
from PySide6.QtSvg import QSvgRenderer

from ..layout.flows import merge_spans
from .options import ExportError
from .svg_map import MapSvg
from .svg_xml import ABOVE, BELOW, FLOWS, FRAME, Area, Piece

# PySide makes some wrapper types only when they are first needed, and two threads making one
# at once crash (a first fillRect makes QGradient for its overloads, a first Q_ARG its holders).
# So every type an export comes to need is made here, on the thread that imports this module.
MADE_AT_IMPORT = (
    QtCore.QGenericArgumentHolder,
    QtCore.QGenericReturnArgumentHolder,
    QtCore.QRect,
    QtCore.QSize,
    QtGui.QFontMetrics,
    QtGui.QGradient,
    QtGui.QPolygonF,
)
HINTS = (
    QPainter.RenderHint.Antialiasing
    | QPainter.RenderHint.TextAntialiasing
    | QPainter.RenderHint.SmoothPixmapTransform
)
REACH = 16.0  # map units a piece may draw beyond its area (strokes, badges, arrow heads)
DIRECT = Qt.ConnectionType.DirectConnection
TILE_ROWS = 30_000  # QPainter draws wrong beyond 32,767 pixels, so long strips go in tiles
NO_MEMORY = "there is not enough memory for a picture this size; choose a smaller scale or resolution"
Strip = tuple[int, int, int, int]  # a tile of a strip: first column, columns, first row, rows


def load_svg(document: bytes) -> QSvgRenderer:
    """A renderer of ``document``, parsed without holding the interpreter lock."""
    renderer = QSvgRenderer()
    QMetaObject.invokeMethod(renderer, "load", DIRECT, Q_ARG(QByteArray, QByteArray(document)))
    if not renderer.isValid():
        raise ExportError("the drawing could not be rendered")
    return renderer


def draw_document(document: bytes, painter: QPainter, bounds: QRectF) -> None:
    """Draw ``document``'s view box into ``bounds``, without holding the interpreter lock."""
    renderer = load_svg(document)
    if not QMetaObject.invokeMethod(
        renderer, "render", DIRECT, Q_ARG(QPainter, painter), Q_ARG(QRectF, bounds)
    ):
        raise ExportError("the drawing could not be rendered")


def new_picture(width: int, height: int, image_format: QImage.Format) -> QImage:
    """An image to draw on; ExportError when there is not the memory for it."""
    image = QImage(width, height, image_format)
    if image.isNull():
        raise ExportError(NO_MEMORY)
    return image


def mapped_memory(size: int) -> mmap.mmap:
    """``size`` zeroed bytes, mapped anew, in huge pages where the system lends them.

    A band's images take hundreds of megabytes: in ordinary pages, tens of thousands of page
    faults, in huge ones a few hundred. The pages are first touched by drawing, which does not
    hold the interpreter lock.
    """
    private = getattr(mmap, "MAP_PRIVATE", 0) | getattr(mmap, "MAP_ANONYMOUS", 0)
    try:
        memory = mmap.mmap(-1, max(1, size), flags=private) if private else mmap.mmap(-1, max(1, size))
    except (OSError, MemoryError):
        raise ExportError(NO_MEMORY) from None
    if hasattr(mmap, "MADV_HUGEPAGE"):
        with contextlib.suppress(OSError):
            memory.madvise(mmap.MADV_HUGEPAGE)
    return memory


def picture_on(memory: mmap.mmap, width: int, rows: int, image_format: QImage.Format) -> QImage:
    """A picture of 32-bit pixels drawn in ``memory`` (which must outlive it)."""
    image = QImage(memoryview(memory)[: width * rows * 4], width, rows, width * 4, image_format)
    if image.isNull():
        raise ExportError(NO_MEMORY)
    return image


def painter_on(image: QImage) -> QPainter:
    """A painter drawing on ``image``; ExportError when it cannot start."""
    painter = QPainter()
    if not painter.begin(image):
        raise ExportError("the picture could not be drawn")
    return painter


def _reaches(area: Area, window: Area) -> bool:
    return area[0] <= window[2] and area[2] >= window[0] and area[1] <= window[3] and area[3] >= window[1]


class BandPainter:
    """Draws a map's SVG at ``width`` × ``height`` pixels, a band or a strip at a time, on any thread."""

    def __init__(self, svg: MapSvg, width: int, height: int, transparent: bool) -> None:
        self.width, self.height, self.transparent = width, height, transparent
        self.scale = (width / svg.width, height / svg.height)
        self.origin = svg.origin
        self.opaque = svg.opaque and not transparent  # its background covers every pixel
        self.pieces = svg.pieces or (Piece(svg.text, BELOW),)
        self.paper = svg.paper if svg.pieces else ""  # whole texts draw their own background
        self.covered = svg.covered
        self.layers = {piece.layer for piece in self.pieces}
        self.strips = _strips(svg, width, height) if FLOWS in self.layers else []
        self._tile_memory: list[mmap.mmap] = []
        # layer -> (index, top, bottom) of the pieces drawn in it, in document order
        self._spans: dict[int, list[tuple[int, float, float]]] = {layer: [] for layer in self.layers}
        for index, piece in enumerate(self.pieces):
            if piece.layer == FRAME:
                for spans in self._spans.values():
                    spans.append((index, -math.inf, math.inf))
            else:
                self._spans[piece.layer].append((index, piece.area[1], piece.area[3]))

    def _window(self, left: int, top: int, right: int, bottom: int) -> Area:
        """A pixel rectangle in map units, widened by REACH."""
        (sx, sy), (x, y) = self.scale, self.origin
        return (x + left / sx - REACH, y + top / sy - REACH, x + right / sx + REACH, y + bottom / sy + REACH)

    def cuts(self, rows: int) -> list[int]:
        """The first rows of bands of at most ``rows`` rows (and at least three quarters of that)
        that cover the picture, each cut where the least is drawn across it: a piece reaching
        both sides of a cut is read and drawn by both bands."""
        (_sx, sy), y = self.scale, self.origin[1]
        across = [0] * (self.height + 2)  # pieces reaching both sides of a cut before each row
        for piece in self.pieces:
            top, bottom = piece.area[1], piece.area[3]
            if piece.layer not in (BELOW, ABOVE) or not (math.isfinite(top) and math.isfinite(bottom)):
                continue
            first = max(0, math.floor((top - REACH - y) * sy))
            last = min(self.height, math.ceil((bottom + REACH - y) * sy))
            if first < last:
                across[first + 1] += len(piece.text)
                across[last + 1] -= len(piece.text)
        cost = list(itertools.accumulate(across))
        tops, top = [0], 0
        while top + rows < self.height:
            top = min(range(top + rows, top + rows - rows // 4 - 1, -1), key=cost.__getitem__)
            tops.append(top)
        return tops

    def document(self, layer: int, window: Area, bare: bool = False) -> bytes:
        """The frame and the pieces of ``layer`` that reach ``window``; ``bare``: their bare forms."""
        upper, lower = window[1], window[3]
        spans = self._spans.get(layer, ())
        found = [index for index, top, bottom in spans if top <= lower and bottom >= upper]
        texts = []
        for piece in (self.pieces[index] for index in found):
            if piece.layer == FRAME:
                texts.append(piece.text)
            elif bare and piece.bare is not None:
                if any(top <= window[3] and bottom >= window[1] for top, bottom in piece.bare_rows):
                    texts.append(piece.bare)
            elif _reaches(piece.area, window):
                texts.append(piece.drawn or piece.text)
        return "".join(texts).encode("utf-8")

    def draw_strip(self, strip: Strip) -> QImage:
        """The flows within a tile of a strip, sideways: a row per column, a column per row.

        Its pixels live in memory this painter holds: keep the painter while the tile is used.
        """
        left, count, top, rows = strip
        memory = mapped_memory(rows * count * 4)  # zeroed: transparent already
        self._tile_memory.append(memory)  # the tiles live as long as their painter
        image = picture_on(memory, rows, count, QImage.Format.Format_ARGB32_Premultiplied)
        painter = painter_on(image)
        painter.setTransform(QTransform(0, 1, 1, 0, -top, -left))
        painter.setRenderHints(HINTS)
        window = self._window(left, top, left + count, top + rows)
        draw_document(self.document(FLOWS, window), painter, QRectF(0, 0, self.width, self.height))
        painter.end()
        return image

    @property
    def image_format(self) -> QImage.Format:
        """The format of the images ``draw`` draws on: the fastest to draw on."""
        transparent = QImage.Format.Format_ARGB32_Premultiplied
        return transparent if self.transparent else QImage.Format.Format_RGB32

    def new_image(self, rows: int) -> QImage:
        """An image for ``draw``: the picture's width, ``rows`` high."""
        return new_picture(self.width, rows, self.image_format)

    def draw(
        self,
        top: int,
        rows: int,
        strips: Sequence[QImage | None] | Callable[[int, int], Sequence[QImage | None]] | None = None,
        image: QImage | None = None,
    ) -> QImage:
        """Rows ``top`` to ``top + rows`` of the picture, at the top of ``image`` (reused) or a new one.

        ``strips`` are ``draw_strip``'s for each of ``self.strips``, when they have been made, or
        a function of (top, rows) that waits for those that reach these rows (the others may be
        None): it is called once what lies below them is drawn.
        """
        if image is None:
            image = self.new_image(rows)
        if not self.opaque:
            image.fill(Qt.GlobalColor.transparent if self.transparent else Qt.GlobalColor.white)
        if self.paper:
            self._lay_paper(image, top, rows)
        window = self._window(0, top, self.width, top + rows)
        bounds = QRectF(0, -top, self.width, self.height)
        self._layer(image, BELOW, window, bounds)
        if self.strips:
            outside = QRegion(0, 0, self.width, rows)
            for left, count, _top, _rows in self.strips:
                outside = outside.subtracted(QRegion(left, 0, count, rows))
            self._layer(image, FLOWS, window, bounds, outside)
            if strips is None:
                strips = [self.draw_strip(strip) for strip in self.strips]
            elif callable(strips):
                strips = strips(top, rows)
            _lay_strips(image, top, rows, self.strips, strips)
        else:
            self._layer(image, FLOWS, window, bounds)
        self._layer(image, ABOVE, window, bounds)
        return image

    def _lay_paper(self, image: QImage, top: int, rows: int) -> None:
        """Fill rows ``top`` to ``top + rows`` with the paper colour, except the pixels that lie
        wholly within an opaque area drawn later (a pixel it only partly covers gets the paper)."""
        (sx, sy), (x, y) = self.scale, self.origin
        paper = QRegion(0, 0, self.width, rows)
        for left, upper, right, lower in self.covered:
            first, last = math.ceil((left - x) * sx), math.floor((right - x) * sx)
            start, end = math.ceil((upper - y) * sy) - top, math.floor((lower - y) * sy) - top
            if first < last and start < end:
                paper = paper.subtracted(QRegion(first, start, last - first, end - start))
        painter = painter_on(image)
        painter.setClipRegion(paper)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.fillRect(0, 0, self.width, rows, QColor(self.paper))
        painter.end()

    def _layer(
        self, image: QImage, layer: int, window: Area, bounds: QRectF, outside: QRegion | None = None
    ) -> None:
        """Draw ``layer`` over ``image``; with ``outside`` (the band less its strips) in bare form."""
        if layer not in self.layers:
            return
        document = self.document(layer, window, bare=outside is not None)
        painter = painter_on(image)
        if outside is not None:
            painter.setClipRegion(outside)
        painter.setRenderHints(HINTS)
        draw_document(document, painter, bounds)
        painter.end()


def _strips(svg: MapSvg, width: int, height: int) -> list[Strip]:
    """The gutters as whole pixel columns, a pixel wider each side and merged where they touch,
    in tiles of at most TILE_ROWS rows, top tiles first (the first bands need them first)."""
    scale, x = width / svg.width, svg.origin[0]
    columns = [
        (max(0, math.floor((left - x) * scale) - 1), min(width, math.ceil((right - x) * scale) + 1))
        for left, right in svg.gutters
    ]
    merged = merge_spans(column for column in columns if column[0] < column[1])
    return [
        (int(start), int(end - start), top, min(TILE_ROWS, height - top))
        for top in range(0, height, TILE_ROWS)
        for start, end in merged
    ]


def _lay_strips(
    image: QImage, top: int, rows: int, strips: list[Strip], pictures: Sequence[QImage | None]
) -> None:
    """Lay the sideways tiles' parts within rows ``top`` to ``top + rows`` over the band, upright."""
    painter = painter_on(image)
    for (left, count, tile_top, tile_rows), picture in zip(strips, pictures, strict=True):
        first, last = max(top, tile_top), min(top + rows, tile_top + tile_rows)
        if first >= last:
            continue
        if picture is None:
            raise ValueError("a tile over these rows was not drawn")
        painter.setTransform(QTransform(0, 1, 1, 0, left, tile_top - top))
        area = QRectF(first - tile_top, 0, last - first, count)
        painter.drawImage(area, picture, area)
    painter.end()
