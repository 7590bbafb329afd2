"""After any run of edits the scene, which only touches what an edit moved, shows exactly what a
scene built from scratch shows: cards, flows (routes, colours, what the flow layer draws) and
emotion points."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journey_studio.canvas import MapScene, MapView
from journey_studio.canvas.flow_item import rounded_path, route_bounds
from journey_studio.canvas.flow_layer import FlowLayer
from journey_studio.edit import Command, History, Update, add_card, move_cards
from journey_studio.model import Document
from tests.layout.test_incremental_layout import random_edit

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import fullest_cell, make_large_document


def settled(scene: MapScene) -> None:
    """Let the event loop put stretched flows' items in place, a few hundred per turn."""
    for _ in range(10_000):
        if not scene.flows.unplaced:
            return
        QApplication.processEvents()
    raise AssertionError("flow items are never put in place")


def shown_map(seed: int) -> tuple[Document, History, MapScene, MapView]:
    """A generated map of 300 cards with its history, scene and a shown 900 × 700 view."""
    doc = make_large_document(300, seed=seed)
    history = History(doc)
    scene = MapScene(doc, lambda c: (history.push(c), True)[1])
    view = MapView(scene)
    view.resize(900, 700)
    view.show()
    return doc, history, scene, view


def picture(scene: MapScene) -> dict[str, object]:
    """What the scene shows, in plain values (once the event loop has put every item in place)."""
    settled(scene)
    layer = scene.flow_layer
    drawn = {
        flow_id: (
            flow.key,
            flow.points,
            flow.box().getRect(),
            flow.label,
            flow.label_box and flow.label_box.getRect(),
        )
        for flow_id, flow in layer._flows.items()
    }
    groups = {
        key: (
            {track: spans for track, spans in group._tracks.items() if spans},
            sorted(line.toTuple() for line in group.lines()),
            {
                (band, flow_id): (x, y, head.toList())
                for band, heads in group._arrows.items()
                for flow_id, (x, y, head) in heads.items()
            },
        )
        for key, group in layer._strokes.items()
    }
    return {
        "cards": {cid: (item.pos().toTuple(), item._size) for cid, item in scene.card_items.items()},
        "flows": {
            fid: (item.route, item.colour, item.sceneBoundingRect().getRect())
            for fid, item in scene.flow_items.items()
        },
        "layer": drawn,
        "labelled": set(layer._labelled),
        "groups": groups,
        "points": {key: item._state for key, item in scene.point_items.items()},
        "curves": {pid: item.curve and item.curve.segments for pid, item in scene.curve_items.items()},
        # where each curve is drawn (a curve that moved with its lane is moved, not rebuilt)
        "curve boxes": {
            pid: tuple(round(v, 6) for v in item.sceneBoundingRect().getRect())
            for pid, item in scene.curve_items.items()
        },
        "point positions": {key: item.scenePos().toTuple() for key, item in scene.point_items.items()},
    }


@pytest.mark.parametrize("seed", range(6))
def test_edited_scene_matches_a_fresh_one(qapp: object, seed: int) -> None:
    rng = random.Random(seed)
    doc = make_large_document(80, seed=seed)
    history = History(doc)

    def push(command: Command) -> bool:
        history.push(command)
        return True

    scene = MapScene(doc, push)
    persona = doc.personas.ids()[0]
    for step in range(25):
        if step == 5:
            scored = next(c for c in doc.cards if c.kind == "touchpoint" and c.emotion)
            history.push(Update("cards", scored.id, {"title": "Renamed on the way"}))
        if step == 7:
            history.push(Update("personas", persona, {"name": "Someone else"}))
        if step == 10:
            scene.set_focus_persona(persona)
        if step == 15:
            history.push(Update("personas", persona, {"colour": "#123456"}))
        if step == 20:
            scene.set_focus_persona("")
        random_edit(doc, history, rng)
        fresh = MapScene(doc, lambda c: True)
        fresh.set_focus_persona(scene.focus_persona)
        assert picture(scene) == picture(fresh), f"step {step}"
        fresh.detach()
    scene.detach()


