"""The journey map document: ordered collections of entities and the change events they emit."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from .entities import Card, Flow, Lane, MapInfo, Persona, Stage, Thread, Vote
from .validate import validate_entity, validate_info

COLLECTIONS: tuple[str, ...] = ("personas", "stages", "lanes", "cards", "flows", "threads", "votes")

Entity = Persona | Stage | Lane | Card | Flow | Thread | Vote
E = TypeVar("E", Persona, Stage, Lane, Card, Flow, Thread, Vote)


class ModelError(ValueError):
    """An operation that would leave the document inconsistent."""


def new_id(prefix: str) -> str:
    """A fresh, stable, unique id such as ``card-3f9a1c2b7d``."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@dataclass(frozen=True)
class Change:
    """One thing that changed: ``action`` is added, removed, changed, moved or info."""

    action: str
    collection: str
    id: str = ""
    fields: tuple[str, ...] = ()


Observer = Callable[[list[Change]], None]


class OrderedCollection(Generic[E]):
    """Entities kept in display order and found by id."""

    def __init__(self, items: list[E] | None = None) -> None:
        self._items: list[E] = []
        self._by_id: dict[str, E] = {}
        for item in items or []:
            self._append(item)

    def _append(self, item: E) -> None:
        if item.id in self._by_id:
            raise ModelError(f"duplicate id {item.id!r}")
        self._items.append(item)
        self._by_id[item.id] = item

    def __iter__(self) -> Iterator[E]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._by_id

    def __getitem__(self, item_id: str) -> E:
        try:
            return self._by_id[item_id]
        except KeyError:
            raise ModelError(f"no item with id {item_id!r}") from None

    def get(self, item_id: str) -> E | None:
        return self._by_id.get(item_id)

    def mapping(self) -> Mapping[str, E]:
        """A read-only view of the entities by id (fast lookups in hot loops)."""
        return MappingProxyType(self._by_id)

    def ids(self) -> list[str]:
        return [item.id for item in self._items]

    def index(self, item_id: str) -> int:
        return self._items.index(self[item_id])

    def at(self, index: int) -> E:
        return self._items[index]

    def _insert(self, item: E, index: int) -> None:
        if item.id in self._by_id:
            raise ModelError(f"duplicate id {item.id!r}")
        index = max(0, min(index, len(self._items)))
        self._items.insert(index, item)
        self._by_id[item.id] = item

    def _remove(self, item_id: str) -> tuple[E, int]:
        item = self[item_id]
        index = self._items.index(item)
        del self._items[index]
        del self._by_id[item_id]
        return item, index

    def _move(self, item_id: str, index: int) -> int:
        item, old = self._remove(item_id)
        self._insert(item, index)
        return old


