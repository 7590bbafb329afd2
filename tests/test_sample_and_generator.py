"""The bundled sample map is complete and coherent; the benchmark generator makes valid big maps."""

from __future__ import annotations

import base64
import importlib.util
import json
from dataclasses import asdict
from pathlib import Path
from types import ModuleType
from typing import Any

import networkx as nx
import pytest

from journey_studio.model import CHANNELS, Card, Document, Entity, Flow, Lane, MapInfo, Persona, Stage
from journey_studio.model.validate import validate_entity, validate_info

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "b2b-software-buyer.json"
SAMPLE_CHANNELS = [c for c in CHANNELS if c != "website"]  # the twelve the sample must show


# ---- a small local reader (the official JSON reader lives in journey_studio.interchange) -----
def load_sample(data: dict[str, Any]) -> Document:
    """Build a Document from the sample's JSON values, checking every entity on the way."""
    assert data["format"] == "journey-studio"
    assert data["version"] == 1
    info = MapInfo(**{key: data[key] for key in MapInfo.__dataclass_fields__ if key in data})
    personas = [Persona(**{**p, "avatar": base64.b64decode(p.get("avatar", ""))}) for p in data["personas"]]
    stages = [Stage(**s) for s in data["stages"]]
    lanes = [Lane(**lane) for lane in data["lanes"]]
    cards = [Card(**c) for c in data["cards"]]
    flows = [Flow(**f) for f in data["flows"]]
    assert validate_info(info) == []
    entities: list[Entity] = [*personas, *stages, *lanes, *cards, *flows]
    for item in entities:
        assert validate_entity(item) == [], item.id
    return Document(info=info, personas=personas, stages=stages, lanes=lanes, cards=cards, flows=flows)


@pytest.fixture(scope="module")
def sample() -> Document:
    return load_sample(json.loads(SAMPLE.read_text(encoding="utf-8")))


def visible(card: Card, persona: str) -> bool:
    return not card.personas or persona in card.personas


def touchpoints(doc: Document) -> list[Card]:
    return [c for c in doc.cards if c.kind == "touchpoint"]


def persona_graph(doc: Document, persona: str) -> nx.DiGraph:
    """Touchpoints one persona sees, joined by the flows that persona follows."""
    graph = nx.DiGraph()
    graph.add_nodes_from(c.id for c in touchpoints(doc) if visible(c, persona))
    for flow in doc.flows:
        if flow.persona in ("", persona) and flow.source in graph and flow.target in graph:
            graph.add_edge(flow.source, flow.target)
    return graph


# ---- the sample map ---------------------------------------------------------------------------
def test_sample_shape(sample: Document) -> None:
    assert [s.name for s in sample.stages] == [
        "Awareness",
        "Consideration",
        "Purchase",
        "Onboarding",
        "Retention",
        "Advocacy",
    ]
    assert all(s.goal for s in sample.stages)
    assert len(sample.lanes) >= 7
    kinds = {lane.kind for lane in sample.lanes}
    expected = {"touchpoints", "actions", "thoughts", "emotion", "pain_points", "opportunities"}
    assert kinds >= expected | {"backstage", "metrics"}
    emotion_lanes = {lane.id for lane in sample.lanes if lane.kind == "emotion"}
    assert not [c.id for c in sample.cards if c.lane in emotion_lanes]
    assert len(sample.personas) == 2
    assert len({p.colour.lower() for p in sample.personas}) == 2
    for persona in sample.personas:
        assert persona.goals and persona.needs and persona.pain_points and persona.quote
    assert 30 <= len(sample.cards) <= 45
    assert 3 <= len(sample.info.objectives) <= 5
    assert sample.info.next_review


def test_sample_cards_read_well(sample: Document) -> None:
    lane_kind = {lane.id: lane.kind for lane in sample.lanes}
    for card in sample.cards:
        assert card.title and len(card.title) <= 40, card.id
        assert card.description, card.id
        if card.kind == "touchpoint":
            assert lane_kind[card.lane] == "touchpoints", card.id
    metrics = {name for c in sample.cards for name in c.metrics}
    assert {"NPS", "CSAT"} <= metrics
    assert any("%" in name for name in metrics)


def test_sample_covers_the_channels(sample: Document) -> None:
    used = {c.channel for c in sample.cards if c.channel}
    assert set(SAMPLE_CHANNELS) <= used
    owners = {c.owner for c in sample.cards if c.owner}
    assert {"marketing", "sales", "service", "product", "IT", "finance"} <= owners


def test_every_pain_point_stage_has_an_opportunity(sample: Document) -> None:
    pains = {c.stage for c in sample.cards if c.kind == "pain_point"}
    chances = {c.stage for c in sample.cards if c.kind == "opportunity"}
    assert len(pains) >= 4
    assert pains <= chances


def test_touchpoints_have_channel_owner_and_emotion(sample: Document) -> None:
    persona_ids = sample.personas.ids()
    for card in touchpoints(sample):
        assert card.channel and card.owner, card.id
        seen_by = [p for p in persona_ids if visible(card, p)]
        assert seen_by, card.id
        assert sorted(card.emotion) == sorted(seen_by), card.id


def test_flows_join_touchpoints_only(sample: Document) -> None:
    for flow in sample.flows:
        assert sample.cards[flow.source].kind == "touchpoint", flow.id
        assert sample.cards[flow.target].kind == "touchpoint", flow.id


