"""The command line: info, convert, opening the editor, and one clean line for bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from journey_studio.cli import SUBCOMMANDS, main
from journey_studio.interchange import read_document, write_document
from journey_studio.store import open_document, save_document
from tests.strategies import document_state, sample_document


@pytest.fixture
def journey_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.journey"
    save_document(sample_document(), path)
    return path


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("journey-studio: error: ")
    assert "Traceback" not in captured.err and captured.out == ""
    return lines[0]


def test_info_prints_the_facts(journey_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(journey_file)]) == 0
    out = capsys.readouterr().out
    assert "Title:    Onboarding 🚀 — תהליך" in out
    assert "Map type: Future state" in out
    assert "Personas: 2" in out and "Stages:   2" in out and "Lanes:    2" in out
    assert "Cards:    3 (touchpoint 2, pain point 1)" in out and "Flows:    2" in out


def test_info_as_json(journey_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(journey_file), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["title"] == "Onboarding 🚀 — תהליך" and facts["map_type"] == "future-state"
    assert (facts["personas"], facts["stages"], facts["lanes"], facts["cards"], facts["flows"]) == (
        2,
        2,
        2,
        3,
        2,
    )
    assert facts["cards_by_kind"]["touchpoint"] == 2 and facts["cards_by_kind"]["metric"] == 0


def test_info_does_not_pass_control_characters_to_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = sample_document()
    doc.update_info({"title": "evil\x1b[2J title\nsecond line"})
    path = tmp_path / "evil.json"
    write_document(doc, path)
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Title:    evil\\x1b[2J title\\nsecond line" in out


def test_convert_both_ways(journey_file: Path, tmp_path: Path) -> None:
    as_json = tmp_path / "out.json"
    back = tmp_path / "back.journey"
    assert main(["convert", str(journey_file), "-o", str(as_json)]) == 0
    assert main(["convert", str(as_json), "--output", str(back)]) == 0
    assert document_state(open_document(back)) == document_state(sample_document())
    assert json.loads(as_json.read_text(encoding="utf-8"))["format"] == "journey-studio"


def test_extensions_are_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "MAP.JSON"
    write_document(sample_document(), path)
    assert document_state(read_document(path)) == document_state(sample_document())


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (None, "missing.journey", "missing.journey: no such file"),
        (b"hello", "text.journey", "not a Journey Studio file"),
        (b"", "empty.journey", "the file is empty"),
        (b'{"format": "journey-studio", "version": 1,', "broken.json", "not valid JSON"),
        (b"{}", "other.json", "format: must be 'journey-studio'"),
        (
            b'{"format": "journey-studio", "version": 1, '
            b'"flows": [{"id": "f", "source": "a", "target": "b"}]}',
            "ids.json",
            "flows[0].source: unknown card 'a'",
        ),
        (b"a,b", "map.docx", "does not know the extension '.docx'"),
        (b"x", "noext", "a file name without an extension"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, name: str, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    for argv in (["info", str(path)], ["convert", str(path), "-o", str(tmp_path / "out.json")]):
        assert main(argv) == 2
        assert expected in one_error_line(capsys)
    assert not (tmp_path / "out.json").exists()


def test_unknown_output_extension(journey_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(journey_file), "-o", str(journey_file.with_suffix(".docx"))]) == 2
    assert "does not know the extension '.docx'" in one_error_line(capsys)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "a.json"]) == 2
    assert "required: -o/--output" in capsys.readouterr().err
    assert main(["info"]) == 2


def test_help_exits_0_and_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in SUBCOMMANDS)
    for name, sub in SUBCOMMANDS.items():  # each name apart from what it does
        assert re.search(rf"^  {name} +{re.escape(sub.help)}$", out, re.MULTILINE), name
    assert main(["info", "--help"]) == 0


@pytest.mark.parametrize(
    ("argv", "expected"), [([], None), (["some map.journey"], "some map.journey"), (["--", "info"], "info")]
)
def test_a_file_or_nothing_opens_the_editor(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], expected: str | None
) -> None:
    opened: list[str | None] = []

    def run_editor(path: str | None) -> int:
        opened.append(path)
        return 0

    monkeypatch.setitem(sys.modules, "journey_studio.app", types.SimpleNamespace(run_editor=run_editor))
    assert main(argv) == 0
    assert opened == [expected]


SUBPROCESS_CHECK = """
import sys
from journey_studio.cli import main
status = main(["info", sys.argv[1], "--json"])
assert "PySide6.QtWidgets" not in sys.modules, "a headless command imported QtWidgets"
sys.exit(status)
"""


def test_headless_command_in_a_fresh_process_never_imports_qt_widgets(journey_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SUBPROCESS_CHECK, str(journey_file)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cards"] == 3


def test_module_entry_point_reports_errors_without_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journey_studio.cli", "info", str(tmp_path / "nope.journey")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().endswith("nope.journey: no such file") and "Traceback" not in done.stderr


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("journey-studio ")


def test_error_lines_never_carry_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", str(tmp_path / "bad\x1b[31m\nname.docx")]) == 2
    line = one_error_line(capsys)
    assert "\x1b" not in line and "\\x1b[31m" in line
