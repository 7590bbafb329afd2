"""Text on the map: fonts, their metrics and line wrapping, shared by the canvas and the exporters.

Needs a QGuiApplication (font metrics do), never QtWidgets. Exporters measure at a fixed
96 DPI so a file looks the same whatever screen the export ran on: what the canvas shows at
100 % zoom on an ordinary screen, where Qt rounds each font to whole pixels.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

from .theme import FONT_FAMILIES

REFERENCE_DPI = 96.0


def pixel_size(point_size: float) -> int:
    """The whole-pixel size of a point size at 96 DPI (9.5 pt → 13 px)."""
    return max(1, round(point_size * REFERENCE_DPI / 72.0))


@lru_cache(maxsize=64)
def map_font(point_size: float, bold: bool = False) -> QFont:
    """The map's font at a point size, fixed to its whole-pixel size at 96 DPI."""
    result = QFont()
    result.setFamilies(list(FONT_FAMILIES[:-1]))
    result.setPixelSize(pixel_size(point_size))
    result.setBold(bold)
    return result


@lru_cache(maxsize=64)
def font_metrics(point_size: float, bold: bool = False) -> QFontMetricsF:
    """Metrics of :func:`map_font` (cached: exporters measure thousands of titles)."""
    return QFontMetricsF(map_font(point_size, bold))


def elide(text: str, metrics: QFontMetricsF, width: float) -> str:
    """``text`` cut with an ellipsis so it fits ``width``."""
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, width))


def wrap_lines(text: str, metrics: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines that fit ``width``; elide the last one."""
    words = text.split()
    lines: list[str] = []
    current = ""
    index = 0
    while index < len(words):
        word = words[index]
        candidate = f"{current} {word}" if current else word
        if metrics.horizontalAdvance(candidate) <= width:
            current = candidate
            index += 1
            continue
        if not current:  # a single word wider than the line: cut it
            current = metrics.elidedText(word, Qt.TextElideMode.ElideRight, width)
            index += 1
        lines.append(current)
        current = ""
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    if index < len(words) or current:
        rest = " ".join([lines[-1], *words[index:]]) if lines else " ".join(words[index:])
        lines[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines
