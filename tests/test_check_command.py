"""``journey-studio check``: findings as text or JSON, persona and severity filters, exit codes."""

from __future__ import annotations

import json

from journey_studio.cli import main
from journey_studio.interchange.json_form import write_json
from journey_studio.model import Card, Document, Flow, Lane, Persona, Stage
from journey_studio.resources import sample_map_path


def broken_map(tmp_path):
    doc = Document(
        personas=[Persona("p1", "Ana"), Persona("p2", "Bo")],
        stages=[Stage("s1", "Aware"), Stage("s2", "Buy"), Stage("s3", "Use")],
        lanes=[Lane("l1", "Touchpoints", "touchpoints")],
        cards=[
            Card("a", "touchpoint", "s1", "l1", "Ad", channel="advertising", owner="marketing"),
            Card("b", "touchpoint", "s2", "l1", "Call", channel="sales call", owner="sales"),
            Card("c", "touchpoint", "s3", "l1", "Bill", personas=["p2"]),
        ],
        flows=[Flow("f1", "a", "b")],
    )
    path = tmp_path / "broken.json"
    write_json(doc, path)
    return path


def test_sample_has_no_error_or_warning(capsys) -> None:
    assert main(["check", str(sample_map_path())]) == 0
    out = capsys.readouterr().out
    assert "error" not in out and "warning" not in out


def test_findings_text_and_exit_one(tmp_path, capsys) -> None:
    path = broken_map(tmp_path)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "no_complete_path" in out and "missing_owner" in out


def test_json_persona_and_severity_filters(tmp_path, capsys) -> None:
    path = broken_map(tmp_path)
    assert main(["check", str(path), "--json", "--persona", "ana"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert findings and {f["persona"] for f in findings} <= {"Ana", ""}
    assert all(set(f) >= {"kind", "severity", "persona", "message", "items"} for f in findings)
    assert main(["check", str(path), "--json", "--severity", "error"]) == 1
    errors = json.loads(capsys.readouterr().out)
    assert errors and {f["severity"] for f in errors} == {"error"}


def test_bad_input_exits_two(tmp_path, capsys) -> None:
    assert main(["check", str(tmp_path / "missing.journey")]) == 2
    assert main(["check", str(broken_map(tmp_path)), "--persona", "Zed"]) == 2
    err = capsys.readouterr().err
    assert err.count("journey-studio: error:") == 2 and "Zed" in err


def test_info_json_has_persona_stats(capsys) -> None:
    assert main(["info", str(sample_map_path()), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    stats = {p["name"]: p for p in facts["persona_stats"]}
    assert set(stats) == {"Priya Nair", "Marcus Webb"}
    priya = stats["Priya Nair"]
    assert priya["tagged_cards"] > 0
    assert priya["average_emotion_by_stage"]["Purchase"] < priya["average_emotion_by_stage"]["Advocacy"]


def test_acknowledged_findings_are_left_out_and_survive_json(tmp_path, capsys) -> None:
    from journey_studio.analysis import check_document
    from journey_studio.interchange.json_form import read_json

    path = broken_map(tmp_path)
    doc = read_json(path)
    keys = {f.key: "intended" for f in check_document(doc) if f.severity in ("error", "warning")}
    doc.update_info({"acknowledged": keys})
    write_json(doc, path)
    assert read_json(path).info.acknowledged == keys
    assert main(["check", str(path), "--severity", "warning"]) == 0
    assert "No gaps found." in capsys.readouterr().out
