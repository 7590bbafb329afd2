"""PNG and PDF exports: sizes, resolution, transparency, pages, and files written whole or not at all."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QMetaObject, QObject
from PySide6.QtGui import QColor, QImage

from journey_studio.export import ExportError, ExportOptions, export_map, render_svg
from journey_studio.export import bands as bands_module
from journey_studio.export import raster as raster_module
from journey_studio.export.bands import painter_on
from journey_studio.export.png_writer import PngStream, deflate
from journey_studio.model import Document

INCH = 0.0254


def png_chunks(data: bytes) -> dict[bytes, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.setdefault(kind, body)
        at += 12 + length
    return chunks


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_png_has_the_size_and_resolution_of_its_scale(small: Document, tmp_path: Path, scale: float) -> None:
    svg = render_svg(small)
    path = export_map(small, tmp_path / "map.png", ExportOptions(scale=scale))
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == (round(svg.width * scale), round(svg.height * scale))
    assert image.dotsPerMeterX() == round(96 * scale / INCH)
    assert image.pixelColor(2, 2) == QColor("#ffffff")


def test_png_at_4x_of_the_sample(sample: Document, tmp_path: Path) -> None:
    path = export_map(sample, tmp_path / "map.png", ExportOptions(scale=4))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (6688, 5616)
    chunks = png_chunks(path.read_bytes())
    per_metre = struct.unpack(">IIB", chunks[b"pHYs"])
    assert per_metre == (15118, 15118, 1)  # 384 dpi


def test_dpi_alone_sets_the_scale_and_with_scale_only_the_resolution(small: Document, tmp_path: Path) -> None:
    width = render_svg(small).width
    alone = QImage(str(export_map(small, tmp_path / "a.png", ExportOptions(dpi=300))))
    assert alone.width() == round(width * 300 / 96)
    assert round(alone.dotsPerMeterX() * INCH) == 300
    both = QImage(str(export_map(small, tmp_path / "b.png", ExportOptions(scale=1, dpi=300))))
    assert both.width() == round(width) and round(both.dotsPerMeterX() * INCH) == 300


def test_transparent_png_is_clear_outside_the_map(small: Document, tmp_path: Path) -> None:
    path = export_map(small, tmp_path / "map.png", ExportOptions(transparent=True))
    image = QImage(str(path))
    assert image.hasAlphaChannel()
    assert image.pixelColor(2, 2).alpha() == 0
    card = image.pixelColor(60 + 24 + 176, 24 + 64 + 56 + 72 + 40)  # inside the first card
    assert card.alpha() == 255
    assert png_chunks(path.read_bytes())[b"IHDR"][9] == 6  # RGBA


def test_png_carries_the_map_title(small: Document, tmp_path: Path) -> None:
    data = export_map(small, tmp_path / "map.png").read_bytes()
    assert b"Map <script>" in png_chunks(data)[b"iTXt"]


def test_png_stream_writes_bands_into_one_valid_picture() -> None:
    out = io.BytesIO()
    stream = PngStream(out, 3, 4, 72, alpha=False)
    stream.add(deflate((b"\x00" + bytes([255, 0, 0]) * 3) * 2, 2))  # scanlines: filter byte, pixels
    stream.add(deflate((b"\x00" + bytes([0, 0, 255]) * 3) * 2, 2))
    stream.close()
    image = QImage.fromData(out.getvalue())
    assert (image.width(), image.height()) == (3, 4)
    assert image.pixelColor(0, 0) == QColor(255, 0, 0) and image.pixelColor(2, 3) == QColor(0, 0, 255)
    with pytest.raises(ValueError, match="too short"):
        PngStream(io.BytesIO(), 3, 4, 72, alpha=False).add(deflate(b"\x00" * 10, 2))
    with pytest.raises(ValueError, match="missing"):
        PngStream(io.BytesIO(), 1, 2, 72, alpha=True).close()


def pdf_media_box(data: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert match is not None
    return float(match[1]), float(match[2])


def test_pdf_page_is_the_map_size_in_points(small: Document, tmp_path: Path) -> None:
    svg = render_svg(small)
    data = export_map(small, tmp_path / "map.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    width, height = pdf_media_box(data)
    assert width == pytest.approx(svg.width * 0.75, abs=1)
    assert height == pytest.approx(svg.height * 0.75, abs=1)
    assert b"/FontFile2" in data or b"/FontFile" in data  # text stays text, with its font embedded


@pytest.mark.parametrize(("page", "size"), [("a4", (842, 595)), ("a3", (1191, 842)), ("letter", (792, 612))])
def test_pdf_fits_a_landscape_sheet(
    sample: Document, tmp_path: Path, page: str, size: tuple[int, int]
) -> None:
    data = export_map(sample, tmp_path / "map.pdf", ExportOptions(page=page)).read_bytes()
    width, height = pdf_media_box(data)
    assert (round(width), round(height)) == size


def test_pdf_is_vector_and_small(sample: Document, tmp_path: Path) -> None:
    data = export_map(sample, tmp_path / "map.pdf").read_bytes()
    assert len(data) < 400_000
    assert b"/Subtype /Image" not in data  # no picture of the map inside, only paths and text


def test_failed_export_leaves_nothing_behind(small: Document, tmp_path: Path) -> None:
    target = tmp_path / "map.png"
    target.write_bytes(b"old")

    def stop(fraction: float) -> None:
        if fraction > 0.5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_map(small, target, ExportOptions(scale=2), stop)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_a_cancel_while_bands_are_drawn_stops_cleanly(
    sample: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bands still drawing when the writing stops keep the strips' tiles they lay until they end."""
    monkeypatch.setattr(raster_module, "BAND_PIXELS", 200_000)  # dozens of bands, several in flight
    fractions: list[float] = []

    def stop(fraction: float) -> None:
        fractions.append(fraction)
        if fraction > 0.4:
            raise KeyboardInterrupt

    for _ in range(3):
        with pytest.raises(KeyboardInterrupt):
            export_map(sample, tmp_path / "map.png", ExportOptions(scale=2), stop)
    assert list(tmp_path.iterdir()) == [] and fractions[-1] < 1.0


