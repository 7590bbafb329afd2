"""One pass over a document for what every persona's check looks up: positions, graphs, jumps."""

from __future__ import annotations

import math
from typing import NamedTuple

from journey_studio.model import Card, Document, Flow

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
        lane_index = {lane.id: i for i, lane in enumerate(doc.lanes)}
        # Display order: by stage, then lane, then place in the cell.
        self.rank: dict[str, tuple[int, int, int]] = {}
        self.touchpoints: list[Card] = []
        self.shared: list[Card] = []  # untagged touchpoints, seen by everyone
        self.own: dict[str, list[Card]] = {}  # touchpoints tagged with a persona
        self.pains: list[Card] = []
        self.opportunities: list[Card] = []
        # Touchpoint id -> (card, stage index, highest and lowest emotion score).
        self._placed: dict[str, tuple[Card, int, float, float]] = {}
        for i, card in enumerate(doc.cards):
            stage = self.stage_index[card.stage]
            self.rank[card.id] = (stage, lane_index[card.lane], i)
            if card.kind == TOUCHPOINT:
                self.touchpoints.append(card)
                moods = card.emotion.values()
                high, low = (max(moods), min(moods)) if moods else (-math.inf, math.inf)
                self._placed[card.id] = (card, stage, high, low)
                for persona in card.personas:
                    self.own.setdefault(persona, []).append(card)
                if not card.personas:
                    self.shared.append(card)
            elif card.kind == "pain_point":
                self.pains.append(card)
            elif card.kind == "opportunity":
                self.opportunities.append(card)

    def _index_flows(self, doc: Document) -> None:
        shared: list[Edge] = []
        own: dict[str, list[Edge]] = {}
        # Flows that loop back or skip ahead (most go to the same or next stage), and per persona
        # those along which its emotion drops sharply.
        self.jumps: list[Step] = []
        self.cliffs: dict[str, list[Step]] = {}
        placed = self._placed
        for position, flow in enumerate(doc.flows):
            source_place, target_place = placed.get(flow.source), placed.get(flow.target)
            if source_place is None or target_place is None:
                continue  # not between two touchpoints
            (source, start, high, _), (target, end, _, low) = source_place, target_place
            if not (flow.persona or source.personas or target.personas):
                shared.append((flow.source, flow.target))
            else:
                for persona in [flow.persona] if flow.persona else source.personas or target.personas:
                    if sees_flow(flow, source, target, persona):
                        own.setdefault(persona, []).append((flow.source, flow.target))
            if end < start or end > start + 1:
                self.jumps.append(Step(position, flow, source, target, start, end))
            if high - low >= EMOTION_CLIFF:  # some persona's emotion may drop sharply
                for persona, before in source.emotion.items():
                    after = target.emotion.get(persona)
                    if after is not None and before - after >= EMOTION_CLIFF:
                        step = Step(position, flow, source, target, start, end)
                        self.cliffs.setdefault(persona, []).append(step)
        own_nodes = {persona: [c.id for c in cards] for persona, cards in self.own.items()}
        self.graphs = PersonaGraphs((c.id for c in self.shared), shared, own_nodes, own)

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
