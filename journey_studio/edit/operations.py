"""Higher-level edits built from commands: create, delete with cascade, move, reorder."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace

from ..model import DEFAULT_CARD_KIND, Card, Document, Flow, Lane, ModelError, Persona, Stage, new_id
from ..model.entities import PERSONA_COLOURS
from .commands import Command, Insert, Macro, Move, MoveCard, Remove, Update


def add_card(
    doc: Document,
    stage: str,
    lane: str,
    kind: str | None = None,
    title: str = "",
    position: int | None = None,
) -> tuple[Command, str]:
    """A command that creates a card in a cell, and the new card's id."""
    lane_kind = doc.lanes[lane].kind
    card = Card(
        id=new_id("card"), kind=kind or DEFAULT_CARD_KIND[lane_kind], stage=stage, lane=lane, title=title
    )
    cell_size = len(doc.cell_cards(stage, lane))
    index = doc.global_index_in_cell(stage, lane, cell_size if position is None else position)
    return Insert("cards", card, index, text="Add card"), card.id


def add_stage(doc: Document, name: str = "New stage", index: int | None = None) -> tuple[Command, str]:
    stage = Stage(id=new_id("stage"), name=name)
    return Insert("stages", stage, index, text="Add stage"), stage.id


def add_lane(
    doc: Document, name: str = "Notes", kind: str = "notes", index: int | None = None
) -> tuple[Command, str]:
    lane = Lane(id=new_id("lane"), name=name, kind=kind)
    return Insert("lanes", lane, index, text="Add lane"), lane.id


def delete_items(doc: Document, ids: Iterable[str]) -> Macro:
    """Delete entities and everything that depends on them, as one undo step.

    Stages and lanes take their cards with them, cards their flows; a deleted persona is
    taken off the cards and flows that mention it.
    """
    wanted = set(ids)
    stages = [s.id for s in doc.stages if s.id in wanted]
    lanes = [lane.id for lane in doc.lanes if lane.id in wanted]
    personas = [p.id for p in doc.personas if p.id in wanted]
    cards = {c.id for c in doc.cards if c.id in wanted or c.stage in stages or c.lane in lanes}
    flows = {f.id for f in doc.flows if f.id in wanted or f.source in cards or f.target in cards}
    commands: list[Command] = [Remove("flows", fid) for fid in doc.flows.ids() if fid in flows]
    gone_targets = cards | set(stages) | set(lanes)
    commands += [Remove("threads", t.id) for t in doc.threads if t.id in wanted or t.target in gone_targets]
    for vote in doc.votes:
        if vote.id in wanted:
            commands.append(Remove("votes", vote.id))
        elif cards & set(vote.candidates):
            kept = [c for c in vote.candidates if c not in cards]
            dots = {name: [c for c in chosen if c not in cards] for name, chosen in vote.dots.items()}
            commands.append(Update("votes", vote.id, {"candidates": kept, "dots": dots}))
    commands += [Remove("cards", cid) for cid in reversed(doc.cards.ids()) if cid in cards]
    gone = set(personas)
    if gone:
        for card in doc.cards:
            if card.id in cards:
                continue
            if gone & set(card.personas) or gone & set(card.emotion):
                kept_tags = [p for p in card.personas if p not in gone]
                kept_scores = {p: s for p, s in card.emotion.items() if p not in gone}
                commands.append(Update("cards", card.id, {"personas": kept_tags, "emotion": kept_scores}))
        for flow in doc.flows:
            if flow.id not in flows and flow.persona in gone:
                commands.append(Update("flows", flow.id, {"persona": ""}))
    commands += [Remove("stages", sid) for sid in reversed(stages)]
    commands += [Remove("lanes", lid) for lid in reversed(lanes)]
    commands += [Remove("personas", pid) for pid in reversed(personas)]
    count = len(cards | flows | set(stages) | set(lanes) | gone)
    return Macro("Delete" if count == 1 else f"Delete {count} items", commands)


