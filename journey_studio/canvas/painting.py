"""Qt drawing helpers shared by the canvas items: fonts, colours, icons and wrapped text."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, QSize
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPainter, QPixmap

from ..layout.text import wrap_lines as wrap_lines  # one wrapping for canvas and exports
from ..layout.theme import FONT_FAMILIES
from ..resources import icon_path


@lru_cache(maxsize=64)
def font(point_size: float, bold: bool = False) -> QFont:
    """The map's font at a size."""
    result = QFont()
    result.setFamilies(list(FONT_FAMILIES[:-1]))
    result.setPointSizeF(point_size)
    result.setBold(bold)
    return result


@lru_cache(maxsize=128)
def colour(hex_code: str) -> QColor:
    return QColor(hex_code)


@lru_cache(maxsize=256)
def icon_pixmap(name: str, size: int, tint: str = "") -> QPixmap | None:
    """An SVG icon as a pixmap (cached), optionally tinted; None when there is no such icon."""
    path = icon_path(name)
    if path is None:
        return None
    pixmap = QIcon(str(path)).pixmap(QSize(size * 2, size * 2))
    pixmap.setDevicePixelRatio(2.0)
    if tint and not pixmap.isNull():
        painter = QPainter(pixmap)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(pixmap.rect(), QColor(tint))
        painter.end()
    return pixmap


def draw_lines(painter: QPainter, lines: list[str], rect: QRectF, metrics: QFontMetricsF) -> None:
    """Draw lines top-down from the top-left of ``rect``."""
    y = rect.top() + metrics.ascent()
    for line in lines:
        painter.drawText(QPointF(rect.left(), y), line)
        y += metrics.lineSpacing()
