"""``journey-studio convert`` between every registered format, its options, and its error lines."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from journey_studio.cli import main
from journey_studio.interchange import FORMATS, read_document
from journey_studio.interchange.formats import FORMAT_ERRORS, markdown_journeys
from journey_studio.model import Document
from journey_studio.resources import sample_map_path
from tests.strategies import document_state

EXTENSIONS = ("journey", "json", "mmd", "md", "csv", "xlsx")
SAMPLE = sample_map_path()


def touchpoints(doc: Document) -> list[tuple[str, str]]:
    """What every format keeps: the touchpoint titles of each stage (in any order within it)."""
    names = {stage.id: stage.name for stage in doc.stages}
    return sorted((names[c.stage], c.title) for c in doc.cards if c.kind == "touchpoint")


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("journey-studio: error: ") and "Traceback" not in captured.err
    return lines[0]


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled sample map written in every format."""
    folder = tmp_path_factory.mktemp("formats")
    files = {}
    for ext in EXTENSIONS:
        files[ext] = folder / f"sample.{ext}"
        assert main(["convert", str(SAMPLE), "-o", str(files[ext])]) == 0
    return files


def test_every_extension_is_registered() -> None:
    assert {f".{ext}" for ext in EXTENSIONS} | {".markdown"} == set(FORMATS)
    assert all(fmt.read is not None and fmt.write is not None for fmt in FORMATS.values())


@pytest.mark.parametrize("target", EXTENSIONS)
@pytest.mark.parametrize("source", EXTENSIONS)
def test_convert_every_direction(
    sample_files: dict[str, Path], tmp_path: Path, source: str, target: str
) -> None:
    out = tmp_path / f"out.{target}"
    assert main(["convert", str(sample_files[source]), "-o", str(out)]) == 0
    original = read_document(SAMPLE)
    converted = read_document(out)
    assert [s.name for s in converted.stages] == [s.name for s in original.stages]
    assert touchpoints(converted) == touchpoints(original)


def test_journey_and_json_are_lossless(sample_files: dict[str, Path], tmp_path: Path) -> None:
    back = tmp_path / "back.journey"
    assert main(["convert", str(sample_files["json"]), "-o", str(back)]) == 0
    assert document_state(read_document(back)) == document_state(read_document(SAMPLE))


def test_mermaid_keeps_scores_and_personas(sample_files: dict[str, Path]) -> None:
    for ext in ("mmd", "md"):
        doc = read_document(sample_files[ext])
        assert [p.name for p in doc.personas] == ["Marcus Webb", "Priya Nair"]
        ad = next(c for c in doc.cards if c.title == "Sponsored post on LinkedIn")
        assert {doc.personas[p].name: s for p, s in ad.emotion.items()} == {"Priya Nair": 3.0}
    markdown = sample_files["md"].read_text(encoding="utf-8")
    assert markdown.startswith("# B2B software buyer: from first ad to renewal\n\n```mermaid\njourney\n")
    assert markdown.endswith("```\n")


def test_csv_output_is_grid_unless_flat_is_asked(sample_files: dict[str, Path], tmp_path: Path) -> None:
    grid = list(csv.reader(sample_files["csv"].read_text(encoding="utf-8-sig").splitlines()))
    assert grid[0][:3] == ["", "Awareness", "Consideration"]
    flat_file = tmp_path / "flat.csv"
    assert main(["convert", str(SAMPLE), "-o", str(flat_file), "--layout", "flat"]) == 0
    flat = list(csv.DictReader(flat_file.read_text(encoding="utf-8-sig").splitlines()))
    assert flat[0].keys() >= {"stage", "lane", "lane kind", "title", "channel", "owner"}
    # reading detects the layout: the flat file keeps channels, the grid drops them
    ad = next(c for c in read_document(flat_file).cards if c.title == "Sponsored post on LinkedIn")
    assert (ad.channel, ad.owner) == ("advertising", "marketing")
    ad = next(c for c in read_document(sample_files["csv"]).cards if c.title == "Sponsored post on LinkedIn")
    assert ad.channel == ""


def test_xlsx_layouts(tmp_path: Path) -> None:
    for layout, first in (("grid", ("Awareness", 2)), ("flat", ("stage", 1))):
        out = tmp_path / f"{layout}.xlsx"
        assert main(["convert", str(SAMPLE), "-o", str(out), "--layout", layout]) == 0
        sheet = openpyxl.load_workbook(out).worksheets[0]
        assert sheet.cell(row=1, column=first[1]).value == first[0]
        assert touchpoints(read_document(out)) == touchpoints(read_document(SAMPLE))


MARKDOWN = """# Notes

```mermaid
flowchart LR
  A --> B
```

```mermaid
journey
  title Morning
  section Wake
    Alarm: 2: Me
```

Text between.

~~~mermaid
journey
  title Evening
  section Home
    Cook: 4: Me
    Eat: 5: Me, You
~~~
"""


def test_markdown_block_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "notes.markdown"
    source.write_text(MARKDOWN, encoding="utf-8")
    assert markdown_journeys(source) == [(2, 9, "Morning"), (3, 18, "Evening")]
    first, third = tmp_path / "first.json", tmp_path / "third.json"
    assert main(["convert", str(source), "-o", str(first)]) == 0
    assert read_document(first).info.title == "Morning"
    assert main(["convert", str(source), "-o", str(third), "--block", "3"]) == 0
    assert read_document(third).info.title == "Evening"
    assert [c.title for c in read_document(third).cards] == ["Cook", "Eat"]
    assert main(["convert", str(source), "-o", str(tmp_path / "x.json"), "--block", "1"]) == 2
    assert "notes.markdown: line 4: mermaid block 1 is not a journey diagram" in one_error_line(capsys)
    assert main(["convert", str(source), "-o", str(tmp_path / "x.json"), "--block", "4"]) == 2
    assert "there is no mermaid block 4; the text has 3" in one_error_line(capsys)
    assert not (tmp_path / "x.json").exists()


def test_extensions_are_case_insensitive(sample_files: dict[str, Path], tmp_path: Path) -> None:
    upper = tmp_path / "MAP.MMD"
    upper.write_bytes(sample_files["mmd"].read_bytes())
    assert main(["convert", str(upper), "-o", str(tmp_path / "OUT.XLSX")]) == 0
    assert (tmp_path / "OUT.XLSX").is_file()


def bad_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["", "Discover", "Buy"], ["Touchpoints", "Ad", "Pay"], ["Emotion", "4", "nine"]):
        sheet.append(row)
    sheet["D1"] = "=1+1"  # never calculated: openpyxl writes no value
    book.save(path)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "bad.mmd",
            "journey\n  title T\n  section A\n    Task: 9: Me\n",
            "bad.mmd: line 4: the score 9 is outside",
        ),
        ("bad.mmd", "journey\n  section A\n    No score here\n", "bad.mmd: line 3: "),
        ("words.mmd", "graph TD\n  A --> B\n", "words.mmd: "),
        (
            "bad.md",
            "# T\n\n```mermaid\njourney\n  section A\n    Task: x\n```\n",
            "bad.md: line 6: the score 'x'",
        ),
        ("none.md", "# Just text\n", "none.md: no mermaid journey block found among 0 mermaid block(s)"),
        ("grid.csv", ",A\nTouchpoints,x\nFeeling,9\n", "grid.csv: row 3, column B: the score 9"),
        ("flat.csv", "stage,lane,title,kind\nA,L,t,gizmo\n", "flat.csv: row 2, column D: "),
        ("cells.xlsx", None, "cells.xlsx: row 1, column D: this formula was never calculated"),
        ("fake.xlsx", "not a zip", "as an .xlsx workbook"),
        ("latin.mmd", b"journey\n  section Caf\xe9\n", "latin.mmd: not UTF-8 text (byte 22)"),
        ("missing.mmd", "", "missing.mmd: no such file"),
        ("missing.csv", "", "missing.csv: no such file"),
        ("missing.xlsx", "", "missing.xlsx: no such file"),
    ],
)
@pytest.mark.parametrize("target", ["out.journey", "out.csv", "out.md"])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes | None,
    expected: str,
    target: str,
) -> None:
    source = tmp_path / name
    if content is None:
        bad_xlsx(source)
    elif isinstance(content, bytes):
        source.write_bytes(content)
    elif content:
        source.write_text(content, encoding="utf-8")
    out = tmp_path / target
    assert main(["convert", str(source), "-o", str(out)]) == 2
    assert expected in one_error_line(capsys)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ([name] if content != "" else [])


def test_an_existing_output_survives_a_failed_conversion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "keep.csv"
    out.write_text("precious", encoding="utf-8")
    bad = tmp_path / "bad.mmd"
    bad.write_text("journey\n  section A\n    Task: 7\n", encoding="utf-8")
    assert main(["convert", str(bad), "-o", str(out)]) == 2
    assert "line 3" in one_error_line(capsys)
    assert out.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--layout", "flat"], "out.mmd: a layout (grid or flat) applies only to .csv and .xlsx files"),
        (["--block", "1"], "only Markdown files have numbered Mermaid blocks"),
    ],
)
def test_options_that_do_not_apply_are_refused(
    sample_files: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    expected: str,
) -> None:
    out = tmp_path / "out.mmd"
    assert main(["convert", str(sample_files["json"]), "-o", str(out), *argv]) == 2
    assert expected in one_error_line(capsys)
    assert not out.exists()


@pytest.mark.parametrize("ext", ["mmd", "md", "csv", "xlsx"])
def test_a_missing_output_folder_is_one_line(
    sample_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], ext: str
) -> None:
    out = tmp_path / "no such folder" / f"out.{ext}"
    assert main(["convert", str(sample_files["json"]), "-o", str(out)]) == 2
    assert f"out.{ext}: could not save: the folder does not exist" in one_error_line(capsys)
    assert not out.parent.exists()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "a.json", "-o", "b.csv", "--layout", "wide"]) == 2
    assert "invalid choice: 'wide'" in capsys.readouterr().err
    assert main(["convert", "a.md", "-o", "b.json", "--block", "two"]) == 2
    assert "invalid int value: 'two'" in capsys.readouterr().err


def test_format_errors_cover_the_readers() -> None:
    names = {error.__name__ for error in FORMAT_ERRORS}
    assert names >= {"JourneyFileError", "InterchangeError", "MermaidError", "SpreadsheetError"}
