"""The marks findings leave on a map: a card keeps its worst severity, empty stages are listed."""

from __future__ import annotations

from journey_studio.analysis import Finding, map_marks
from journey_studio.model import Card, Document, Lane, Stage


def test_worst_severity_per_card_and_empty_stages() -> None:
    doc = Document(
        stages=[Stage("s1", "One"), Stage("s2", "Two")],
        lanes=[Lane("l1", "Touchpoints", "touchpoints")],
        cards=[Card("c1", "touchpoint", "s1", "l1", "A"), Card("c2", "touchpoint", "s1", "l1", "B")],
    )
    findings = [
        Finding("missing_owner", "warning", "", "no owner", ("c1",)),
        Finding("dead_end", "error", "", "dead end", ("c1", "gone-card")),
        Finding("backward_flow", "info", "", "loop", ("c2", "f1")),
        Finding("missing_channel", "warning", "", "no channel", ("c2",)),
        Finding("empty_stage", "warning", "p1", "empty", ("s2", "no-such-stage")),
    ]
    assert map_marks(doc, findings) == ({"c1": "error", "c2": "warning"}, {"s2"})
