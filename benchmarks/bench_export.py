"""Time the presentation exports on a generated map: SVG, PNG at 1× and 2×, and PDF, each to a file.

Run as ``python benchmarks/bench_export.py [--cards 2000] [--repeats 3] [--formats svg png2]``;
prints the median and best of the runs with the load average around them, the file sizes and
where the time goes. ``--floor`` also times what no PNG of that size can go below here: filling
the picture and encoding a blank one with Qt's writer, ISA-L and zlib. Targets at 2,000 cards
(with flows and two emotion curves): SVG ≤ 1 s, PNG at 2× ≤ 1.5 s, PDF ≤ 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import make_large_document
from isal import isal_zlib
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageWriter

from journey_studio.export import ExportOptions, ensure_gui_application, export_map, render_svg
from journey_studio.export.bands import load_svg
from journey_studio.export.png_writer import LEVEL, MEMORY
from journey_studio.export.raster import WORKERS, pixel_size

FORMATS = {
    "svg": ("map.svg", ExportOptions()),
    "png1": ("map1.png", ExportOptions(scale=1)),
    "png2": ("map2.png", ExportOptions(scale=2)),
    "pdf": ("map.pdf", ExportOptions()),
}


def timed(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    """The median and the best wall time of ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def host_speed() -> float:
    """Seconds for a fixed loop of ten million additions: this host's speed varies from minute to
    minute, and every figure here with it, so compare runs made at like speeds."""
    start = time.perf_counter()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - start


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def bench(cards: int, repeats: int, formats: list[str], folder: Path) -> None:
    """Print one row per format for a map of ``cards`` cards."""
    doc = make_large_document(cards)
    svg = render_svg(doc)
    render_svg(doc)  # warm the font and icon caches, as a running editor has them
    for name in formats:
        file_name, options = FORMATS[name]
        path = folder / file_name
        before = load()
        median, best = timed(lambda p=path, o=options: export_map(doc, p, o), repeats)
        size = f"{path.stat().st_size / 1e6:.1f} MB"
        if name.startswith("png"):
            width, height = pixel_size(svg, options.pixel_scale)
            note = f"{width} × {height} px, {WORKERS} threads"
        else:
            note = {"svg": f"{len(doc.flows)} flows", "pdf": "map-sized page"}[name]
        print(f"{cards:>7} {name:>6} {median:>8.2f} {best:>8.2f} {size:>9}  {before} → {load():<5}  {note}")
    build = timed(lambda: render_svg(doc), repeats)[0]
    picture_options = FORMATS["png2"][1]
    in_pieces = timed(lambda: render_svg(doc, picture_options, banded=True), repeats)[0]
    document = render_svg(doc, picture_options, banded=True).text.encode("utf-8")
    parse = timed(lambda: load_svg(document), repeats)[0]
    print(
        f"{cards:>7} {'parts':>6}  building the SVG file {build:.2f} s, the plain drawing in pieces for "
        f"the PNG at 2× {in_pieces:.2f} s, QtSvg parsing all of that drawing {parse:.2f} s"
    )


def floor(width: int, height: int, repeats: int) -> None:
    """What a PNG of ``width`` × ``height`` costs at least: a fill, and encoding a blank picture."""
    print(f"floor for {width} × {height} px (load {load()}):")
    for image_format in (QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32_Premultiplied):
        image = QImage(width, height, image_format)
        image.fill(Qt.GlobalColor.white)  # fault the memory in before timing
        median, best = timed(lambda i=image: i.fill(Qt.GlobalColor.white), repeats)
        print(f"  fill {image_format.name}: median {median:.2f} s, best {best:.2f} s")
        for quality in (100, 80, 50, 0):  # Qt's PNG writer: quality 100 stores, lower compresses more
            data = QByteArray()

            def encode(i: QImage = image, q: int = quality, d: QByteArray = data) -> None:
                d.clear()
                buffer = QBuffer(d)
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                writer = QImageWriter(buffer, b"png")
                writer.setQuality(q)
                writer.write(i)

            median, best = timed(encode, 1)
            print(f"  QImageWriter PNG, quality {quality:>3}: {median:.2f} s, {data.size() / 1e6:.1f} MB")
        del image
    lines = (b"\x00" + b"\xff" * width * 3) * height
    size = f"blank scanlines ({len(lines) / 1e6:.0f} MB), one thread"
    for name, module, level in (("ISA-L", isal_zlib, LEVEL), ("zlib", zlib, 1), ("zlib", zlib, 6)):
        median, best = timed(
            lambda m=module, v=level: m.compressobj(v, m.DEFLATED, -15, MEMORY).compress(lines), 1
        )
        print(f"  {name} level {level}, {size}: {median:.2f} s")
    for name, module in (("ISA-L", isal_zlib), ("zlib", zlib)):
        median, best = timed(lambda m=module: m.adler32(lines), repeats)
        print(f"  {name}'s Adler-32 of them: {median:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, nargs="*", default=[2000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--formats", nargs="*", choices=list(FORMATS), default=list(FORMATS))
    parser.add_argument("--floor", action="store_true", help="also time the PNG floor at 2× of the last map")
    args = parser.parse_args()
    ensure_gui_application()
    folder = Path(tempfile.mkdtemp())
    print(f"host speed: ten million additions in {host_speed():.2f} s")
    print(f"{'cards':>7} {'format':>6} {'median s':>8} {'best s':>8} {'size':>9}  load        notes")
    for cards in args.cards:
        bench(cards, args.repeats, args.formats, folder)
    print(f"host speed afterwards: {host_speed():.2f} s")
    if args.floor:
        floor(*pixel_size(render_svg(make_large_document(args.cards[-1])), 2), args.repeats)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
