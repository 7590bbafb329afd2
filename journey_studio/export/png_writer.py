"""A streaming PNG encoder: rows arrive band by band, each band compressed on its own thread.

Qt's own PNG writer needs the whole image and compresses slowly at these sizes (a 2× picture
of a 2,000-card map is over 200 million pixels); this one writes rows with no filter through
ISA-L's deflate (python-isal: zlib's format, about seven times zlib's speed at its fastest
level on these flat-coloured pictures, for files about a tenth bigger) and records the
resolution (pHYs). Bands are compressed independently, pigz-style: each is a run of deflate
blocks ending on a byte boundary (a sync flush), so they can be made at once and joined in order.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from isal import isal_zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHUNK_BYTES = 1 << 20
INCHES_PER_METRE = 39.3700787
LEVEL = 1  # ISA-L's levels are 0-3; 0 is barely faster and a quarter bigger
MEMORY = 5  # memLevel: a hash table that stays in cache, a little faster than the default here
ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KiB window, fastest level
STEP = 1 << 20  # bytes per call: they stay in cache from the checksum to the compressor
ADLER_BASE = 65521


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings joined, from theirs (zlib has it; Python's module does not)."""
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % ADLER_BASE
    b = (b1 + b2 + second_length * (a1 - 1)) % ADLER_BASE
    return a | (b << 16)


@dataclass(frozen=True)
class Segment:
    """Some rows as PNG scanlines, deflated: the data, the scanlines' Adler-32 and length."""

    data: bytes
    adler: int
    length: int
    rows: int


def deflate(lines: bytes | bytearray | memoryview, rows: int, level: int = LEVEL) -> Segment:
    """``rows`` PNG scanlines, deflated. ISA-L runs without Python's interpreter lock, so segments
    can be made on several threads at once."""
    view = memoryview(lines).cast("B")
    compressor = isal_zlib.compressobj(level, isal_zlib.DEFLATED, -15, MEMORY)
    adler, parts = 1, []
    for start in range(0, len(view), STEP):
        part = view[start : start + STEP]
        adler = isal_zlib.adler32(part, adler)
        parts.append(compressor.compress(part))
    parts.append(compressor.flush(isal_zlib.Z_SYNC_FLUSH))
    return Segment(b"".join(parts), adler, len(view), rows)


class PngStream:
    """Write an 8-bit RGB or RGBA PNG to ``out`` from rows or segments given top to bottom."""

    def __init__(
        self, out: BinaryIO, width: int, height: int, dpi: float, alpha: bool, title: str = ""
    ) -> None:
        self.out, self.width, self.height = out, width, height
        self.row_bytes = width * (4 if alpha else 3)
        self._rows = 0
        self._adler = 1
        self._pending: list[bytes] = [ZLIB_HEADER]
        self._pending_size = len(ZLIB_HEADER)
        header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
        per_metre = max(1, round(dpi * INCHES_PER_METRE))
        out.write(SIGNATURE + _chunk(b"IHDR", header))
        out.write(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
        if title:
            text = b"Title\x00\x00\x00\x00\x00" + title.encode("utf-8", "replace")
            out.write(_chunk(b"iTXt", text))
        out.write(_chunk(b"tEXt", b"Software\x00Journey Studio"))

    @property
    def rows_written(self) -> int:
        return self._rows

    def add(self, segment: Segment) -> None:
        """Add the next rows, deflated by ``deflate`` from this picture's rows."""
        if self._rows + segment.rows > self.height:
            raise ValueError("more rows than the picture has")
        expected = segment.rows * (self.row_bytes + 1)
        if segment.length != expected:
            size = "short" if segment.length < expected else "long"
            raise ValueError(f"the scanlines are too {size} for {segment.rows} rows of this picture")
        self._rows += segment.rows
        self._adler = adler32_combine(self._adler, segment.adler, segment.length)
        self._emit(segment.data)

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
        last_block = zlib.compressobj(LEVEL, zlib.DEFLATED, -15).flush()  # an empty final block
        self._pending.append(last_block + struct.pack(">I", self._adler))
        self._flush_pending()
        self.out.write(_chunk(b"IEND", b""))
