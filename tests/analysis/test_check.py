"""The path-gap check on small crafted maps: each finding kind, its absence, filters and order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

from journey_studio.analysis import (
    KINDS,
    SEVERITIES,
    Finding,
    build_graph,
    check_document,
    findings_to_json,
    format_findings,
)
from journey_studio.model import Card, Document, Flow, Lane, Persona, Stage

STAGES = ("Aware", "Consider", "Buy")


def tp(card_id: str, stage: int, **fields: Any) -> Card:
    """A touchpoint titled after its id, with an owner and a channel unless told otherwise."""
    values: dict[str, Any] = {"title": card_id.upper(), "owner": "sales", "channel": "website"}
    values.update(fields)
    return Card(card_id, "touchpoint", f"s{stage}", "tp", **values)


def note(card_id: str, kind: str, stage: int, **fields: Any) -> Card:
    return Card(card_id, kind, f"s{stage}", "notes", title=card_id.upper(), **fields)


def flow(source: str, target: str, **fields: Any) -> Flow:
    return Flow(f"{source}-{target}", source, target, **fields)


def journey(
    cards: list[Card],
    flows: Sequence[Flow] = (),
    personas: tuple[str, ...] = (),
    stages: tuple[str, ...] = STAGES,
) -> Document:
    """A map with the given stages (ids s0, s1, …), a touchpoint lane and a notes lane."""
    return Document(
        personas=[Persona(name.lower(), name) for name in personas],
        stages=[Stage(f"s{i}", name) for i, name in enumerate(stages)],
        lanes=[Lane("tp", "Touchpoints", "touchpoints"), Lane("notes", "Notes", "notes")],
        cards=cards,
        flows=list(flows),
    )


def whole() -> list[Card]:
    return [tp("a", 0), tp("b", 1), tp("c", 2)]


def whole_flows() -> list[Flow]:
    return [flow("a", "b"), flow("b", "c")]


def kinds(findings: list[Finding]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.kind, f.persona, f.items) for f in findings]


# ---- a whole journey has nothing to report ------------------------------------------------------


@pytest.mark.parametrize("personas", [(), ("Ana",), ("Ana", "Ben")])
def test_whole_journey_reports_nothing(personas: tuple[str, ...]) -> None:
    doc = journey(
        [*whole(), note("pain", "pain_point", 1), note("idea", "opportunity", 1)],
        whole_flows(),
        personas,
    )
    assert check_document(doc) == []


def test_whole_journey_with_branches_loops_and_exits_reports_nothing() -> None:
    cards = [*whole(), tp("b2", 1), tp("x", 1, exit=True), tp("c2", 2)]
    flows = [*whole_flows(), flow("a", "b2"), flow("b2", "c"), flow("b2", "x"), flow("b", "c2")]
    doc = journey(cards, flows)
    assert check_document(doc) == []


# ---- each kind on a crafted map -----------------------------------------------------------------


def test_no_complete_path() -> None:
    doc = journey(whole(), [flow("a", "b")], ("Ana",))
    found = check_document(doc)
    assert kinds(found) == [
        ("no_complete_path", "ana", ("s0", "s2")),
        ("unreachable", "ana", ("c",)),
        ("dead_end", "ana", ("a",)),
        ("dead_end", "ana", ("b",)),
    ]
    assert found[0].message == "Ana: no path leads from the Aware stage to the Buy stage"
    assert found[0].severity == "error"


def test_unreachable() -> None:
    doc = journey([*whole(), tp("d", 1, title="Pricing page")], [*whole_flows(), flow("d", "c")], ("Ana",))
    found = check_document(doc)
    assert kinds(found) == [("unreachable", "ana", ("d",))]
    assert found[0].message == "Ana: no touchpoint reaches “Pricing page” from the Aware stage"


def test_dead_end() -> None:
    doc = journey([*whole(), tp("d", 1)], [*whole_flows(), flow("a", "d")])
    found = check_document(doc)
    assert kinds(found) == [("dead_end", "", ("d",))]
    assert found[0].message.startswith("“D” is a dead end: no path from it reaches the Buy stage")


def test_exits_and_what_leads_to_them_are_no_dead_ends() -> None:
    cards = [*whole(), tp("d", 1), tp("x", 1, exit=True)]
    doc = journey(cards, [*whole_flows(), flow("a", "d"), flow("d", "x")])
    assert check_document(doc) == []


def test_first_stage_is_reached_and_last_stage_finishes_trivially() -> None:
    doc = journey(
        [tp("a", 0), tp("a2", 0), tp("c", 2), tp("c2", 2), tp("b", 1)], [flow("a", "b"), flow("b", "c")]
    )
    # a2 is reached (it starts the journey) but leads nowhere; c2 finishes it but is never reached.
    assert kinds(check_document(doc)) == [("unreachable", "", ("c2",)), ("dead_end", "", ("a2",))]


def test_empty_stage() -> None:
    doc = journey(
        [tp("a", 0), tp("b", 1), tp("d", 3)],
        [flow("a", "b"), flow("b", "d")],
        ("Ana",),
        stages=("Aware", "Consider", "Buy", "Use"),
    )
    found = check_document(doc)
    assert kinds(found) == [("empty_stage", "ana", ("s2",))]  # an empty stage is not "skipped"
    assert found[0].message == "Ana: no touchpoint in the Buy stage"
    assert found[0].severity == "warning"


def test_skipped_stage() -> None:
    doc = journey(whole(), [*whole_flows(), flow("a", "c")])
    found = check_document(doc)
    assert kinds(found) == [("skipped_stage", "", ("a-c", "a", "c"))]
    assert found[0].message == "The flow from “A” to “C” skips the Consider stage"


def test_skipped_stages_are_named_together() -> None:
    cards = [tp("a", 0), tp("b", 1), tp("c", 2), tp("d", 3)]
    doc = journey(
        cards, [flow("a", "b"), flow("b", "c"), flow("c", "d"), flow("a", "d")], stages=("W", "X", "Y", "Z")
    )
    (found,) = check_document(doc)
    assert found.message == "The flow from “A” to “D” skips the X and Y stages"


def test_missing_owner_and_channel_are_reported_once_per_card() -> None:
    cards = [tp("a", 0), tp("b", 1, owner=" "), tp("c", 2, channel="")]
    doc = journey(cards, whole_flows(), ("Ana", "Ben"))
    found = check_document(doc)
    assert kinds(found) == [("missing_owner", "", ("b",)), ("missing_channel", "", ("c",))]
    assert found[0].message == "“B” in the Consider stage has no owner team"
    assert found[1].message == "“C” in the Buy stage has no channel"


def test_unaddressed_pain() -> None:
    cards = [
        *whole(),
        note("slow", "pain_point", 1, personas=["ana"]),
        note("idea", "opportunity", 1, personas=["ben"]),
    ]
    doc = journey(cards, whole_flows(), ("Ana", "Ben"))
    found = check_document(doc)
    assert kinds(found) == [("unaddressed_pain", "ana", ("s1", "slow"))]
    assert (
        found[0].message
        == "Ana: the Consider stage has a pain point (“SLOW”) but no opportunity to address it"
    )


def test_pain_addressed_in_another_stage_still_counts() -> None:
    cards = [
        *whole(),
        note("p1", "pain_point", 1),
        note("p2", "pain_point", 1),
        note("idea", "opportunity", 2),
    ]
    found = check_document(journey(cards, whole_flows()))
    assert kinds(found) == [("unaddressed_pain", "", ("s1", "p1", "p2"))]
    assert "pain points (“P1” and “P2”)" in found[0].message


def test_backward_flow() -> None:
    doc = journey(whole(), [*whole_flows(), flow("c", "a")], ("Ana",))
    found = check_document(doc)
    assert kinds(found) == [("backward_flow", "ana", ("c-a", "c", "a"))]
    assert found[0].message == "Ana: the flow from “C” to “A” loops back to the Aware stage"
    assert found[0].severity == "info"


@pytest.mark.parametrize(
    ("before", "after", "cliff"),
    [(5.0, 3.0, True), (4.5, 1.0, True), (4.0, 2.5, False), (2.0, 5.0, False), (5.0, None, False)],
)
def test_emotion_cliff(before: float, after: float | None, cliff: bool) -> None:
    cards = [tp("a", 0, emotion={"ana": before}), tp("b", 1), tp("c", 2)]
    if after is not None:
        cards[1].emotion = {"ana": after}
    doc = journey(cards, whole_flows(), ("Ana",))
    found = check_document(doc)
    assert kinds(found) == ([("emotion_cliff", "ana", ("a-b", "a", "b"))] if cliff else [])
    if cliff:
        assert found[0].message == f"Ana: emotion drops from {before:g} to {after:g} between “A” and “B”"


def test_emotion_of_another_persona_does_not_count() -> None:
    cards = [tp("a", 0, emotion={"ben": 5}), tp("b", 1, emotion={"ana": 1}), tp("c", 2)]
    assert check_document(journey(cards, whole_flows(), ("Ana", "Ben"))) == []


# ---- what a persona sees ------------------------------------------------------------------------


def test_persona_sees_untagged_and_own_cards_and_flows() -> None:
    cards = [tp("a", 0), tp("b", 1, personas=["ben"]), tp("b2", 1, personas=["ana"]), tp("c", 2)]
    flows = [flow("a", "b"), flow("b", "c"), flow("a", "b2", persona="ben"), flow("b2", "c")]
    found = check_document(journey(cards, flows, ("Ana", "Ben")))
    # Ana does not see b, and the flow a → b2 is Ben's: b2 is unreachable for her, a a dead end.
    assert kinds(found) == [
        ("no_complete_path", "ana", ("s0", "s2")),
        ("unreachable", "ana", ("b2",)),
        ("unreachable", "ana", ("c",)),
        ("dead_end", "ana", ("a",)),
    ]


def test_flow_with_an_end_the_persona_does_not_see_is_ignored() -> None:
    cards = [*whole(), tp("z", 2, personas=["ben"])]
    flows = [*whole_flows(), flow("b", "z"), flow("z", "a")]  # flows only Ben can see
    found = check_document(journey(cards, flows, ("Ana", "Ben")))
    assert kinds(found) == [("backward_flow", "ben", ("z-a", "z", "a"))]


def test_flows_between_other_cards_are_ignored() -> None:
    cards = [*whole(), note("n", "note", 0), note("o", "opportunity", 2)]
    flows = [*whole_flows(), flow("n", "o"), flow("o", "n")]
    assert check_document(journey(cards, flows)) == []


def test_persona_without_touchpoints_gets_one_error() -> None:
    cards = [tp("a", 0, personas=["ben"]), tp("b", 1, personas=["ben"]), tp("c", 2, personas=["ben"])]
    found = check_document(journey(cards, whole_flows(), ("Ana", "Ben")))
    assert kinds(found) == [("no_complete_path", "ana", ())]
    assert found[0].message == "Ana: no touchpoints yet, so no journey runs from start to finish"


def test_empty_map_gets_one_error_for_the_implicit_persona() -> None:
    (found,) = check_document(Document())
    assert (found.kind, found.persona, found.items) == ("no_complete_path", "", ())
    assert found.message == "No touchpoints yet, so no journey runs from start to finish"


def test_touchpoints_in_a_single_stage_make_a_complete_journey() -> None:
    doc = journey([tp("a", 1), tp("b", 1)], [], ("Ana",))
    assert kinds(check_document(doc)) == [("empty_stage", "ana", ("s0",)), ("empty_stage", "ana", ("s2",))]


def test_implicit_persona_messages_have_no_prefix() -> None:
    found = check_document(journey(whole(), [flow("a", "b")]))
    assert {f.persona for f in found} == {""}
    assert all(f.message[0].isupper() or f.message[0] == "“" for f in found)
    assert all(f.persona_name == "" for f in found)


def test_unnamed_persona_and_untitled_card_are_still_named() -> None:
    doc = Document(
        personas=[Persona("p", "  ")],
        stages=[Stage("s0", "Aware"), Stage("s1", "")],
        lanes=[Lane("tp", "Touchpoints", "touchpoints")],
        cards=[tp("a", 0), tp("b", 1, title="")],
    )
    messages = [f.message for f in check_document(doc)]
    assert "Unnamed persona: no path leads from the Aware stage to the unnamed stage" in messages
    assert "Unnamed persona: no touchpoint reaches an untitled card from the Aware stage" in messages


# ---- filters ------------------------------------------------------------------------------------


def busy() -> Document:
    cards = [
        tp("a", 0, emotion={"ana": 5}),
        tp("b", 1, owner="", emotion={"ana": 1}),
        tp("b2", 1, personas=["ben"], channel=""),
        tp("c", 2),
        tp("d", 1, personas=["ana"]),
        note("pain", "pain_point", 2),
    ]
    flows = [flow("a", "b"), flow("b", "c"), flow("c", "a"), flow("a", "c", persona="ben"), flow("a", "b2")]
    return journey(cards, flows, ("Ana", "Ben"))


def test_busy_map_in_order() -> None:
    assert [(f.severity, f.persona, f.kind, f.items) for f in check_document(busy())] == [
        ("error", "ana", "unreachable", ("d",)),
        ("error", "ana", "dead_end", ("d",)),
        ("error", "ben", "dead_end", ("b2",)),
        ("warning", "", "missing_owner", ("b",)),
        ("warning", "", "missing_channel", ("b2",)),
        ("warning", "ana", "unaddressed_pain", ("s2", "pain")),
        ("warning", "ben", "skipped_stage", ("a-c", "a", "c")),
        ("warning", "ben", "unaddressed_pain", ("s2", "pain")),
        ("info", "ana", "backward_flow", ("c-a", "c", "a")),
        ("info", "ana", "emotion_cliff", ("a-b", "a", "b")),
        ("info", "ben", "backward_flow", ("c-a", "c", "a")),
    ]


def test_persona_filter() -> None:
    doc = busy()
    everything = check_document(doc)
    for persona, hidden_card in (("ana", "b2"), ("ben", "d")):
        found = check_document(doc, persona=persona)
        assert found == [
            f for f in everything if f.persona == persona or (not f.persona and hidden_card not in f.items)
        ]
    assert {f.persona for f in check_document(doc, persona="ana")} == {"", "ana"}


def test_persona_filter_on_a_map_without_personas() -> None:
    doc = journey(whole(), [flow("a", "b")])
    assert check_document(doc, persona="") == check_document(doc)
    with pytest.raises(ValueError, match="unknown persona"):
        check_document(doc, persona="ana")


def test_unknown_persona_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown persona 'zoe'"):
        check_document(busy(), persona="zoe")
    with pytest.raises(ValueError, match="unknown persona"):
        check_document(busy(), persona="")


def test_severity_filter() -> None:
    everything = check_document(busy())
    for wanted in ({"error"}, {"warning", "info"}, set(SEVERITIES), set()):
        assert check_document(busy(), severities=wanted) == [f for f in everything if f.severity in wanted]
    with pytest.raises(ValueError, match="unknown severity 'fatal'"):
        check_document(busy(), severities=["error", "fatal"])


def test_acknowledged_findings_are_left_out() -> None:
    everything = check_document(busy())
    keys = [everything[1].key, everything[4].key, "dead_end|ana|gone"]
    assert check_document(busy(), acknowledged=keys) == [
        f for i, f in enumerate(everything) if i not in (1, 4)
    ]


def test_filters_combine() -> None:
    doc = busy()
    key = check_document(doc)[0].key
    found = check_document(doc, persona="ana", severities=("error",), acknowledged={key})
    assert kinds(found) == [("dead_end", "ana", ("d",))]


# ---- the finding record and reports -------------------------------------------------------------


def test_kinds_and_severities() -> None:
    assert SEVERITIES == ("error", "warning", "info")
    assert set(KINDS.values()) == set(SEVERITIES)
    assert list(KINDS) == [
        "no_complete_path",
        "unreachable",
        "dead_end",
        "empty_stage",
        "skipped_stage",
        "missing_owner",
        "missing_channel",
        "unaddressed_pain",
        "backward_flow",
        "emotion_cliff",
    ]


def test_finding_key_and_immutability() -> None:
    finding = Finding("skipped_stage", "warning", "ana", "Ana: …", ("f1", "a", "c"), "Ana")
    assert finding.key == "skipped_stage|ana|f1,a,c"
    assert Finding("no_complete_path", "error", "", "No touchpoints yet").key == "no_complete_path||"
    with pytest.raises(AttributeError):
        finding.kind = "dead_end"  # type: ignore[misc]


def test_findings_to_json() -> None:
    found = check_document(busy())
    data = findings_to_json(found)
    assert json.loads(json.dumps(data)) == data
    assert data[0] == {
        "kind": "unreachable",
        "severity": "error",
        "persona": "Ana",
        "persona_id": "ana",
        "message": "Ana: no touchpoint reaches “D” from the Aware stage",
        "items": ["d"],
        "key": "unreachable|ana|d",
    }
    assert data[3]["persona"] == "" and data[3]["persona_id"] == ""


def test_format_findings() -> None:
    found = check_document(busy())
    lines = format_findings(found).splitlines()
    assert len(lines) == len(found)
    assert lines[0] == "error    unreachable       Ana: no touchpoint reaches “D” from the Aware stage"
    assert lines[-1].startswith("info     backward_flow     Ben: ")
    assert format_findings([]) == ""


def test_build_graph() -> None:
    doc = busy()
    ana, ben = build_graph(doc, "ana"), build_graph(doc, "ben")
    assert set(ana.nodes) == {"a", "b", "c", "d"}
    assert set(ana.edges) == {("a", "b"), ("b", "c"), ("c", "a")}
    assert set(ben.nodes) == {"a", "b", "b2", "c"}
    assert set(ben.edges) == {("a", "b"), ("b", "c"), ("c", "a"), ("a", "c"), ("a", "b2")}