def test_one_deliberate_exit(sample: Document) -> None:
    exits = [c for c in sample.cards if c.exit]
    assert len(exits) == 1
    exit_id = exits[0].id
    assert any(f.target == exit_id for f in sample.flows)
    assert not any(f.source == exit_id for f in sample.flows)


@pytest.mark.parametrize("persona", ["persona-it-ops", "persona-cfo"])
def test_whole_path_for_each_persona(sample: Document, persona: str) -> None:
    stage_index = {stage_id: i for i, stage_id in enumerate(sample.stages.ids())}
    graph = persona_graph(sample, persona)
    stage_of = {card_id: stage_index[sample.cards[card_id].stage] for card_id in graph}
    first, last = 0, len(stage_index) - 1
    starts = {n for n in graph if stage_of[n] == first}
    ends = {n for n in graph if stage_of[n] == last}
    assert starts and ends

    reached = set(starts)
    for start in starts:
        reached |= nx.descendants(graph, start)
    assert reached == set(graph), f"unreachable: {set(graph) - reached}"

    finishing = set(ends)
    for end in ends:
        finishing |= nx.ancestors(graph, end)
    stuck = {n for n in graph if n not in finishing and not sample.cards[n].exit}
    assert not stuck, f"cannot reach the last stage: {stuck}"

    occupied = set(stage_of.values())
    for source, target in graph.edges:
        a, b = stage_of[source], stage_of[target]
        assert a <= b, f"{source} -> {target} runs backwards"
        skipped = occupied & set(range(a + 1, b))
        assert not skipped, f"{source} -> {target} skips stages {skipped}"


@pytest.mark.parametrize("persona", ["persona-it-ops", "persona-cfo"])
def test_emotion_dips_then_recovers(sample: Document, persona: str) -> None:
    by_stage: dict[str, list[float]] = {}
    for card in touchpoints(sample):
        if persona in card.emotion and not card.exit:
            by_stage.setdefault(card.stage, []).append(card.emotion[persona])
    mean = {stage: sum(scores) / len(scores) for stage, scores in by_stage.items()}
    low = min(mean.get("stage-purchase", 5), mean.get("stage-onboarding", 5))
    assert low < mean["stage-awareness"]
    assert mean["stage-advocacy"] > low + 1
    assert mean["stage-advocacy"] >= mean["stage-awareness"]


# ---- the benchmark generator ------------------------------------------------------------------
def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    return load_generator()


def snapshot(doc: Document) -> dict[str, Any]:
    return {
        "info": asdict(doc.info),
        **{name: [asdict(item) for item in doc.collection(name)] for name in ("personas", "stages", "lanes")},
        "cards": [asdict(c) for c in doc.cards],
        "flows": [asdict(f) for f in doc.flows],
    }


def test_large_document_size_and_validity(generate: ModuleType) -> None:
    doc = generate.make_large_document(2000)
    assert len(doc.cards) == 2000
    assert 3800 <= len(doc.flows) <= 4200
    assert len(doc.stages) == 12
    assert len(doc.lanes) == 10
    assert len(doc.personas) == 2
    for item in [*doc.personas, *doc.stages, *doc.lanes]:
        assert validate_entity(item) == [], item.id
    # Rebuilding through the constructor re-checks every reference.
    Document(
        info=doc.info,
        personas=list(doc.personas),
        stages=list(doc.stages),
        lanes=list(doc.lanes),
        cards=list(doc.cards),
        flows=list(doc.flows),
    )


def test_large_document_is_realistic(generate: ModuleType) -> None:
    doc = generate.make_large_document(2000)
    stage_index = {stage_id: i for i, stage_id in enumerate(doc.stages.ids())}
    lane_kind = {lane.id: lane.kind for lane in doc.lanes}
    assert {lane.kind for lane in doc.lanes} >= {"touchpoints", "emotion", "pain_points", "metrics"}
    assert not [c for c in doc.cards if lane_kind[c.lane] == "emotion"]
    assert {stage_index[c.stage] for c in doc.cards} == set(range(12))
    for card in doc.cards:
        assert card.title and len(card.title) <= 40
        if card.kind == "touchpoint":
            assert card.channel and card.owner and card.emotion
    forward = 0
    pairs = set()
    for flow in doc.flows:
        source, target = doc.cards[flow.source], doc.cards[flow.target]
        assert source.kind == target.kind == "touchpoint"
        assert not source.exit
        step = stage_index[target.stage] - stage_index[source.stage]
        assert 0 <= step <= 2
        forward += step <= 1
        pairs.add((flow.source, flow.target))
        if flow.persona:
            assert visible(source, flow.persona) and visible(target, flow.persona)
    assert forward >= 0.9 * len(doc.flows)
    assert len(pairs) == len(doc.flows)


def test_large_document_is_deterministic(generate: ModuleType) -> None:
    one = snapshot(generate.make_large_document(300, seed=7))
    assert one == snapshot(generate.make_large_document(300, seed=7))
    assert one != snapshot(generate.make_large_document(300, seed=8))


@pytest.mark.parametrize(("stages", "lanes", "personas"), [(1, 1, 1), (3, 4, 1), (20, 14, 7)])
def test_large_document_odd_sizes(generate: ModuleType, stages: int, lanes: int, personas: int) -> None:
    doc = generate.make_large_document(150, stages=stages, lanes=lanes, personas=personas, seed=3)
    assert len(doc.cards) == 150
    assert len(doc.stages) == stages and len(doc.lanes) == lanes and len(doc.personas) == personas
    assert generate.make_large_document(0).cards.ids() == []
