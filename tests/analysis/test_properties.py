"""Property tests on random maps: path findings match a plain reachability computation."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from journey_studio.analysis import SEVERITIES, build_graph, check_document
from journey_studio.analysis.index import MapIndex
from journey_studio.model import Card, Document, Flow, Lane, Persona, Stage

PERSONAS = ("ana", "ben")
PATH_KINDS = ("no_complete_path", "unreachable", "dead_end")


@st.composite
def maps(draw: st.DrawFn) -> Document:
    """A small map: a few stages, touchpoints (some tagged, some exits), a few other cards, random flows."""
    personas = PERSONAS[: draw(st.integers(0, 2))]
    stages = [Stage(f"s{i}", f"Stage {i}") for i in range(draw(st.integers(1, 4)))]
    cards = []
    for i in range(draw(st.integers(0, 9))):
        kind = draw(st.sampled_from(["touchpoint"] * 4 + ["pain_point", "note"]))
        tags = draw(st.lists(st.sampled_from(personas), unique=True, max_size=2)) if personas else []
        stage = draw(st.sampled_from(stages)).id
        cards.append(Card(f"c{i}", kind, stage, "lane", f"Card {i}", personas=tags, exit=draw(st.booleans())))
    flows = []
    if len(cards) >= 2:
        for i in range(draw(st.integers(0, 16))):
            ids = [c.id for c in cards]
            source, target = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
            persona = draw(st.sampled_from(("", *personas)))
            flows.append(Flow(f"f{i}", source, target, persona=persona))
    return Document(
        personas=[Persona(pid, pid.title()) for pid in personas],
        stages=stages,
        lanes=[Lane("lane", "Lane", "touchpoints")],
        cards=cards,
        flows=flows,
    )


@dataclass
class Expected:
    unreachable: set[str]
    dead_end: set[str]
    no_complete_path: bool


def brute_force(doc: Document, persona: str) -> Expected:
    """Path gaps of one persona, worked out by repeating until nothing changes."""
    stage_of = {s.id: i for i, s in enumerate(doc.stages)}
    seen = [c for c in doc.cards if c.kind == "touchpoint" and (not c.personas or persona in c.personas)]
    ids = {c.id for c in seen}
    edges = [
        (f.source, f.target)
        for f in doc.flows
        if f.persona in ("", persona) and f.source in ids and f.target in ids
    ]
    if not seen:
        return Expected(set(), set(), True)
    first = min(stage_of[c.stage] for c in seen)
    last = max(stage_of[c.stage] for c in seen)
    reached = {c.id for c in seen if stage_of[c.stage] == first}
    finishing = {c.id for c in seen if stage_of[c.stage] == last or c.exit}
    changed = True
    while changed:
        changed = False
        for source, target in edges:
            if source in reached and target not in reached:
                reached.add(target)
                changed = True
            if target in finishing and source not in finishing:
                finishing.add(source)
                changed = True
    ends = {c.id for c in seen if stage_of[c.stage] == last}
    return Expected(ids - reached, ids - finishing, not ends & reached)


@settings(max_examples=300, deadline=None)
@given(maps())
def test_path_findings_match_brute_force(doc: Document) -> None:
    found = check_document(doc)
    for persona in [p.id for p in doc.personas] or [""]:
        mine = [f for f in found if f.persona == persona]
        expected = brute_force(doc, persona)
        assert {f.items[0] for f in mine if f.kind == "unreachable"} == expected.unreachable
        assert {f.items[0] for f in mine if f.kind == "dead_end"} == expected.dead_end
        assert sum(f.kind == "no_complete_path" for f in mine) == int(expected.no_complete_path)
    assert not [
        f for f in found if f.kind in PATH_KINDS and f.persona not in {p.id for p in doc.personas} | {""}
    ]


@settings(max_examples=150, deadline=None)
@given(maps())
def test_any_way_of_computing_gives_the_same_findings(doc: Document) -> None:
    everything = check_document(doc)
    assert check_document(doc) == everything
    for persona in [p.id for p in doc.personas] or [""]:
        alone = check_document(doc, persona=persona)
        assert [f for f in alone if f.persona] == [
            f for f in everything if f.persona and f.persona == persona
        ]
        assert [f for f in alone if not f.persona] == [
            f
            for f in everything
            if not f.persona
            and (f.kind not in ("missing_owner", "missing_channel") or _sees(doc, persona, f.items[0]))
        ]
    for severity in SEVERITIES:
        assert check_document(doc, severities=[severity]) == [f for f in everything if f.severity == severity]
    keys = {f.key for f in everything[::2]}
    assert check_document(doc, acknowledged=keys) == everything[1::2]


def _sees(doc: Document, persona: str, card_id: str) -> bool:
    card = doc.cards[card_id]
    return not card.personas or persona in card.personas


@settings(max_examples=150, deadline=None)
@given(maps())
def test_shared_graphs_lend_each_persona_its_own_graph(doc: Document) -> None:
    index = MapIndex(doc)
    graphs = index.graphs
    shared = (set(graphs.graph.nodes), set(graphs.graph.edges))
    for persona in [p.id for p in doc.personas] or [""]:
        alone = build_graph(doc, persona)
        with graphs.graph_of(persona) as graph:
            assert set(graph.nodes) == set(alone.nodes)
            assert set(graph.edges) == set(alone.edges)
        assert (set(graphs.graph.nodes), set(graphs.graph.edges)) == shared
        assert {c.id for c in index.touchpoints_of(persona)} == set(alone.nodes)
