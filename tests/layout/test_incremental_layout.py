"""The incremental flow router and emotion tracker always agree with computing from scratch."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from journey_studio.edit import (
    History,
    Update,
    add_card,
    add_lane,
    add_stage,
    connect_cards,
    delete_items,
    move_cards,
    reorder,
    reverse_flow,
)
from journey_studio.layout import compute_layout
from journey_studio.layout.emotion import EmotionTracker, compute_emotion_curves
from journey_studio.layout.flows import FlowRouter, compute_flow_routes, gutter_offset
from journey_studio.model import Change, Document

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import fullest_cell, make_large_document


def grow_lane(doc: Document, history: History, rng: random.Random) -> None:
    """An edit that makes a lane taller, so that every lane below it moves down: a card typed
    into the lane's fullest cell (quick capture) or a card dropped there, from another lane or
    from a cell of the same lane (a drop can make its old lane shorter at the same time), or the
    lane resized."""
    lane = rng.choice(doc.lanes.ids())
    cell = fullest_cell(doc, lane)
    movable = [c.id for c in doc.cards if (c.stage, c.lane) != cell]
    roll = rng.random()
    if roll < 0.15:
        history.push(Update("lanes", lane, {"height": rng.choice([60.0, 260.0, 333.5, 480.0])}))
    elif movable and roll < 0.55:
        history.push(move_cards(doc, [rng.choice(movable)], *cell, rng.randint(0, 3)))
    else:
        history.push(add_card(doc, *cell, None, "Captured")[0])


def random_edit(doc: Document, history: History, rng: random.Random) -> None:
    """One edit of the kinds users make: moves, new and deleted cards and flows, stage and lane
    changes, relabelled and reversed flows, lanes made taller, undo."""
    cards, flows = doc.cards.ids(), doc.flows.ids()
    stages, lanes = doc.stages.ids(), doc.lanes.ids()
    kind = rng.randrange(13)
    if kind == 0 and cards:
        moving = rng.sample(cards, min(len(cards), rng.randint(1, 3)))
        history.push(move_cards(doc, moving, rng.choice(stages), rng.choice(lanes)))
    elif kind == 1:
        command, _card = add_card(doc, rng.choice(stages), rng.choice(lanes), "touchpoint", "New")
        history.push(command)
    elif kind == 2 and len(cards) > 2:
        history.push(connect_cards(doc, rng.sample(cards, 2))[0])
    elif kind == 3 and flows:
        history.push(delete_items(doc, [rng.choice(flows)]))
    elif kind == 4 and cards:
        history.push(delete_items(doc, [rng.choice(cards)]))
    elif kind == 5:
        history.push(Update("stages", rng.choice(stages), {"width": rng.choice([180.0, 260.0, 400.0])}))
    elif kind == 6:
        history.push(reorder(doc, "stages", rng.choice(stages), rng.randrange(len(stages))))
    elif kind == 7:
        history.push(add_stage(doc, "Extra", rng.randrange(len(stages) + 1))[0])
    elif kind == 8 and flows:
        flow_id = rng.choice(flows)
        if rng.random() < 0.5:
            history.push(reverse_flow(doc, flow_id))
        else:
            history.push(Update("flows", flow_id, {"label": rng.choice(["", "next", "a longer label"])}))
    elif kind == 9:
        history.push(add_lane(doc, "Extra lane", "notes", rng.randrange(len(lanes) + 1))[0])
    elif kind in (10, 11):
        grow_lane(doc, history, rng)
    elif history.can_undo():
        history.undo()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_incremental_routes_match_a_full_routing(seed: int) -> None:
    rng = random.Random(seed)
    doc = make_large_document(60, seed=seed % 7)
    history = History(doc)
    edited: set[str] = set()

    def note(changes: list[Change]) -> None:
        edited.update(c.id for c in changes if c.collection == "flows")

    doc.observe(note)
    router = FlowRouter()
    router.update(doc, compute_layout(doc))
    for _ in range(12):
        random_edit(doc, history, rng)
        layout = compute_layout(doc)
        before = dict(router.routes)
        changed = router.update(doc, layout, edited)
        edited.clear()
        expected = {route.flow_id: route for route in compute_flow_routes(doc, layout)}
        assert router.routes == expected
        assert changed == {f for f in before.keys() | expected.keys() if before.get(f) != expected.get(f)}


def test_deleting_a_flow_leaves_the_others_where_they_were() -> None:
    doc = make_large_document(40, seed=2)
    layout = compute_layout(doc)
    before = {r.flow_id: r for r in compute_flow_routes(doc, layout)}
    History(doc).push(delete_items(doc, [doc.flows.ids()[0]]))
    after = {r.flow_id: r for r in compute_flow_routes(doc, compute_layout(doc))}
    assert after == {f: r for f, r in before.items() if f in after}


def test_gutter_offsets_spread_flows_and_stay_put() -> None:
    offsets = {gutter_offset(f"flow-{i}") for i in range(100)}
    assert len(offsets) == 5 and max(offsets) == -min(offsets)
    assert gutter_offset("flow-7") == gutter_offset("flow-7")


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_incremental_emotion_curves_match_a_full_computation(seed: int) -> None:
    rng = random.Random(seed)
    doc = make_large_document(60, seed=seed % 7)
    history = History(doc)
    tracker = EmotionTracker()
    tracker.update(doc, compute_layout(doc))
    for _ in range(12):
        if rng.random() < 0.3 and doc.cards.ids():
            card = doc.cards[rng.choice(doc.cards.ids())]
            persona = rng.choice(doc.personas.ids())
            emotion = dict(card.emotion)
            if persona in emotion and rng.random() < 0.4:
                del emotion[persona]
            else:
                emotion[persona] = rng.choice([1.0, 2.5, 4.0, 5.0])
            history.push(Update("cards", card.id, {"emotion": emotion}))
        else:
            random_edit(doc, history, rng)
        layout = compute_layout(doc)
        was = {(c.persona_id, p.card_id): p for c in tracker.curves for p in c.points}
        touched = tracker.update(doc, layout)
        before = {key: p._replace(y=p.y + tracker.moved) for key, p in was.items()}
        expected = compute_emotion_curves(doc, layout)
        assert tracker.curves == expected
        for curve in expected:
            assert [p.x for p in curve.points] == sorted(p.x for p in curve.points)
        after = {(c.persona_id, p.card_id): p for c in expected for p in c.points}
        differing = {key[1] for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
        assert touched is None or differing <= touched


def test_a_taller_lane_stretches_the_routes_through_it() -> None:
    """A card typed into a lane's fullest cell moves every lane below: routes to those lanes are
    stretched, not routed afresh, and equal a full routing."""
    doc = make_large_document(300, seed=3)
    history = History(doc)
    router = FlowRouter()
    layout = compute_layout(doc)
    router.update(doc, layout)
    cell = fullest_cell(doc, doc.lanes.ids()[1])
    history.push(add_card(doc, *cell, None, "Captured")[0])
    grown = compute_layout(doc)
    assert grown.lanes[cell[1]].height > layout.lanes[cell[1]].height
    changed = router.update(doc, grown, set())
    assert router.shift is not None and len(router.stretched) > 100
    assert router.stretched == changed
    assert router.routes == {route.flow_id: route for route in compute_flow_routes(doc, grown)}
