"""One pass over a document for what every persona's check looks up: positions, graphs, jumps."""

from __future__ import annotations

from typing import NamedTuple

from journey_studio.model import Card, Document, Flow
from journey_studio.model.kinds import EMOTION_MAX, EMOTION_MIN

from .graph import TOUCHPOINT, Edge, PersonaGraphs, sees_flow
from .wording import card_name, the_stage

EMOTION_CLIFF = 2.0


class Step(NamedTuple):
    """A flow between two touchpoints, with its place in the document and its stages."""

    position: int
    flow: Flow
    source: Card
    target: Card
    start: int
    end: int


class MapIndex:
    """Positions of stages, cards and personas, the flow graphs, and the flows worth a second look."""

    def __init__(self, doc: Document) -> None:
        self.stages = list(doc.stages)
        self.stage_index = {s.id: i for i, s in enumerate(self.stages)}
        self.stage_phrase = [the_stage(s) for s in self.stages]
        self.persona_rank = {p.id: i for i, p in enumerate(doc.personas)}
        self.persona_rank[""] = -1
        self._names: dict[str, str] = {}
        self._index_cards(doc)
        self._index_flows(doc)

    def _index_cards(self, doc: Document) -> None:
        self._cards = doc.cards
        self._lane_index = {lane.id: i for i, lane in enumerate(doc.lanes)}
        self._position = dict(zip(doc.cards.ids(), range(len(doc.cards)), strict=True))
        cards = list(doc.cards)
        self.touchpoints = [c for c in cards if c.kind == TOUCHPOINT]
        self.pains = [c for c in cards if c.kind == "pain_point"]
        self.opportunities = [c for c in cards if c.kind == "opportunity"]
        self.card = {c.id: c for c in self.touchpoints}  # touchpoints by id
        self.shared = [c for c in self.touchpoints if not c.personas]  # seen by everyone
        self.own: dict[str, list[Card]] = {}  # touchpoints tagged with a persona
        for card in self.touchpoints:
            for persona in card.personas:
                self.own.setdefault(persona, []).append(card)

    def _index_flows(self, doc: Document) -> None:
        shared: list[Edge] = []
        special: list[Flow] = []  # for one persona, or touching a tagged card
        # Flows that loop back or skip ahead (most go to the same or next stage), and per persona
        # those along which its emotion drops sharply.
        self.jumps: list[Step] = []
        self.cliffs: dict[str, list[Step]] = {}
        stage_of = {c.id: self.stage_index[c.stage] for c in self.touchpoints}
        high = {c.id: max(c.emotion.values()) for c in self.touchpoints if c.emotion}
        low = {c.id: min(c.emotion.values()) for c in self.touchpoints if c.emotion}
        tagged = {c.id for c in self.touchpoints if c.personas}
        for position, flow in enumerate(doc.flows):
            source, target = flow.source, flow.target
            start, end = stage_of.get(source), stage_of.get(target)
            if start is None or end is None:
                continue  # not between two touchpoints
            if flow.persona or source in tagged or target in tagged:
                special.append(flow)
            else:
                shared.append((source, target))
            if end < start or end > start + 1:
                self.jumps.append(Step(position, flow, self.card[source], self.card[target], start, end))
            if high.get(source, EMOTION_MIN) - low.get(target, EMOTION_MAX) >= EMOTION_CLIFF:
                self._add_cliffs(Step(position, flow, self.card[source], self.card[target], start, end))
        own: dict[str, list[Edge]] = {}
        for flow in special:
            source_card, target_card = self.card[flow.source], self.card[flow.target]
            for persona in [flow.persona] if flow.persona else source_card.personas or target_card.personas:
                if sees_flow(flow, source_card, target_card, persona):
                    own.setdefault(persona, []).append((flow.source, flow.target))
        own_nodes = {persona: [c.id for c in cards] for persona, cards in self.own.items()}
        self.graphs = PersonaGraphs((c.id for c in self.shared), shared, own_nodes, own)

    def _add_cliffs(self, step: Step) -> None:
        after = step.target.emotion
        for persona, before in step.source.emotion.items():
            if persona in after and before - after[persona] >= EMOTION_CLIFF:
                self.cliffs.setdefault(persona, []).append(step)

    def rank(self, card_id: str) -> tuple[int, int, int]:
        """Where a card is in display order: its stage, its lane, its place in the cell."""
        card = self._cards[card_id]
        return (self.stage_index[card.stage], self._lane_index[card.lane], self._position[card_id])

    def touchpoints_of(self, persona: str) -> list[Card]:
        """The touchpoints ``persona`` sees: the untagged ones, then its own."""
        return self.shared + self.own.get(persona, [])

    def name(self, card: Card) -> str:
        """The card as messages name it (worked out once per card)."""
        name = self._names.get(card.id)
        if name is None:
            name = self._names[card.id] = card_name(card)
        return name

    def stage_of(self, card: Card) -> str:
        """``the Awareness stage`` for the card's stage."""
        return self.stage_phrase[self.stage_index[card.stage]]