def move_cards(
    doc: Document, card_ids: list[str], stage: str, lane: str, position: int | None = None
) -> Macro:
    """Move cards (in their display order) into one cell, starting at ``position``."""
    if stage not in doc.stages or lane not in doc.lanes:
        raise ModelError("no such cell")
    order = {cid: i for i, cid in enumerate(doc.cards.ids())}
    moving = sorted(card_ids, key=lambda cid: order[cid])
    others = [c for c in doc.cell_cards(stage, lane) if c.id not in set(moving)]
    start = len(others) if position is None else max(0, min(position, len(others)))
    commands: list[Command] = [MoveCard(cid, stage, lane, start + i) for i, cid in enumerate(moving)]
    return Macro("Move card" if len(moving) == 1 else f"Move {len(moving)} cards", commands)


def reorder(doc: Document, collection: str, item_id: str, index: int) -> Command:
    """Put a stage, lane or persona at a new index."""
    noun = collection[:-1]
    return Move(collection, item_id, index, text=f"Reorder {noun}s")


def connect_cards(doc: Document, card_ids: list[str], persona: str = "") -> tuple[Macro, list[str]]:
    """Flows from each card to the next, in the given order; pairs already connected are skipped."""
    existing = {(f.source, f.target) for f in doc.flows}
    commands: list[Command] = []
    new_ids: list[str] = []
    for source, target in itertools.pairwise(card_ids):
        if source == target or (source, target) in existing:
            continue
        flow = Flow(new_id("flow"), source, target, persona)
        existing.add((source, target))
        commands.append(Insert("flows", flow, text="Connect cards"))
        new_ids.append(flow.id)
    text = "Connect cards" if len(new_ids) == 1 else f"Connect {len(new_ids) + 1} cards"
    return Macro(text, commands), new_ids


def path_order(doc: Document, card_ids: list[str]) -> list[str]:
    """Cards in the order a customer meets them: by stage, then by place in the map."""
    stage_index = {sid: i for i, sid in enumerate(doc.stages.ids())}
    position = {cid: i for i, cid in enumerate(doc.cards.ids())}
    return sorted(card_ids, key=lambda cid: (stage_index[doc.cards[cid].stage], position[cid]))


def reverse_flow(doc: Document, flow_id: str) -> Command:
    flow = doc.flows[flow_id]
    return Update("flows", flow_id, {"source": flow.target, "target": flow.source}, "Reverse flow")


def delete_persona(doc: Document, persona_id: str, move_to: str = "") -> Macro:
    """Delete a persona. Its tags, scores and flows go to ``move_to`` when given, else away."""
    if not move_to:
        return delete_items(doc, [persona_id])
    if move_to not in doc.personas or move_to == persona_id:
        raise ModelError("choose another persona to take over the tags and scores")
    commands: list[Command] = []
    for card in doc.cards:
        if persona_id not in card.personas and persona_id not in card.emotion:
            continue
        tags = list(dict.fromkeys(move_to if p == persona_id else p for p in card.personas))
        scores = {p: s for p, s in card.emotion.items() if p != persona_id}
        if persona_id in card.emotion and move_to not in scores:
            scores[move_to] = card.emotion[persona_id]
        commands.append(Update("cards", card.id, {"personas": tags, "emotion": scores}))
    commands += [Update("flows", f.id, {"persona": move_to}) for f in doc.flows if f.persona == persona_id]
    commands.append(Remove("personas", persona_id))
    return Macro("Delete persona", commands)


def add_persona(doc: Document, name: str = "New persona") -> tuple[Command, str]:
    """A new persona shown on the map, in the next unused palette colour."""
    used = {p.colour for p in doc.personas}
    colour = next((c for c in PERSONA_COLOURS if c not in used), PERSONA_COLOURS[len(doc.personas) % 6])
    persona = Persona(new_id("persona"), name, colour=colour)
    return Insert("personas", persona, text="Add persona"), persona.id


def duplicate_persona(doc: Document, persona_id: str) -> tuple[Command, str]:
    source = doc.personas[persona_id]
    copy_ = replace(source, id=new_id("persona"), name=f"{source.name} (copy)", on_map=True)
    index = doc.personas.index(persona_id) + 1
    return Insert("personas", copy_, index, text="Duplicate persona"), copy_.id
