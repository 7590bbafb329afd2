"""Read a picture for a persona: check it, scale it down, store it as PNG bytes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_SIDE = 512
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding


class AvatarError(ValueError):
    """A picture that cannot be used, with a plain reason."""


def load_avatar(path: Path) -> bytes:
    """PNG bytes of the picture at ``path``, at most 512 px on its longer side."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise AvatarError(f"{path.name} cannot be read ({error.strerror or error}).") from error
    if size == 0:
        raise AvatarError(f"{path.name} is empty.")
    if size > MAX_FILE_BYTES:
        raise AvatarError(f"{path.name} is {size / 1_048_576:.0f} MB; pictures up to 20 MB can be used.")
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    if not reader.canRead() or bytes(reader.format().data()).decode().lower() not in (
        "png",
        "jpeg",
        "jpg",
        "svg",
    ):
        raise AvatarError(f"{path.name} is not a PNG, JPEG or SVG picture.")
    dimensions = reader.size()
    if dimensions.isValid() and dimensions.width() * dimensions.height() > MAX_PIXELS:
        raise AvatarError(f"{path.name} is too large ({dimensions.width()}×{dimensions.height()} pixels).")
    if dimensions.isValid() and max(dimensions.width(), dimensions.height()) > MAX_SIDE:
        reader.setScaledSize(dimensions.scaled(MAX_SIDE, MAX_SIDE, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise AvatarError(f"{path.name} cannot be read as a picture ({reader.errorString()}).")
    if max(image.width(), image.height()) > MAX_SIDE:
        image = image.scaled(
            MAX_SIDE, MAX_SIDE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return png_bytes(image)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())
