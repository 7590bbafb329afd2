"""Persona pictures for export: cropped to a circle and embedded as a PNG data URI."""

from __future__ import annotations

import base64
from functools import lru_cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPainterPath

AVATAR_PIXELS = 160  # sharp at 4× for a 34-unit avatar


@lru_cache(maxsize=32)
def avatar_data_uri(picture: bytes, pixels: int = AVATAR_PIXELS) -> str:
    """The picture's centre square in a circle (transparent outside) as ``data:image/png``.

    "" when the bytes are not a picture. Cropping here rather than with an SVG clip path keeps
    the file drawable by every renderer, including those without clip paths.
    """
    image = QImage.fromData(picture)
    if image.isNull():
        return ""
    side = min(image.width(), image.height())
    source = QRectF((image.width() - side) / 2, (image.height() - side) / 2, side, side)
    out = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    circle = QPainterPath()
    circle.addEllipse(QPointF(pixels / 2, pixels / 2), pixels / 2, pixels / 2)
    painter.setClipPath(circle)
    painter.drawImage(QRectF(0, 0, pixels, pixels), image, source)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    out.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs ask for bytes; Qt takes str
    buffer.close()
    return "data:image/png;base64," + base64.b64encode(bytes(data.data())).decode("ascii")
