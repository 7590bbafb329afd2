"""Random sequences of edits, undos and redos keep the document consistent and reversible."""

from __future__ import annotations

import copy

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from journey_studio.edit import History, add_card, add_lane, add_stage, delete_items, move_cards, reorder
from journey_studio.edit.clipboard import copy_cards, paste_cards
from journey_studio.edit.commands import Update
from journey_studio.model import Card, Document, Flow, Lane, Persona, Stage


def snapshot(doc: Document) -> object:
    return copy.deepcopy(
        (doc.info, list(doc.personas), list(doc.stages), list(doc.lanes), list(doc.cards), list(doc.flows))
    )


class EditMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.doc = Document(
            personas=[Persona("p1", "Ana"), Persona("p2", "Bo")],
            stages=[Stage("s1", "A"), Stage("s2", "B")],
            lanes=[Lane("l1", "T", "touchpoints"), Lane("l2", "P", "pain_points")],
            cards=[Card("c1", "touchpoint", "s1", "l1", "x", personas=["p1"], emotion={"p1": 2.5})],
            flows=[],
        )
        self.history = History(self.doc)
        self.snapshots = [snapshot(self.doc)]  # state after each done step
        self.redo_snapshots: list[object] = []

    def _did(self) -> None:
        self.snapshots.append(snapshot(self.doc))
        self.redo_snapshots.clear()

    @rule(data=st.data())
    def add_a_card(self, data: st.DataObject) -> None:
        stage = data.draw(st.sampled_from(self.doc.stages.ids()))
        lane = data.draw(st.sampled_from(self.doc.lanes.ids()))
        command, _ = add_card(self.doc, stage, lane, title=data.draw(st.text(max_size=20)))
        self.history.push(command)
        self._did()

    @precondition(lambda self: len(self.doc.cards) > 0)
    @rule(data=st.data())
    def move_some_cards(self, data: st.DataObject) -> None:
        cards = data.draw(
            st.lists(st.sampled_from(self.doc.cards.ids()), min_size=1, max_size=3, unique=True)
        )
        stage = data.draw(st.sampled_from(self.doc.stages.ids()))
        lane = data.draw(st.sampled_from(self.doc.lanes.ids()))
        position = data.draw(st.integers(0, 5))
        self.history.push(move_cards(self.doc, cards, stage, lane, position))
        self._did()

    @precondition(lambda self: len(self.doc.cards) >= 2)
    @rule(data=st.data())
    def connect_cards(self, data: st.DataObject) -> None:
        a, b = data.draw(st.lists(st.sampled_from(self.doc.cards.ids()), min_size=2, max_size=2, unique=True))
        from journey_studio.edit.commands import Insert
        from journey_studio.model import new_id

        self.history.push(
            Insert(
                "flows",
                Flow(new_id("flow"), a, b, data.draw(st.sampled_from(["", *self.doc.personas.ids()]))),
            )
        )
        self._did()

    @rule(data=st.data())
    def delete_something(self, data: st.DataObject) -> None:
        pool = self.doc.cards.ids() + self.doc.flows.ids() + self.doc.personas.ids()
        if len(self.doc.stages) > 1:
            pool += self.doc.stages.ids()
        if len(self.doc.lanes) > 1:
            pool += self.doc.lanes.ids()
        if not pool:
            return
        ids = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
        if set(self.doc.stages.ids()) <= set(ids) or set(self.doc.lanes.ids()) <= set(ids):
            return
        self.history.push(delete_items(self.doc, ids))
        self._did()

    @rule(data=st.data(), which=st.sampled_from(["stages", "lanes"]))
    def reorder_or_add(self, data: st.DataObject, which: str) -> None:
        if data.draw(st.booleans()):
            command = add_stage(self.doc)[0] if which == "stages" else add_lane(self.doc)[0]
        else:
            ids = self.doc.collection(which).ids()
            command = reorder(
                self.doc, which, data.draw(st.sampled_from(ids)), data.draw(st.integers(0, len(ids)))
            )
        self.history.push(command)
        self._did()

    @precondition(lambda self: len(self.doc.cards) > 0)
    @rule(data=st.data())
    def retitle_or_paste(self, data: st.DataObject) -> None:
        card = data.draw(st.sampled_from(self.doc.cards.ids()))
        if data.draw(st.booleans()):
            self.history.push(Update("cards", card, {"title": data.draw(st.text(max_size=10))}))
        else:
            self.history.push(paste_cards(self.doc, copy_cards(self.doc, [card]))[0])
        self._did()

    @precondition(lambda self: self.history.can_undo())
    @rule()
    def undo(self) -> None:
        self.history.undo()
        self.redo_snapshots.append(self.snapshots.pop())
        assert snapshot(self.doc) == self.snapshots[-1]

    @precondition(lambda self: self.history.can_redo())
    @rule()
    def redo(self) -> None:
        self.history.redo()
        self.snapshots.append(self.redo_snapshots.pop())
        assert snapshot(self.doc) == self.snapshots[-1]

    @invariant()
    def consistent(self) -> None:
        self.doc.check_consistency()


EditMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
TestEditMachine = EditMachine.TestCase
