"""The SVG draws the same picture in real renderers (librsvg, Chromium) as our PNG, and as the canvas.

Tolerance, for every comparison of two renderings of one map at 1×: the mean absolute
difference of the colour samples is at most 2 (of 255), at most 1 % of samples differ by more
than 64, and the 16 × 16-pixel block averages differ by at most 24. Why: renderers antialias
edges and place glyphs differently (hinting, sub-pixel positions, kerning), so text outlines
differ by a pixel here and there (measured on the sample: mean 1.1, 0.23 % of samples and
worst block 17 against librsvg; 1.3, 0.4 % and 7 against Chromium; 0.7, 0.2 % and 8 against
the canvas, whose icons are pixmaps). A card left out or moved by 4 units breaks the block
bound (measured 73 and 27), so the tolerance still catches drift.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from journey_studio.export import export_map
from journey_studio.model import Document
from tests.export.imaging import Difference, compare

MAX_MEAN, MAX_SHARE, MAX_BLOCK = 2.0, 0.01, 24
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def assert_close(difference: Difference) -> None:
    assert difference.mean <= MAX_MEAN, difference
    assert difference.share_over_64 <= MAX_SHARE, difference
    assert difference.worst_block <= MAX_BLOCK, difference


@pytest.fixture(scope="module")
def sample_files(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory, sample: Document
) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sample")
    return export_map(sample, folder / "map.svg"), export_map(sample, folder / "map.png")


@pytest.mark.skipif(
    shutil.which("rsvg-convert") is None, reason="rsvg-convert (librsvg2-bin) is not installed"
)
def test_librsvg_draws_what_our_png_shows(sample_files: tuple[Path, Path], tmp_path: Path) -> None:
    svg, png = sample_files
    out = tmp_path / "rsvg.png"
    result = subprocess.run(["rsvg-convert", str(svg), "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert_close(compare(QImage(str(png)), QImage(str(out))))


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")
def test_chromium_draws_what_our_png_shows(sample_files: tuple[Path, Path], tmp_path: Path) -> None:
    svg, png = sample_files
    ours = QImage(str(png))
    out = tmp_path / "chromium.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={ours.width()},{ours.height()}",
                f"--screenshot={out}",
                svg.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
    assert out.is_file(), "Chromium wrote no screenshot"
    assert_close(compare(ours, QImage(str(out))))


def test_the_export_matches_the_canvas() -> None:
    """The canvas scene, rendered without any selection, and the exported picture agree."""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "tests.export.canvas_probe"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert_close(Difference(**json.loads(result.stdout.strip().splitlines()[-1])))
