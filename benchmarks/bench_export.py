"""Time the presentation exports on a generated map: SVG, PNG at 2× and PDF, each to a file.

Run as ``python benchmarks/bench_export.py [--cards 2000] [--repeats 3]``; prints the median of
the runs, the file sizes and, for PNG, where the time goes. Targets at 2,000 cards (with flows
and two emotion curves): SVG ≤ 1 s, PNG at 2× ≤ 1.5 s, PDF ≤ 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import make_large_document

from journey_studio.export import ExportOptions, ensure_gui_application, export_map, render_svg
from journey_studio.export.raster import pixel_size, svg_renderer


def median_s(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(cards: int, repeats: int, folder: Path) -> None:
    """Print one row per format for a map of ``cards`` cards."""
    doc = make_large_document(cards)
    svg = render_svg(doc)
    render_svg(doc)  # warm the font and icon caches, as a running editor has them
    one, two = pixel_size(svg, 1), pixel_size(svg, 2)
    rows: list[tuple[str, Path, ExportOptions, str]] = [
        ("svg", folder / "map.svg", ExportOptions(), f"{len(doc.flows)} flows"),
        ("png 1×", folder / "map1.png", ExportOptions(scale=1), f"{one[0]} × {one[1]} px"),
        ("png 2×", folder / "map2.png", ExportOptions(scale=2), f"{two[0]} × {two[1]} px"),
        ("pdf", folder / "map.pdf", ExportOptions(), "map-sized page"),
    ]
    for name, path, options, note in rows:
        seconds = median_s(lambda p=path, o=options: export_map(doc, p, o), repeats)
        size = f"{path.stat().st_size / 1e6:.1f} MB"
        print(f"{cards:>7} {name:>8} {seconds:>9.2f} {size:>12}  {note}")
    build = median_s(lambda: render_svg(doc), repeats)
    parse = median_s(lambda: svg_renderer(svg), repeats)
    print(f"{cards:>7} {'parts':>8}  building the SVG {build:.2f} s, QtSvg parsing it {parse:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, nargs="*", default=[2000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    ensure_gui_application()
    folder = Path(tempfile.mkdtemp())
    print(f"{'cards':>7} {'format':>8} {'median s':>9} {'size':>12}  notes")
    for cards in args.cards:
        bench(cards, args.repeats, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