class NullImage(QImage):
    """What QImage gives when there is not the memory for the picture asked for: a null image."""

    def __init__(self, *_args: object) -> None:
        super().__init__()


class RenderFails:
    """QMetaObject whose invokeMethod reports that QtSvg's render could not be called."""

    @staticmethod
    def invokeMethod(target: QObject, member: str, *args: object) -> bool:
        if member == "render":
            return False
        return bool(QMetaObject.invokeMethod(target, member, *args))  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("module", "name", "stand_in", "message"),
    [
        (bands_module, "QImage", NullImage, "not enough memory"),
        (raster_module, "QImage", NullImage, "not enough memory"),
        (bands_module, "QMetaObject", RenderFails, "could not be rendered"),
    ],
)
def test_a_picture_that_cannot_be_drawn_is_an_error_and_leaves_no_file(
    small: Document,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: object,
    name: str,
    stand_in: type,
    message: str,
) -> None:
    monkeypatch.setattr(module, name, stand_in)
    with pytest.raises(ExportError, match=message):
        export_map(small, tmp_path / "map.png", ExportOptions(scale=2))
    assert list(tmp_path.iterdir()) == []


def test_a_painter_that_cannot_start_is_an_error() -> None:
    with pytest.raises(ExportError, match="could not be drawn"):
        painter_on(QImage())


def test_unwritable_targets_are_explained(small: Document, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no folder"):
        export_map(small, tmp_path / "missing" / "map.svg")
    (tmp_path / "folder.svg").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export_map(small, tmp_path / "folder.svg")
    with pytest.raises(ExportError, match="must end in"):
        export_map(small, tmp_path / "map.jpg")


def test_bad_options_are_refused(small: Document, tmp_path: Path) -> None:
    for options, message in (
        (ExportOptions(scale=0), "scale"),
        (ExportOptions(scale=9), "scale"),
        (ExportOptions(dpi=5), "dpi"),
        (ExportOptions(margin=-1), "margin"),
        (ExportOptions(page="a5"), "page"),
        (ExportOptions(persona="nobody"), "persona"),
    ):
        with pytest.raises(ExportError, match=message):
            export_map(small, tmp_path / "map.png", options)
    assert list(tmp_path.iterdir()) == []


LAZY_TYPES_PROBE = """
import sys, tempfile
import PySide6.QtCore, PySide6.QtGui, PySide6.QtSvg
from journey_studio.export import ExportOptions, ensure_gui_application, export_map, render_preview
from journey_studio.interchange import read_document
from journey_studio.resources import sample_map_path

ensure_gui_application()
doc = read_document(sample_map_path())
modules = (PySide6.QtCore, PySide6.QtGui, PySide6.QtSvg)
before = {(m.__name__, name) for m in modules for name in vars(m)}
folder = tempfile.mkdtemp()
export_map(doc, folder + "/a.png", ExportOptions(scale=2))
export_map(doc, folder + "/b.png", ExportOptions(transparent=True))
export_map(doc, folder + "/c.pdf", ExportOptions())
render_preview(doc, ExportOptions())
made = {(m.__name__, name) for m in modules for name in vars(m)} - before
print(sorted(made))
sys.exit(1 if made else 0)
"""


def test_exports_find_every_wrapper_type_they_use_already_made() -> None:
    """PySide makes some types when first used; two drawing threads making one at once crash.

    In a fresh interpreter, exports must not make any: the export package makes them on import.
    """
    result = subprocess.run(
        [sys.executable, "-c", LAZY_TYPES_PROBE],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert result.returncode == 0, f"made during exports: {result.stdout} {result.stderr[-2000:]}"