class Document:
    """A whole journey map. Every mutation goes through the methods below and is observable."""

    def __init__(
        self,
        info: MapInfo | None = None,
        personas: list[Persona] | None = None,
        stages: list[Stage] | None = None,
        lanes: list[Lane] | None = None,
        cards: list[Card] | None = None,
        flows: list[Flow] | None = None,
        threads: list[Thread] | None = None,
        votes: list[Vote] | None = None,
    ) -> None:
        self.info = info or MapInfo()
        self.personas: OrderedCollection[Persona] = OrderedCollection(personas)
        self.stages: OrderedCollection[Stage] = OrderedCollection(stages)
        self.lanes: OrderedCollection[Lane] = OrderedCollection(lanes)
        self.cards: OrderedCollection[Card] = OrderedCollection(cards)
        self.flows: OrderedCollection[Flow] = OrderedCollection(flows)
        self.threads: OrderedCollection[Thread] = OrderedCollection(threads)
        self.votes: OrderedCollection[Vote] = OrderedCollection(votes)
        self._observers: list[Observer] = []
        self._pending: list[Change] = []
        self._depth = 0
        self.check_consistency()

    # ---- observation -------------------------------------------------------------------------
    def observe(self, observer: Observer) -> None:
        """Call ``observer`` with the list of changes at the end of each transaction."""
        self._observers.append(observer)

    def unobserve(self, observer: Observer) -> None:
        if observer in self._observers:
            self._observers.remove(observer)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group mutations so observers hear about them once, at the end."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0 and self._pending:
                changes, self._pending = self._pending, []
                for observer in list(self._observers):
                    observer(changes)

    def _emit(self, change: Change) -> None:
        with self.transaction():
            self._pending.append(change)

    # ---- lookup ------------------------------------------------------------------------------
    def collection(self, name: str) -> OrderedCollection[Any]:
        if name not in COLLECTIONS:
            raise ModelError(f"unknown collection {name!r}")
        coll: OrderedCollection[Any] = getattr(self, name)
        return coll

    def find(self, item_id: str) -> tuple[str, Entity] | None:
        """The collection name and entity with this id, in any collection."""
        for name in COLLECTIONS:
            item = self.collection(name).get(item_id)
            if item is not None:
                return name, item
        return None

    def cell_cards(self, stage_id: str, lane_id: str) -> list[Card]:
        """The cards of one cell, in display order."""
        return [c for c in self.cards if c.stage == stage_id and c.lane == lane_id]

    def flows_of(self, card_ids: set[str]) -> list[Flow]:
        """Flows that start or end at any of these cards."""
        return [f for f in self.flows if f.source in card_ids or f.target in card_ids]

    def global_index_in_cell(self, stage_id: str, lane_id: str, position: int, moving: str = "") -> int:
        """Index in the card list that puts a card at ``position`` within a cell.

        ``moving`` is the id of a card being moved; it is left out of the count.
        """
        cell = [c for c in self.cell_cards(stage_id, lane_id) if c.id != moving]
        ordered = [c.id for c in self.cards if c.id != moving]
        if not cell:
            return len(ordered)
        if position >= len(cell):
            return ordered.index(cell[-1].id) + 1
        return ordered.index(cell[max(0, position)].id)

    # ---- mutation primitives -----------------------------------------------------------------
    def insert(self, name: str, item: Entity, index: int | None = None) -> None:
        """Add an entity at ``index`` (the end by default)."""
        coll = self.collection(name)
        self._check_refs(name, item)
        coll._insert(item, len(coll) if index is None else index)
        self._emit(Change("added", name, item.id))

    def remove(self, name: str, item_id: str) -> tuple[Entity, int]:
        """Take an entity out; nothing may still refer to it. Returns it and its index."""
        self._check_unreferenced(name, item_id)
        item, index = self.collection(name)._remove(item_id)
        self._emit(Change("removed", name, item_id))
        return item, index

    def move(self, name: str, item_id: str, index: int) -> int:
        """Put an entity at a new index; returns the old one."""
        old = self.collection(name)._move(item_id, index)
        self._emit(Change("moved", name, item_id))
        return old

    def update(self, name: str, item_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Set fields of an entity; returns their old values."""
        item = self.collection(name)[item_id]
        known = {f.name for f in fields(item)}
        unknown = (set(changes) - known) | ({"id"} & set(changes))
        if unknown:
            raise ModelError(f"cannot set {', '.join(sorted(unknown))} on {name}")
        candidate = copy.copy(item)
        for key, value in changes.items():
            setattr(candidate, key, copy.deepcopy(value))
        self._check_refs(name, candidate)
        old = {key: getattr(item, key) for key in changes}
        for key in changes:
            setattr(item, key, getattr(candidate, key))
        self._emit(Change("changed", name, item_id, tuple(changes)))
        return old

    def update_info(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Set map-level fields; returns their old values."""
        known = {f.name for f in fields(self.info)}
        if set(changes) - known:
            raise ModelError(f"cannot set {', '.join(sorted(set(changes) - known))} on the map")
        candidate = copy.deepcopy(self.info)
        for key, value in changes.items():
            setattr(candidate, key, copy.deepcopy(value))
        problems = validate_info(candidate)
        if problems:
            raise ModelError(problems[0])
        old = {key: getattr(self.info, key) for key in changes}
        for key, value in changes.items():
            setattr(self.info, key, copy.deepcopy(value))
        self._emit(Change("info", "info", "", tuple(changes)))
        return old

    # ---- integrity ---------------------------------------------------------------------------
    def _check_refs(self, name: str, item: Entity) -> None:
        problems = validate_entity(item)
        if problems:
            raise ModelError(problems[0])
        if isinstance(item, Card):
            if item.stage not in self.stages:
                raise ModelError(f"card {item.id!r} refers to unknown stage {item.stage!r}")
            if item.lane not in self.lanes:
                raise ModelError(f"card {item.id!r} refers to unknown lane {item.lane!r}")
            for pid in list(item.personas) + list(item.emotion):
                if pid not in self.personas:
                    raise ModelError(f"card {item.id!r} refers to unknown persona {pid!r}")
        elif isinstance(item, Flow):
            for end in (item.source, item.target):
                if end not in self.cards:
                    raise ModelError(f"flow {item.id!r} refers to unknown card {end!r}")
            if item.persona and item.persona not in self.personas:
                raise ModelError(f"flow {item.id!r} refers to unknown persona {item.persona!r}")
        elif isinstance(item, Thread):
            if item.target != "map" and not any(
                item.target in c for c in (self.cards, self.stages, self.lanes)
            ):
                raise ModelError(f"comment thread {item.id!r} is about unknown item {item.target!r}")
        elif isinstance(item, Vote):
            for card_id in item.candidates:
                if card_id not in self.cards:
                    raise ModelError(f"vote {item.id!r} refers to unknown card {card_id!r}")

    def _check_unreferenced(self, name: str, item_id: str) -> None:
        users = self.references_to(name, item_id)
        if users:
            raise ModelError(f"{item_id!r} is still used by {users[0]!r}")

    def references_to(self, name: str, item_id: str) -> list[str]:
        """Ids of entities that refer to this one (what a delete must cascade to)."""
        about = [t.id for t in self.threads if t.target == item_id]
        if name == "stages":
            return [c.id for c in self.cards if c.stage == item_id] + about
        if name == "lanes":
            return [c.id for c in self.cards if c.lane == item_id] + about
        if name == "cards":
            flows = [f.id for f in self.flows if item_id in (f.source, f.target)]
            return flows + about + [v.id for v in self.votes if item_id in v.candidates]
        if name == "personas":
            users = [c.id for c in self.cards if item_id in c.personas or item_id in c.emotion]
            return users + [f.id for f in self.flows if f.persona == item_id]
        return []

    def check_consistency(self) -> None:
        """Raise ModelError unless every reference points at an existing entity."""
        for card in self.cards:
            self._check_refs("cards", card)
        for flow in self.flows:
            self._check_refs("flows", flow)
        for thread in self.threads:
            self._check_refs("threads", thread)
        for vote in self.votes:
            self._check_refs("votes", vote)
