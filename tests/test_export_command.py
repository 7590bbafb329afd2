"""``journey-studio export``: every option, every refusal (exit 2, one line), headless, no leftovers."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from journey_studio.cli import main
from journey_studio.resources import sample_map_path

SAMPLE = str(sample_map_path())
ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def application(qapp: QApplication) -> QApplication:
    """The test session's QApplication; the command must reuse it, never make a second one."""
    return qapp


def run(*args: str) -> int:
    return main(["export", *args])


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("journey-studio: error: "), captured.err
    return lines[0]


def card_groups(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "card"]


@pytest.mark.parametrize("suffix", ["svg", "png", "pdf", "SVG"])
def test_each_format_is_written(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"map.{suffix}"
    assert run(SAMPLE, "-o", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith({"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}[suffix.lower()])
    assert capsys.readouterr().err == ""
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_scale_and_dpi(tmp_path: Path) -> None:
    one, two, dpi = tmp_path / "1.png", tmp_path / "2.png", tmp_path / "dpi.png"
    assert run(SAMPLE, "-o", str(one)) == 0
    assert run(SAMPLE, "-o", str(two), "--scale", "2") == 0
    assert run(SAMPLE, "-o", str(dpi), "--dpi", "300") == 0
    small, big, printed = QImage(str(one)), QImage(str(two)), QImage(str(dpi))
    assert (big.width(), big.height()) == (small.width() * 2, small.height() * 2)
    assert round(big.dotsPerMeterX() * 0.0254) == 192
    assert printed.width() == round(small.width() * 300 / 96)
    assert round(printed.dotsPerMeterX() * 0.0254) == 300


def test_transparent_png_and_svg(tmp_path: Path) -> None:
    png, svg = tmp_path / "map.png", tmp_path / "map.svg"
    assert run(SAMPLE, "-o", str(png), "--transparent") == 0
    assert run(SAMPLE, "-o", str(svg), "--transparent") == 0
    assert QImage(str(png)).pixelColor(1, 1).alpha() == 0
    assert 'id="background"' not in svg.read_text(encoding="utf-8")


def test_persona_by_name_or_id(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    assert run(SAMPLE, "-o", str(out), "--persona", "marcus webb") == 0
    faded = [g.get("data-id") for g in card_groups(out) if g.get("opacity")]
    assert "card-linkedin-ad" in faded  # Priya's card fades in Marcus's focus view
    assert run(SAMPLE, "-o", str(out), "--persona", "persona-cfo") == 0


def test_selection_ids(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    assert run(SAMPLE, "-o", str(out), "--selection-ids", "card-linkedin-ad, card-demo-form") == 0
    assert [g.get("data-id") for g in card_groups(out)] == ["card-linkedin-ad", "card-demo-form"]


def test_margin_gaps_and_page(tmp_path: Path) -> None:
    plain, wide = tmp_path / "plain.svg", tmp_path / "wide.svg"
    assert run(SAMPLE, "-o", str(plain)) == 0
    assert run(SAMPLE, "-o", str(wide), "--margin", "100", "--gaps") == 0
    width = float(ET.parse(plain).getroot().get("width", 0))
    assert float(ET.parse(wide).getroot().get("width", 0)) == width + 152
    assert 'class="gap-badge"' in wide.read_text(encoding="utf-8")
    pdf = tmp_path / "map.pdf"
    assert run(SAMPLE, "-o", str(pdf), "--page", "letter") == 0
    assert b"/MediaBox [0 0 792.000000 612.000000]" in pdf.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "map.jpg"], "must end in .svg, .png or .pdf"),
        (["-o", "map.svg", "--scale", "2"], "--scale and --dpi apply to PNG"),
        (["-o", "map.pdf", "--dpi", "300"], "--scale and --dpi apply to PNG"),
        (["-o", "map.pdf", "--transparent"], "--transparent applies to SVG and PNG"),
        (["-o", "map.png", "--page", "a4"], "--page applies to PDF"),
        (["-o", "map.png", "--scale", "0"], "scale must be more than 0"),
        (["-o", "map.png", "--scale", "nan"], "scale must be more than 0"),
        (["-o", "map.png", "--dpi", "5"], "dpi must be between"),
        (["-o", "map.svg", "--margin", "-4"], "margin must be between"),
        (["-o", "map.svg", "--persona", "Nobody"], "no persona called 'Nobody'"),
        (
            ["-o", "map.svg", "--selection-ids", "card-linkedin-ad,nope"],
            "no card, stage or lane with id 'nope'",
        ),
        (["-o", "map.svg", "--selection-ids", " , "], "--selection-ids needs at least one id"),
        (["-o", "missing-folder/map.svg"], "there is no folder"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(SAMPLE, *args) == 2
    assert message in error_line(capsys)
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_unreadable_maps_and_folders_as_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(tmp_path / "nope.journey"), "-o", str(tmp_path / "map.svg")) == 2
    error_line(capsys)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert run(str(broken), "-o", str(tmp_path / "map.svg")) == 2
    error_line(capsys)
    (tmp_path / "folder.png").mkdir()
    assert run(SAMPLE, "-o", str(tmp_path / "folder.png")) == 2
    assert "is a folder" in error_line(capsys)
    assert run(SAMPLE) == 2  # -o is required
    assert "required" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_a_read_only_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert run(SAMPLE, "-o", str(folder / "map.png")) == 2
        assert "cannot write" in error_line(capsys)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    out.write_text("old", encoding="utf-8")
    assert run(SAMPLE, "-o", str(out)) == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")


def test_runs_headless_without_widgets(tmp_path: Path) -> None:
    """A fresh process with no display and no platform chosen: offscreen, QtWidgets never loaded."""
    out = tmp_path / "map.png"
    script = (
        "import sys\n"
        "from journey_studio.cli import main\n"
        f"code = main(['export', {SAMPLE!r}, '-o', {str(out)!r}, '--scale', '2'])\n"
        "print(code, 'PySide6.QtWidgets' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["0", "False"], result.stderr
    assert QImage(str(out)).width() > 0


@pytest.mark.skipif(
    not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no one may create files"
)
def test_a_folder_no_one_may_write_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(SAMPLE, "-o", "/proc/map.svg") == 2
    assert "cannot write to /proc" in error_line(capsys)