def test_lanes_made_taller_match_a_fresh_scene(qapp: object) -> None:
    """Captures, drops and resizes that make lanes taller move every lane below: flows through
    those lanes are stretched, the emotion lane moved, and the scene equals a fresh one."""
    doc = make_large_document(300, seed=4)
    history = History(doc)

    def push(command: Command) -> bool:
        history.push(command)
        return True

    scene = MapScene(doc, push)
    lanes = doc.lanes.ids()
    flow = doc.flows.ids()[0]
    scene.select_ids([flow])  # a selected flow is drawn by its item: it must follow too
    stretched, moved = 0, 0
    edits: list[Callable[[], object]] = [
        *(
            lambda lane=lane: push(add_card(doc, *fullest_cell(doc, lane), None, "Typed")[0])
            for lane in lanes[:4]
        ),
        lambda: push(move_cards(doc, [doc.cards.ids()[-1]], *fullest_cell(doc, lanes[1]))),
        lambda: push(Update("lanes", lanes[0], {"height": 600.0})),
        lambda: scene.set_focus_persona(doc.personas.ids()[1]),
        lambda: push(add_card(doc, *fullest_cell(doc, lanes[0]), None, "Typed")[0]),
        history.undo,
        history.undo,
        history.redo,
    ]
    for step, edit in enumerate(edits):
        edit()
        stretched += len(scene.flows.router.stretched)
        moved += bool(scene.emotion.moved)
        fresh = MapScene(doc, lambda c: True)
        fresh.set_focus_persona(scene.focus_persona)
        assert picture(scene) == picture(fresh), f"step {step}"
        fresh.detach()
    assert stretched > 1000 and moved >= 3
    assert scene.flow_items[flow].isSelected()
    scene.detach()


def test_a_card_dropped_outside_goes_back(qapp: object) -> None:
    doc: Document = make_large_document(30, seed=1)
    scene = MapScene(doc, lambda c: True)
    card_id = doc.cards.ids()[0]
    item = scene.card_items[card_id]
    home = item.pos()
    scene.begin_card_drag(item)
    item.setPos(home + QPointF(5000, 5000))
    scene.finish_card_drag(QPointF(-100, -100))
    assert item.pos() == home
    scene.detach()


def test_runs_on_one_line_merge_into_one_stroke() -> None:
    from journey_studio.layout.flows import merge_spans, runs_of

    assert merge_spans([(5, 9), (0, 3), (3, 4), (8, 12), (20, 21)]) == [(0, 4), (5, 12), (20, 21)]
    assert runs_of(((0, 0), (10, 0), (10, 30))) == [((False, 0), (0, 10)), ((True, 10), (0, 30))]


@pytest.mark.parametrize("piece_by_piece", [False, True])
@pytest.mark.parametrize("looking_at", ["emotion", "touchpoints"])
def test_the_view_after_lanes_grow_shows_what_a_fresh_view_shows(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, piece_by_piece: bool, looking_at: str
) -> None:
    """What is repainted after lanes grow (flows stretched, curves and points moved) leaves the
    screen as a fresh view of the same map would show it, whether the flow layer repaints all of
    itself or only where flows changed."""
    if piece_by_piece:
        monkeypatch.setattr(FlowLayer, "BIG_CHANGE", 1_000_000)
    doc, history, scene, view = shown_map(seed=2)
    # the emotion lane, or the top of the lower touchpoint lane where flows arrive
    seen = [lane.id for lane in doc.lanes if lane.kind == looking_at][-1]
    view.centerOn(600, scene.map_layout.lanes[seen].y)
    qapp.processEvents()
    lanes = doc.lanes.ids()
    # a card that alone makes a lower lane as tall as it is: dropped into a higher lane's
    # fullest cell, one lane grows as the other shrinks and the map keeps its height
    low_cell = fullest_cell(doc, lanes[-1])
    command, lone = add_card(doc, *low_cell, None, "Lone")
    history.push(command)
    qapp.processEvents()
    for step, lane in enumerate([lanes[0], lanes[1], lanes[2], lanes[0], lanes[1]]):
        cell = fullest_cell(doc, lane)
        height = scene.map_layout.height
        if step == 4:
            history.push(move_cards(doc, [lone], *cell))
            assert scene.map_layout.height == height
        elif step % 2:
            card = next(c.id for c in reversed(list(doc.cards)) if c.lane != lane and c.kind != "touchpoint")
            history.push(move_cards(doc, [card], *cell))
        else:
            history.push(add_card(doc, *cell, None, "Typed")[0])
        qapp.processEvents()
        assert scene.emotion.moved
        fresh_scene = MapScene(doc, lambda c: True)
        fresh = MapView(fresh_scene)
        fresh.resize(900, 700)
        fresh.show()
        qapp.processEvents()
        for bar, fresh_bar in (
            (view.horizontalScrollBar(), fresh.horizontalScrollBar()),
            (view.verticalScrollBar(), fresh.verticalScrollBar()),
        ):
            fresh_bar.setValue(bar.value())
        qapp.processEvents()
        assert view.viewport().grab().toImage() == fresh.viewport().grab().toImage(), f"step {step}"
        fresh.close()
        fresh_scene.detach()
    view.close()
    scene.detach()


