"""Bundled and user templates: what each promises, the gap check, round trips, rendering, ``new``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from journey_studio.analysis import check_document
from journey_studio.cli import main
from journey_studio.interchange import read_document
from journey_studio.model import Document
from journey_studio.store import open_document, save_document
from journey_studio.templates import (
    DATA_DIR_VARIABLE,
    TemplateError,
    builtin_templates,
    data_dir,
    find_template,
    list_templates,
    load_template,
    save_user_template,
    templates_dir,
    user_templates,
    user_templates_dir,
)
from tests.strategies import document_state, sample_document
from tests.test_architecture import imports_of

# name → (map type, stage names, (lane name, lane kind) pairs)
PROMISED: dict[str, tuple[str, list[str], list[tuple[str, str]]]] = {
    "current-state": (
        "current-state",
        ["Awareness", "Consideration", "Purchase", "Onboarding", "Retention", "Advocacy"],
        [
            ("Touchpoints", "touchpoints"),
            ("Customer actions", "actions"),
            ("Thoughts", "thoughts"),
            ("Emotion", "emotion"),
            ("Pain points", "pain_points"),
            ("Opportunities", "opportunities"),
            ("Metrics", "metrics"),
        ],
    ),
    "future-state": (
        "future-state",
        ["Reminder", "Review", "Renew", "Covered", "Claim"],
        [
            ("Touchpoints", "touchpoints"),
            ("Customer actions", "actions"),
            ("Target emotion", "emotion"),
            ("Changes from today", "opportunities"),
            ("Enablers", "backstage"),
            ("Success measures", "metrics"),
            ("Assumptions to test", "notes"),
        ],
    ),
    "day-in-the-life": (
        "day-in-the-life",
        [
            "Before work · 7–8",
            "Handover · 8–9",
            "Morning visits · 9–12",
            "Lunch and admin · 12–13",
            "Afternoon visits · 13–16",
            "Wrap-up · 16–17",
        ],
        [
            ("Tools and touchpoints", "touchpoints"),
            ("Activities", "actions"),
            ("Thoughts", "thoughts"),
            ("Energy and mood", "emotion"),
            ("Frustrations", "pain_points"),
            ("Ideas", "opportunities"),
        ],
    ),
    "service-blueprint": (
        "service-blueprint",
        ["Book", "Arrive", "Check in", "Stay", "Check out"],
        [
            ("Physical evidence", "notes"),
            ("Customer actions", "actions"),
            ("Frontstage", "touchpoints"),
            ("Line of visibility", "notes"),
            ("Backstage", "backstage"),
            ("Support processes", "backstage"),
        ],
    ),
    "b2b-buyer": (
        "current-state",
        ["Problem", "Research", "Evaluation", "Procurement", "Implementation", "Renewal and expansion"],
        [
            ("Touchpoints", "touchpoints"),
            ("Buyer actions", "actions"),
            ("Thoughts", "thoughts"),
            ("Emotion", "emotion"),
            ("Pain points", "pain_points"),
            ("Opportunities", "opportunities"),
            ("Vendor backstage", "backstage"),
            ("Metrics", "metrics"),
        ],
    ),
    "b2c-e-commerce": (
        "current-state",
        ["Discover", "Browse", "Buy", "Delivery", "Use and returns", "Loyalty"],
        [
            ("Touchpoints", "touchpoints"),
            ("Customer actions", "actions"),
            ("Thoughts", "thoughts"),
            ("Emotion", "emotion"),
            ("Pain points", "pain_points"),
            ("Opportunities", "opportunities"),
            ("Metrics", "metrics"),
        ],
    ),
}


@pytest.fixture(autouse=True)
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "app-data"
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(folder))
    return folder


def test_the_index_lists_every_promised_template() -> None:
    templates = builtin_templates()
    assert [t.name for t in templates] == list(PROMISED)
    index = json.loads((templates_dir() / "index.json").read_text(encoding="utf-8"))
    assert {entry["name"] for entry in index["templates"]} == set(PROMISED)
    for template in templates:
        assert template.builtin and template.title and template.description
        assert "\n" not in template.description and len(template.description) < 140
        assert template.path.is_file() and template.path.parent == templates_dir()
        assert template.thumbnail is not None and template.thumbnail.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("name", list(PROMISED))
def test_template_holds_what_it_promises(name: str) -> None:
    doc = load_template(name)
    map_type, stages, lanes = PROMISED[name]
    assert doc.info.map_type == map_type
    assert [s.name for s in doc.stages] == stages
    assert [(lane.name, lane.kind) for lane in doc.lanes] == lanes
    assert doc.personas and doc.flows and all(s.goal for s in doc.stages)
    kinds = {card.kind for card in doc.cards}
    assert "touchpoint" in kinds and len(kinds) >= 3
    for card in doc.cards:
        if card.kind == "touchpoint":
            assert card.channel and card.owner and card.description, card.title
            seen_by = card.personas or doc.personas.ids()
            assert set(card.emotion) == set(seen_by), card.title


@pytest.mark.parametrize("name", list(PROMISED))
def test_template_passes_the_gap_check(name: str) -> None:
    findings = check_document(load_template(name))
    assert [f.message for f in findings if f.severity != "info"] == []  # docs/templates.md says so


@pytest.mark.parametrize("name", list(PROMISED))
def test_template_saves_and_reopens_identically(name: str, tmp_path: Path) -> None:
    doc = load_template(name)
    path = tmp_path / f"{name}.journey"
    save_document(doc, path)
    assert document_state(open_document(path)) == document_state(doc)


@pytest.mark.parametrize("name", list(PROMISED))
def test_template_renders(name: str, tmp_path: Path, qapp: object) -> None:
    from journey_studio.ui.screenshot import save_screenshot
    from journey_studio.ui.template_dialog import render_thumbnail

    out = save_screenshot(str(find_template(name).path), tmp_path / "shot.png", 1200, 800, fit=True)
    assert out.stat().st_size > 10_000
    image = render_thumbnail(load_template(name))
    assert (image.width(), image.height()) == (320, 200)


def test_templates_module_has_no_qt() -> None:
    for module in ("templates.py", "new_command.py"):
        path = Path(__file__).resolve().parents[1] / "journey_studio" / module
        assert not [name for name in imports_of(path) if name.startswith("PySide6")], module


# ---- user templates ------------------------------------------------------------------------
def test_data_dir_follows_the_platform_and_the_override(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, user_data: Path
) -> None:
    assert data_dir() == user_data and user_templates_dir() == user_data / "templates"
    monkeypatch.delenv(DATA_DIR_VARIABLE)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "journey-studio"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "journey-studio"


def test_user_template_is_saved_listed_and_loaded(user_data: Path) -> None:
    doc = sample_document()
    path = save_user_template(doc, "  Clinic   visit ")
    assert path == user_data / "templates" / "Clinic visit.json"
    mine = [t for t in list_templates() if not t.builtin]
    assert [(t.name, t.title, t.description) for t in mine] == [
        ("Clinic visit", "Clinic visit", "From first ad")
    ]
    assert list_templates()[: len(PROMISED)] == builtin_templates()
    assert document_state(load_template("clinic VISIT")) == document_state(doc)
    changed = sample_document()
    changed.info.description = ""
    assert save_user_template(changed, "clinic visit") == path  # same template, replaced
    assert [t.description for t in user_templates()] == ["Saved from “Onboarding 🚀 — תהליך”"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "needs a name"),
        ("a/b", "cannot contain /"),
        ("..hidden", "leading dot"),
        ("Service-Blueprint", "bundled template"),
        ("x" * 81, "at most 80"),
    ],
)
def test_bad_user_template_names(name: str, expected: str) -> None:
    with pytest.raises(TemplateError, match=expected):
        save_user_template(Document(), name)
    assert user_templates() == []


def test_unreadable_user_files_are_left_out(user_data: Path) -> None:
    folder = user_data / "templates"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{", encoding="utf-8")
    (folder / "other.json").write_text('{"format": "something else"}', encoding="utf-8")
    assert user_templates() == []
    with pytest.raises(TemplateError, match="no template called 'broken'"):
        load_template("broken")


def test_a_damaged_user_template_fails_to_load_with_one_line(user_data: Path) -> None:
    path = save_user_template(sample_document(), "Mine")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cards"][0]["stage"] = "nowhere"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"'Mine' cannot be read: .*cards\[0\]\.stage"):
        load_template("Mine")


# ---- journey-studio new --------------------------------------------------------------------
def test_new_lists_templates(capsys: pytest.CaptureFixture[str]) -> None:
    save_user_template(sample_document(), "Mine")
    assert main(["new", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [*PROMISED, "Mine"]
    assert "(yours)" in lines[-1] and "Service blueprint:" in lines[3]


@pytest.mark.parametrize("ext", ["journey", "json", "md", "xlsx"])
def test_new_writes_a_map_from_a_template(tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"new.{ext}"
    assert main(["new", "-o", str(out), "--template", "b2c-e-commerce"]) == 0
    titles = sorted(c.title for c in read_document(out).cards if c.kind == "touchpoint")
    assert titles == sorted(c.title for c in load_template("b2c-e-commerce").cards if c.kind == "touchpoint")


def test_new_keeps_every_detail_in_a_journey_file(tmp_path: Path) -> None:
    out = tmp_path / "new.journey"
    assert main(["new", "-o", str(out), "--template", "service-blueprint"]) == 0
    assert document_state(open_document(out)) == document_state(load_template("service-blueprint"))


def test_new_refuses_to_replace_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "map.journey"
    out.write_text("mine", encoding="utf-8")
    assert main(["new", "-o", str(out), "--template", "future-state"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(["new", "-o", str(out), "--template", "future-state", "--force"]) == 0
    assert open_document(out).info.map_type == "future-state"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["--template", "nope", "-o", "x.journey"],
            "there is no template called 'nope' (templates: current-state",
        ),
        (["-o", "x.journey"], "give both -o FILE and --template NAME"),
        (["--template", "b2b-buyer"], "give both -o FILE and --template NAME"),
        (["--template", "b2b-buyer", "-o", "x.docx"], "does not know the extension '.docx'"),
    ],
)
def test_new_errors_are_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    expected: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", *argv]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and expected in err[0]
    assert list(tmp_path.iterdir()) == []


NEW_IN_FRESH_PROCESS = """
import sys
from journey_studio.cli import main
status = main(["new", "-o", sys.argv[1], "--template", "day-in-the-life"])
assert not [m for m in sys.modules if m.startswith("PySide6")], "new imported Qt"
sys.exit(status)
"""


def test_new_never_imports_qt(tmp_path: Path) -> None:
    out = tmp_path / "day.journey"
    done = subprocess.run(
        [sys.executable, "-c", NEW_IN_FRESH_PROCESS, str(out)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert open_document(out).info.map_type == "day-in-the-life"
