"""Path searches shared between personas find what a search of each persona's whole graph finds."""

from __future__ import annotations

import gc

import networkx as nx
from hypothesis import given, settings

from journey_studio.analysis import build_graph, check_document
from journey_studio.analysis.index import MapIndex
from journey_studio.model import Card, Document, Flow, Lane, Persona, Stage
from tests.analysis.test_properties import maps


def whole_graph_reach(doc: Document, persona: str) -> tuple[set[str], set[str]] | None:
    """Reached and finishing touchpoints of ``persona``, searched in its own graph (None: no touchpoints)."""
    graph = build_graph(doc, persona)
    stage_of = {s.id: i for i, s in enumerate(doc.stages)}
    stages = {node: stage_of[doc.cards[node].stage] for node in graph}
    if not stages:
        return None
    first, last = min(stages.values()), max(stages.values())
    reached: set[str] = set()
    finishing: set[str] = set()
    for node, stage in stages.items():
        if stage == first:
            reached |= {node} | nx.descendants(graph, node)
        if stage == last or doc.cards[node].exit:
            finishing |= {node} | nx.ancestors(graph, node)
    return reached, finishing


def shared_search_reach(doc: Document, persona: str) -> tuple[set[str], set[str]] | None:
    index = MapIndex(doc)
    seen = index.touchpoints_of(persona)
    if not seen:
        return None
    stages = {c.id: index.stage_index[c.stage] for c in seen}
    first, last = min(stages.values()), max(stages.values())
    sources = {c.id for c in seen if stages[c.id] == first}
    targets = {c.id for c in seen if stages[c.id] == last or c.exit}
    reached, finishing = index.paths.search(persona, first, last, sources, targets)
    return set(reached), set(finishing)


@settings(max_examples=300, deadline=None)
@given(maps())
def test_shared_searches_match_whole_graph_searches(doc: Document) -> None:
    for persona in [p.id for p in doc.personas] or [""]:
        assert shared_search_reach(doc, persona) == whole_graph_reach(doc, persona)


def tp(card_id: str, stage: int, *personas: str, exit: bool = False) -> Card:
    return Card(card_id, "touchpoint", f"s{stage}", "tp", card_id, personas=list(personas), exit=exit)


def chain_map(first_own_stage: int) -> Document:
    """Shared a → b → c in stages 1 to 3, and a shared d (stage 2) that nothing reaches.

    Ana's own touchpoints: x in ``first_own_stage`` leading to b, y after c, z after d.
    """
    cards = [tp("a", 1), tp("b", 2), tp("c", 3), tp("d", 2), tp("x", first_own_stage, "ana")]
    cards += [tp("y", 3, "ana"), tp("z", 3, "ana")]
    flows = [Flow("f1", "a", "b"), Flow("f2", "b", "c"), Flow("f3", "x", "b"), Flow("f4", "c", "y")]
    flows += [Flow("f5", "d", "z", persona="ana")]
    return Document(
        personas=[Persona("ana", "Ana")],
        stages=[Stage(f"s{i}", f"Stage {i}") for i in range(4)],
        lanes=[Lane("tp", "Touchpoints", "touchpoints")],
        cards=cards,
        flows=flows,
    )


def test_a_persona_within_the_shared_stages_extends_the_shared_search() -> None:
    doc = chain_map(first_own_stage=2)
    assert shared_search_reach(doc, "ana") == whole_graph_reach(doc, "ana")
    reached, finishing = shared_search_reach(doc, "ana") or (set(), set())
    assert reached == {"a", "b", "c", "y"}
    assert finishing == {"a", "b", "c", "d", "x", "y", "z"}


def test_a_persona_starting_before_the_shared_stages_is_searched_whole_from_its_start() -> None:
    doc = chain_map(first_own_stage=0)  # the journey still ends where the shared one does
    assert shared_search_reach(doc, "ana") == whole_graph_reach(doc, "ana")
    reached, finishing = shared_search_reach(doc, "ana") or (set(), set())
    assert reached == {"x", "b", "c", "y"}
    assert finishing == {"a", "b", "c", "d", "x", "y", "z"}


def test_the_check_leaves_no_reference_cycles() -> None:
    """The check pauses the cycle collector, which is only harmless when it makes no cycles."""
    docs = [chain_map(0), chain_map(2)]  # Ana's journey searched whole, then from the shared search
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for doc in docs:
            assert check_document(doc)
            assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
