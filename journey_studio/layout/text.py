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


def _fitting_words(words: list[str], start: int, metrics: QFontMetricsF, width: float) -> int:
    """How many of ``words`` from ``start`` on fit on one line of ``width`` (0 if not even one).

    A line only grows as words are added, so the longest run that fits is found by bisection:
    a few measurements a line instead of one per word (each measurement shapes the text).
    """
    fits, too_many = 0, len(words) - start + 1
    if metrics.horizontalAdvance(" ".join(words[start:])) <= width:
        return too_many - 1
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        if metrics.horizontalAdvance(" ".join(words[start : start + middle])) <= width:
            fits = middle
        else:
            too_many = middle
    return fits


def wrap_lines(text: str, metrics: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines that fit ``width``; elide the last one.

    Each line takes as many words as fit; a word wider than a line is cut with an ellipsis.
    """
    words = text.split()
    lines: list[str] = []
    index = 0
    while index < len(words) and len(lines) < max(1, max_lines):
        count = _fitting_words(words, index, metrics, width)
        if count == 0:  # a single word wider than the line: cut it
            lines.append(metrics.elidedText(words[index], Qt.TextElideMode.ElideRight, width))
            index += 1
        else:
            lines.append(" ".join(words[index : index + count]))
            index += count
    if index < len(words):
        rest = " ".join([lines[-1], *words[index:]]) if lines else " ".join(words[index:])
        lines[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines
