"""Commands and operations: every edit undoes exactly."""

from journey_studio.edit import History, add_card, add_stage, delete_items, move_cards, reorder
from journey_studio.edit.commands import Update
from journey_studio.model import Card, Document, Flow, Lane, Persona, Stage


def make_doc() -> Document:
    return Document(
        personas=[Persona("p1", "Ana")],
        stages=[Stage("s1", "Aware"), Stage("s2", "Buy")],
        lanes=[Lane("l1", "Touchpoints", "touchpoints"), Lane("l2", "Pains", "pain_points")],
        cards=[
            Card("c1", "touchpoint", "s1", "l1", "Ad", personas=["p1"], emotion={"p1": 3}),
            Card("c2", "touchpoint", "s2", "l1", "Demo"),
            Card("c3", "pain_point", "s2", "l2", "Slow"),
        ],
        flows=[Flow("f1", "c1", "c2", persona="p1")],
    )


def snapshot(doc: Document) -> list[object]:
    return [list(doc.personas), list(doc.stages), list(doc.lanes), list(doc.cards), list(doc.flows)]


def test_add_and_undo_card() -> None:
    doc = make_doc()
    history = History(doc)
    before = snapshot(doc)
    command, card_id = add_card(doc, "s1", "l2", title="Confusing pricing")
    history.push(command)
    assert doc.cards[card_id].kind == "pain_point"
    history.undo()
    assert snapshot(doc) == before


def test_move_cards_keeps_order_and_undoes() -> None:
    doc = make_doc()
    history = History(doc)
    before = snapshot(doc)
    history.push(move_cards(doc, ["c2", "c1"], "s2", "l2", position=0))
    assert [c.id for c in doc.cell_cards("s2", "l2")] == ["c1", "c2", "c3"]
    history.undo()
    assert snapshot(doc) == before
    history.redo()
    assert doc.cards["c1"].lane == "l2"


def test_delete_stage_cascades_to_cards_and_flows() -> None:
    doc = make_doc()
    history = History(doc)
    before = snapshot(doc)
    history.push(delete_items(doc, ["s1"]))
    assert "c1" not in doc.cards and "f1" not in doc.flows and "s1" not in doc.stages
    history.undo()
    assert snapshot(doc) == before


def test_delete_persona_clears_tags_scores_and_flow_persona() -> None:
    doc = make_doc()
    history = History(doc)
    before = snapshot(doc)
    history.push(delete_items(doc, ["p1"]))
    assert doc.cards["c1"].personas == [] and doc.cards["c1"].emotion == {}
    assert doc.flows["f1"].persona == ""
    history.undo()
    assert snapshot(doc) == before


def test_reorder_stage_and_add_stage() -> None:
    doc = make_doc()
    history = History(doc)
    history.push(reorder(doc, "stages", "s2", 0))
    assert doc.stages.ids() == ["s2", "s1"]
    command, sid = add_stage(doc, "Renew")
    history.push(command)
    assert doc.stages.ids()[-1] == sid
    history.undo()
    history.undo()
    assert doc.stages.ids() == ["s1", "s2"]


def test_merging_updates_is_one_undo_step() -> None:
    doc = make_doc()
    history = History(doc)
    for text in ("D", "De", "Dem", "Demo!"):
        history.push(Update("cards", "c2", {"title": text}, merge_key="typing-c2"))
    assert doc.cards["c2"].title == "Demo!"
    history.undo()
    assert doc.cards["c2"].title == "Demo"
    assert not history.can_undo()


def test_observers_hear_one_batch_per_command() -> None:
    doc = make_doc()
    batches: list[int] = []
    doc.observe(lambda changes: batches.append(len(changes)))
    History(doc).push(delete_items(doc, ["s2"]))
    assert len(batches) == 1 and batches[0] >= 3
