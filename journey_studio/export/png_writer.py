"""A streaming PNG encoder: rows arrive band by band, so a huge picture never sits in memory twice.

Qt's own PNG writer needs the whole image and compresses slowly at these sizes (a 2× picture
of a 2,000-card map is over 200 million pixels); this one writes rows with no filter through
zlib at a fast level, which suits flat-coloured pictures, and records the resolution (pHYs).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from typing import BinaryIO

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHUNK_BYTES = 1 << 20
INCHES_PER_METRE = 39.3700787
NO_FILTER = b"\x00"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


class PngStream:
    """Write an 8-bit RGB or RGBA PNG to ``out`` from rows given top to bottom."""

    def __init__(
        self, out: BinaryIO, width: int, height: int, dpi: float, alpha: bool, title: str = "", level: int = 2
    ) -> None:
        self.out, self.width, self.height = out, width, height
        self.channels = 4 if alpha else 3
        self._rows = 0
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._zip = zlib.compressobj(level)
        header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
        per_metre = max(1, round(dpi * INCHES_PER_METRE))
        out.write(SIGNATURE + _chunk(b"IHDR", header))
        out.write(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
        if title:
            text = b"Title\x00\x00\x00\x00\x00" + title.encode("utf-8", "replace")
            out.write(_chunk(b"iTXt", text))
        out.write(_chunk(b"tEXt", b"Software\x00Journey Studio"))

    def write_rows(self, pixels: bytes | bytearray | memoryview, rows: int, stride: int) -> None:
        """Add ``rows`` rows of packed pixels, each starting ``stride`` bytes after the last."""
        self.compress(self.scanlines(pixels, rows, stride), rows)

    def scanlines(self, pixels: bytes | bytearray | memoryview, rows: int, stride: int) -> bytes:
        """Rows of packed pixels as PNG scanlines (each after its filter byte), ready to compress."""
        view = memoryview(pixels).cast("B")
        used = self.width * self.channels
        if rows and len(view) < (rows - 1) * stride + used:
            raise ValueError("the pixel data is too short for that many rows")
        parts: list[bytes | memoryview] = []
        for i in range(rows):
            parts += (NO_FILTER, view[i * stride : i * stride + used])
        return b"".join(parts)

    def compress(self, scanlines: bytes, rows: int, started: Callable[[], object] | None = None) -> None:
        """Add the scanlines of the next ``rows`` rows. ``started`` is called just before zlib
        runs, which it does without Python's interpreter lock (so another thread may draw)."""
        if self._rows + rows > self.height:
            raise ValueError("more rows than the picture has")
        self._rows += rows
        if started is not None:
            started()
        self._emit(self._zip.compress(scanlines))

    def _emit(self, compressed: bytes) -> None:
        if compressed:
            self._pending.append(compressed)
            self._pending_size += len(compressed)
        if self._pending_size >= CHUNK_BYTES:
            self._flush_pending()

    def _flush_pending(self) -> None:
        if self._pending:
            self.out.write(_chunk(b"IDAT", b"".join(self._pending)))
            self._pending, self._pending_size = [], 0

    def close(self) -> None:
        """Finish the picture; every row must have been written."""
        if self._rows != self.height:
            raise ValueError(f"{self.height - self._rows} rows are missing")
        self._pending.append(self._zip.flush())
        self._flush_pending()
        self.out.write(_chunk(b"IEND", b""))
