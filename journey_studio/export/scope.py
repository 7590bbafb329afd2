"""What an export draws: a private copy of the map, or of the part of it that is selected."""

from __future__ import annotations

import copy

from ..model import Card, Document
from .options import ExportError, ExportOptions


def _card_copy(card: Card) -> Card:
    twin = copy.copy(card)
    twin.metrics, twin.personas, twin.emotion = dict(card.metrics), list(card.personas), dict(card.emotion)
    return twin


def snapshot(doc: Document) -> Document:
    """An independent copy of ``doc`` without its observers, to export on another thread.

    Quick enough to take on the GUI thread for a big map (entities hold only texts, numbers
    and flat containers, so shallow copies with fresh containers are independent).
    """
    return Document(
        info=copy.deepcopy(doc.info),
        personas=[copy.copy(p) for p in doc.personas],
        stages=[copy.copy(s) for s in doc.stages],
        lanes=[copy.copy(ln) for ln in doc.lanes],
        cards=[_card_copy(c) for c in doc.cards],
        flows=[copy.copy(f) for f in doc.flows],
    )


def selected_part(doc: Document, ids: tuple[str, ...]) -> Document:
    """The selected cards, stages and lanes as a map of their own.

    A selected card brings its stage and lane; a selected stage brings every lane and all its
    cards, a selected lane every stage and all its cards. The emotion lane comes along when a
    drawn touchpoint has scores. Stages and lanes keep their map order; flows are drawn when
    both their cards are. Flow, persona and map ids in ``ids`` add nothing.
    """
    unknown = [i for i in ids if i != "map" and doc.find(i) is None]
    if unknown:
        raise ExportError(f"no card, stage or lane with id {unknown[0]!r} in this map")
    wanted = set(ids)
    picked_stages = {i for i in wanted if i in doc.stages}
    picked_lanes = {i for i in wanted if i in doc.lanes}
    cards = [c for c in doc.cards if c.id in wanted or c.stage in picked_stages or c.lane in picked_lanes]
    if not cards and not picked_stages and not picked_lanes:
        raise ExportError("the selection holds no cards, stages or lanes")
    stage_ids = set(doc.stages.ids()) if picked_lanes else picked_stages | {c.stage for c in cards}
    lane_ids = set(doc.lanes.ids()) if picked_stages else picked_lanes | {c.lane for c in cards}
    if any(c.kind == "touchpoint" and c.emotion for c in cards):
        lane_ids |= {ln.id for ln in doc.lanes if ln.kind == "emotion"}
    card_ids = {c.id for c in cards}
    part = snapshot(doc)
    return Document(
        info=part.info,
        personas=list(part.personas),
        stages=[s for s in part.stages if s.id in stage_ids],
        lanes=[ln for ln in part.lanes if ln.id in lane_ids],
        cards=[c for c in part.cards if c.id in card_ids],
        flows=[f for f in part.flows if f.source in card_ids and f.target in card_ids],
    )


def export_document(doc: Document, options: ExportOptions) -> Document:
    """The document an export draws: ``doc`` itself (only read) or a new one for the selection."""
    if options.persona and options.persona not in doc.personas:
        raise ExportError(f"no persona with id {options.persona!r} in this map")
    return selected_part(doc, options.selection) if options.selection else doc