def test_stretched_flows_are_repainted_where_they_were_and_are(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The flow layer repaints every part of a stretched flow that moved, old place and new, and
    not the whole layer. (When the map's height changes, Qt repaints all the layer anyway: so a
    card is moved to make one lane grow as another shrinks, and the map keeps its height.)"""
    doc = make_large_document(300, seed=5)
    history = History(doc)
    scene = MapScene(doc, lambda c: (history.push(c), True)[1])
    lanes = doc.lanes.ids()
    command, lone = add_card(doc, *fullest_cell(doc, lanes[-1]), None, "Lone")
    history.push(command)
    monkeypatch.setattr(FlowLayer, "BIG_CHANGE", 1_000_000)  # never a repaint of everything
    layer = scene.flow_layer
    before = {flow_id: (drawn.points, drawn.box()) for flow_id, drawn in layer._flows.items()}
    whole = QRectF(layer.boundingRect())
    repainted: list[QRectF] = []
    monkeypatch.setattr(
        layer, "update", lambda rect=None: repainted.append(layer.boundingRect() if rect is None else rect)
    )
    history.push(move_cards(doc, [lone], *fullest_cell(doc, lanes[0])))
    assert layer.boundingRect() == whole  # the same height: only what the layer asks is repainted
    stretched = scene.flows.router.stretched
    assert stretched
    area = QRectF()
    for rect in repainted:
        area |= rect
    assert area.top() > whole.top() + 100  # what lies above the lanes that moved is left alone
    for flow_id in stretched:
        (old_points, old_box), drawn = before[flow_id], layer._flows[flow_id]
        moved = [min(a[1], b[1]) for a, b in zip(old_points, drawn.points, strict=True) if a != b]
        top = min(moved) - 8  # a label box reaches 8 above its run, an arrowhead 7
        for box in (old_box, drawn.box()):
            changed = box.intersected(QRectF(box.x(), top, box.width(), box.bottom() - top))
            assert area.contains(changed), flow_id
    scene.detach()


def test_a_stretched_flows_outline_asked_for_early_follows_its_item_into_place(qapp: QApplication) -> None:
    doc, history, scene, view = shown_map(seed=6)
    qapp.processEvents()
    history.push(add_card(doc, *fullest_cell(doc, doc.lanes.ids()[0]), None, "Typed")[0])
    waiting = [flow_id for flow_id in scene.flows.router.stretched if flow_id in scene.flows._unplaced]
    assert waiting
    for flow_id in waiting:
        scene.flow_items[flow_id].shape()  # worked out while the item is still where it was
    scene.flows.place_all()
    for flow_id in waiting:
        item = scene.flow_items[flow_id]
        assert item.route is not None
        drawn = item.mapToScene(item.path).toFillPolygon()
        assert drawn.boundingRect() == rounded_path(item.route.points).toFillPolygon().boundingRect()
        (x1, y1), (x2, y2) = item.route.points[:2]
        assert item.mapToScene(item.shape()).contains(QPointF((x1 + x2) / 2, (y1 + y2) / 2)), flow_id
    view.close()
    scene.detach()


def test_stretched_flows_are_hit_where_they_are_drawn_as_soon_as_the_pointer_moves(
    qapp: QApplication,
) -> None:
    """Items of flows that stretched with their lanes are put in place between keystrokes, or
    at once when the pointer does anything over the view."""
    doc, history, scene, view = shown_map(seed=6)
    qapp.processEvents()
    history.push(add_card(doc, *fullest_cell(doc, doc.lanes.ids()[0]), None, "Typed")[0])
    before = scene.flows.unplaced
    assert before > 300  # more than one turn of the event loop places
    qapp.processEvents()
    assert before > scene.flows.unplaced > 0  # a turn places some: typing goes on between turns
    QTest.mouseMove(view.viewport(), QPoint(40, 40))
    assert scene.flows.unplaced == 0
    stretched = scene.flows.router.stretched
    for flow_id in stretched:
        item, drawn = scene.flow_items[flow_id], scene.flow_layer.drawn(flow_id)
        assert drawn is not None and item.sceneBoundingRect().contains(drawn.box().center())
        (x1, y1), (x2, y2) = item.route.points[:2]
        middle = QPointF((x1 + x2) / 2, (y1 + y2) / 2)
        assert item in scene.items(middle), flow_id
    # several edits before the items are placed: each item moves and fits as all of them say;
    # a selected flow is drawn by its item, so that one is always in place
    selected = sorted(stretched)[0]
    scene.select_ids([selected])
    lanes = doc.lanes.ids()
    ever: set[str] = set()
    for lane in (lanes[1], lanes[0], lanes[2], lanes[0]):
        history.push(add_card(doc, *fullest_cell(doc, lane), None, "Typed")[0])
        ever |= scene.flows.router.stretched
    history.push(move_cards(doc, [doc.cards.ids()[-1]], *fullest_cell(doc, lanes[3])))
    assert scene.flows.unplaced > 300 and selected in ever
    item, drawn = scene.flow_items[selected], scene.flow_layer.drawn(selected)
    assert drawn is not None and item.route is not None
    assert item.sceneBoundingRect() == route_bounds(item.route.points, drawn.label_box)
    QTest.mouseMove(view.viewport(), QPoint(60, 60))
    assert scene.flows.unplaced == 0
    fresh = MapScene(doc, lambda c: True)
    assert picture(scene) == picture(fresh)
    fresh.detach()
    view.close()
    scene.detach()
