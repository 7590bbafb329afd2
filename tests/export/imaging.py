"""Comparing pictures for the export tests: how far two renderings of one map are apart."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

BLOCK = 16
_OVER_64 = bytes(1 if value > 64 else 0 for value in range(256))


@dataclass(frozen=True)
class Difference:
    """How two same-sized pictures differ, per colour sample (0–255)."""

    mean: float  # average absolute difference of all samples
    share_over_64: float  # share of samples off by more than 64 (a visible difference)
    worst_block: int  # the largest difference between the pictures' 16 × 16 block averages

    def __str__(self) -> str:
        return f"mean {self.mean:.2f}, {self.share_over_64:.2%} samples > 64, worst block {self.worst_block}"


def on_white(image: QImage) -> QImage:
    """The picture flattened onto white, as 8-bit RGB."""
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(Qt.GlobalColor.white)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def _samples(image: QImage) -> bytes:
    packed = image.convertToFormat(QImage.Format.Format_RGB888)
    used, stride = packed.width() * 3, packed.bytesPerLine()
    data = bytes(packed.constBits())
    return b"".join(data[row * stride : row * stride + used] for row in range(packed.height()))


def compare(a: QImage, b: QImage) -> Difference:
    """The difference between two pictures of the same size (each flattened onto white)."""
    assert a.size() == b.size(), f"sizes differ: {a.size()} and {b.size()}"
    diff = on_white(a)
    painter = QPainter(diff)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
    painter.drawImage(0, 0, on_white(b))
    painter.end()
    samples = _samples(diff)
    over = samples.translate(_OVER_64).count(1)
    # Averaged over blocks, glyphs placed a pixel apart look alike; a missing or moved part does not.
    block_a, block_b = _samples(_blocks(a)), _samples(_blocks(b))
    worst = max(abs(x - y) for x, y in zip(block_a, block_b, strict=True))
    return Difference(sum(samples) / len(samples), over / len(samples), worst)


def _blocks(image: QImage) -> QImage:
    return on_white(image).scaled(
        max(1, image.width() // BLOCK),
        max(1, image.height() // BLOCK),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
