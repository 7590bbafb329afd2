"""Copy and paste of cards as plain data, within one map or between maps."""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import Any

from ..model import Card, Document, Flow, ModelError, new_id
from ..model.validate import validate_entity
from .commands import Command, Insert, Macro

CLIPBOARD_FORMAT = "journey-studio-cards"


def copy_cards(doc: Document, card_ids: list[str]) -> dict[str, Any]:
    """The selected cards (and flows among them) as a JSON-ready payload."""
    chosen = set(card_ids)
    cards = [c for c in doc.cards if c.id in chosen]
    payload_cards = []
    for card in cards:
        entry = asdict(card)
        entry["stage_name"] = doc.stages[card.stage].name
        entry["lane_name"] = doc.lanes[card.lane].name
        entry["lane_kind"] = doc.lanes[card.lane].kind
        payload_cards.append(entry)
    flows = [asdict(f) for f in doc.flows if f.source in chosen and f.target in chosen]
    personas = {p.id: p.name for p in doc.personas}
    return {"format": CLIPBOARD_FORMAT, "cards": payload_cards, "flows": flows, "personas": personas}


def _target_cell(doc: Document, entry: dict[str, Any]) -> tuple[str, str]:
    """The cell a pasted card goes to: same ids, else same names, else same lane kind."""
    stage = entry.get("stage")
    if stage not in doc.stages:
        stage = next((s.id for s in doc.stages if s.name == entry.get("stage_name")), doc.stages.ids()[0])
    lane = entry.get("lane")
    if lane not in doc.lanes:
        lanes = list(doc.lanes)
        lane = next(
            (ln.id for ln in lanes if ln.name == entry.get("lane_name")),
            next((ln.id for ln in lanes if ln.kind == entry.get("lane_kind")), lanes[0].id),
        )
    return str(stage), str(lane)


def paste_cards(
    doc: Document, payload: dict[str, Any], cell: tuple[str, str] | None = None
) -> tuple[Command, list[str]]:
    """A command that adds copies of the payload's cards, and their new ids.

    Cards go to ``cell`` when given, else to the cell they came from (matched by id, name
    or lane kind). Persona tags are kept when the persona exists here, matched by id or name.
    """
    if not isinstance(payload, dict) or payload.get("format") != CLIPBOARD_FORMAT:
        raise ModelError("the clipboard holds no Journey Studio cards")
    if not len(doc.stages) or not len(doc.lanes):
        raise ModelError("add a stage and a lane before pasting cards")
    by_name = {p.name: p.id for p in doc.personas}
    source_names: dict[str, str] = payload.get("personas", {})

    def persona_here(pid: str) -> str | None:
        if pid in doc.personas:
            return pid
        return by_name.get(source_names.get(pid, ""))

    commands: list[Command] = []
    new_ids: dict[str, str] = {}
    staged: list[Card] = []
    for entry in payload.get("cards", []):
        stage, lane = cell or _target_cell(doc, entry)
        tags = [p for p in (persona_here(pid) for pid in entry.get("personas", [])) if p]
        scores = {persona_here(pid): s for pid, s in dict(entry.get("emotion", {})).items()}
        card = Card(
            id=new_id("card"),
            kind=str(entry.get("kind", "note")),
            stage=stage,
            lane=lane,
            title=str(entry.get("title", "")),
            description=str(entry.get("description", "")),
            channel=str(entry.get("channel", "")),
            owner=str(entry.get("owner", "")),
            metrics=copy.deepcopy(dict(entry.get("metrics", {}))),
            personas=list(dict.fromkeys(tags)),
            emotion={p: s for p, s in scores.items() if p},
            exit=bool(entry.get("exit", False)),
        )
        problems = validate_entity(card)
        if problems:
            raise ModelError(problems[0])
        new_ids[str(entry.get("id"))] = card.id
        staged.append(card)
    # Pasted cards go after the last card of their cell, in payload order.
    order = doc.cards.ids()
    cell_of = {c.id: (c.stage, c.lane) for c in doc.cards}
    for card in staged:
        cell_of[card.id] = (card.stage, card.lane)
        last = [i for i, cid in enumerate(order) if cell_of[cid] == (card.stage, card.lane)]
        index = last[-1] + 1 if last else len(order)
        commands.append(Insert("cards", card, index))
        order.insert(index, card.id)
    for entry in payload.get("flows", []):
        source, target = new_ids.get(entry.get("source", "")), new_ids.get(entry.get("target", ""))
        if source and target:
            persona = persona_here(entry.get("persona", "")) or ""
            flow = Flow(new_id("flow"), source, target, persona, str(entry.get("label", "")))
            commands.append(Insert("flows", flow))
    count = len(staged)
    return Macro("Paste card" if count == 1 else f"Paste {count} cards", commands), [c.id for c in staged]
