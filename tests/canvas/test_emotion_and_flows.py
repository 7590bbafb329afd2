"""Emotion points follow the model, drag to a new score in one undo step; focus dims cards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from journey_studio.canvas import MapScene, MapView
from journey_studio.edit import History, move_cards
from journey_studio.layout.emotion import score_to_y
from journey_studio.model import Card, Document, Flow, Lane, Persona, Stage

from .conftest import Harness


def emotion_document() -> Document:
    return Document(
        personas=[Persona("p1", "Ana"), Persona("p2", "Bo", colour="#d95f02")],
        stages=[Stage("s1", "Aware"), Stage("s2", "Buy"), Stage("s3", "Use")],
        lanes=[Lane("l1", "Touchpoints", "touchpoints"), Lane("le", "Emotion", "emotion")],
        cards=[
            Card("c1", "touchpoint", "s1", "l1", "Ad", emotion={"p1": 3, "p2": 4}),
            Card("c2", "touchpoint", "s2", "l1", "Demo", personas=["p1"], emotion={"p1": 2}),
            Card("c3", "touchpoint", "s3", "l1", "Bills", personas=["p2"], emotion={"p2": 1.5}),
        ],
        flows=[Flow("f1", "c1", "c2", persona="p1"), Flow("f2", "c1", "c3", label="renews")],
    )


@pytest.fixture
def emo(qtbot):
    h = Harness(emotion_document())
    qtbot.addWidget(h.view)
    yield h
    h.scene.detach()


def point_pos(h: Harness, persona: str, card: str) -> QPoint:
    item = h.scene.point_items[(persona, card)]
    return h.view.mapFromScene(item.pos())


def test_drag_emotion_point_from_3_to_4_5_then_undo(emo, qtbot) -> None:
    lane = emo.scene.map_layout.lanes["le"]
    start = point_pos(emo, "p1", "c1")
    target = emo.to_view(emo.scene.point_items[("p1", "c1")].pos().x(), score_to_y(4.5, lane))
    emo.drag(qtbot, start, target, steps=6)
    assert emo.doc.cards["c1"].emotion == {"p1": 4.5, "p2": 4}
    assert emo.scene.point_items[("p1", "c1")].pos().y() == pytest.approx(score_to_y(4.5, lane))
    emo.history.undo()
    assert emo.doc.cards["c1"].emotion == {"p1": 3, "p2": 4}
    assert not emo.history.can_undo()


def test_point_follows_card_to_another_stage(emo) -> None:
    before = emo.scene.point_items[("p1", "c2")].pos().x()
    emo.push(move_cards(emo.doc, ["c2"], "s3", "l1"))
    after = emo.scene.point_items[("p1", "c2")].pos().x()
    column = emo.scene.map_layout.columns["s3"]
    assert after != before and column.x < after < column.right


def test_focus_dims_other_personas_cards(emo) -> None:
    emo.scene.set_focus_persona("p1")
    assert emo.scene.card_items["c3"].opacity() < 0.5  # tagged for Bo only
    assert emo.scene.card_items["c1"].opacity() == 1.0  # for everyone
    assert emo.scene.card_items["c2"].opacity() == 1.0
    assert emo.scene.curve_items["p1"].zValue() > emo.scene.curve_items["p2"].zValue()
    emo.scene.set_focus_persona("")
    assert emo.scene.card_items["c3"].opacity() == 1.0


def test_flows_drawn_and_removed_with_cards(emo) -> None:
    from journey_studio.edit import delete_items

    assert set(emo.scene.flow_items) == {"f1", "f2"}
    emo.push(delete_items(emo.doc, ["c2"]))
    assert set(emo.scene.flow_items) == {"f2"}
    emo.history.undo()
    assert set(emo.scene.flow_items) == {"f1", "f2"}


def test_moments_of_pain_and_tooltips(emo) -> None:
    point = emo.scene.point_items[("p2", "c3")]
    assert point.score == 1.5
    assert "Bills" in point.toolTip() and "Bo" in point.toolTip()


def test_new_scene_on_document_without_emotion_lane() -> None:
    doc = Document(stages=[Stage("s", "S")], lanes=[Lane("l", "T", "touchpoints")])
    scene = MapScene(doc, lambda c: True)
    view = MapView(scene)
    assert scene.curve_items == {} and scene.point_items == {}
    view.close()
    scene.detach()
    _ = History


def handle_pos(h: Harness, card_id: str) -> QPoint:
    rect = h.scene.map_layout.cards[card_id]
    return h.to_view(rect.right - 1, rect.center[1])


def test_drag_from_handle_draws_a_flow(emo, qtbot) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    viewport = emo.view.viewport()
    start = handle_pos(emo, "c2")
    end = emo.centre_of("c3")
    qtbot.mouseMove(viewport, start)  # hover shows the handle
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 7):
        point = start + (end - start) * (i / 6)
        move = QMouseEvent(
            QMouseEvent.Type.MouseMove,
            QPointF(point),
            QPointF(viewport.mapToGlobal(point)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, move)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    new = [f for f in emo.doc.flows if (f.source, f.target) == ("c2", "c3")]
    assert len(new) == 1
    assert emo.doc.cards["c2"].stage == "s2"  # the card itself did not move
    assert new[0].id in emo.scene.flow_items
    emo.history.undo()
    assert not [f for f in emo.doc.flows if (f.source, f.target) == ("c2", "c3")]


def test_connect_mode_chains_clicks(emo, qtbot) -> None:
    from journey_studio.edit import delete_items

    emo.push(delete_items(emo.doc, ["f1", "f2"]))
    emo.scene.set_connect_mode(True)
    viewport = emo.view.viewport()
    for card in ("c1", "c2", "c3"):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=emo.centre_of(card))
    assert [(f.source, f.target) for f in emo.doc.flows] == [("c1", "c2"), ("c2", "c3")]
    assert all(emo.doc.cards[c].stage == s for c, s in (("c1", "s1"), ("c2", "s2"), ("c3", "s3")))
    emo.scene.set_connect_mode(False)


def test_double_click_in_emotion_lane_adds_score_and_delete_removes(emo, qtbot) -> None:
    from journey_studio.layout.emotion import touchpoint_x

    lane = emo.scene.map_layout.lanes["le"]
    x = touchpoint_x(emo.doc, emo.scene.map_layout)["c3"]
    emo.scene.set_focus_persona("p2")
    emo.push(__import__("journey_studio.edit", fromlist=["Update"]).Update("cards", "c3", {"emotion": {}}))
    pos = emo.to_view(x + 3, score_to_y(4, lane))
    qtbot.mouseDClick(emo.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert emo.doc.cards["c3"].emotion == {"p2": 4.0}
    emo.history.undo()
    assert emo.doc.cards["c3"].emotion == {}
