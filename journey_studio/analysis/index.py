"""One pass over a document for what every persona's check looks up: positions, graphs, jumps."""

from __future__ import annotations

from typing import NamedTuple

from journey_studio.model import Card, Document, Flow
from journey_studio.model.kinds import EMOTION_MAX, EMOTION_MIN

from .graph import TOUCHPOINT, Edge, PersonaGraphs, sees_tagged_flow
from .paths import JourneyPaths
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
        self._cards = doc.cards
        self._lane_index = {lane.id: i for i, lane in enumerate(doc.lanes)}
        self._position: dict[str, int] | None = None  # worked out when a finding first needs it
        self._index_cards(list(doc.cards))
        self._index_flows(list(doc.flows))

    def _index_cards(self, cards: list[Card]) -> None:
        stage_index = self.stage_index
        self.touchpoints = [c for c in cards if c.kind == TOUCHPOINT]
        self.pains = [c for c in cards if c.kind == "pain_point"]
        self.opportunities = [c for c in cards if c.kind == "opportunity"]
        # What every persona sees (untagged touchpoints) and each persona's own.
        self.shared = [c for c in self.touchpoints if not c.personas]
        self.shared_by_stage: list[list[Card]] = [[] for _ in self.stages]
        for card in self.shared:
            self.shared_by_stage[stage_index[card.stage]].append(card)
        self.shared_exits = [c.id for c in self.shared if c.exit]
        self.own: dict[str, list[Card]] = {}
        for card in [c for c in self.touchpoints if c.personas]:
            for persona in card.personas:
                self.own.setdefault(persona, []).append(card)

    def _index_flows(self, flows: list[Flow]) -> None:
        stage_index = self.stage_index
        # Per touchpoint: its stage, its personas and the bounds of its emotion scores, which rule
        # out most flows as emotion cliffs at a glance.
        facts = {
            c.id: (
                stage_index[c.stage],
                c.personas,
                max(e.values()) if (e := c.emotion) else EMOTION_MIN,
                min(e.values()) if e else EMOTION_MAX,
            )
            for c in self.touchpoints
        }
        shared: list[Edge] = []
        own: dict[str, list[Edge]] = {}
        # Flows that loop back or skip ahead (most go to the same or next stage), and per persona
        # those along which its emotion drops sharply.
        self.jumps: list[Step] = []
        self.cliffs: dict[str, list[Step]] = {}
        for position, flow in enumerate(flows):
            source_facts, target_facts = facts.get(flow.source), facts.get(flow.target)
            if source_facts is None or target_facts is None:
                continue  # not between two touchpoints
            start, source_tags, high, _ = source_facts
            end, target_tags, _, low = target_facts
            edge = (flow.source, flow.target)
            if flow.persona or source_tags or target_tags:
                # Only the flow's persona, or else those of a tagged end, can see it.
                for persona in [flow.persona] if flow.persona else source_tags or target_tags:
                    if sees_tagged_flow(flow.persona, source_tags, target_tags, persona):
                        own.setdefault(persona, []).append(edge)
            else:
                shared.append(edge)
            if not 0 <= end - start <= 1:
                self.jumps.append(self._step(position, flow, start, end))
            if high - low >= EMOTION_CLIFF:
                self._add_cliffs(self._step(position, flow, start, end))
        own_nodes = {persona: [c.id for c in cards] for persona, cards in self.own.items()}
        self.graphs = PersonaGraphs([c.id for c in self.shared], shared, own_nodes, own)
        self.paths = JourneyPaths(self.graphs, self.shared_by_stage, self.shared_exits)

    def _step(self, position: int, flow: Flow, start: int, end: int) -> Step:
        return Step(position, flow, self._cards[flow.source], self._cards[flow.target], start, end)

    def _add_cliffs(self, step: Step) -> None:
        after = step.target.emotion
        for persona, before in step.source.emotion.items():
            if persona in after and before - after[persona] >= EMOTION_CLIFF:
                self.cliffs.setdefault(persona, []).append(step)

    def rank(self, card_id: str) -> tuple[int, int, int]:
        """Where a card is in display order: its stage, its lane, its place in the cell."""
        if self._position is None:
            ids = self._cards.ids()
            self._position = dict(zip(ids, range(len(ids)), strict=True))
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
