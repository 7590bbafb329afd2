"""Undoable commands: small objects that change the document and can change it back."""

from __future__ import annotations

import copy
from typing import Any

from ..model import Document, Entity


class Command:
    """One undoable edit. ``apply`` and ``revert`` change only the document."""

    text = "Edit"
    merge_key: str | None = None  # commands with the same key may merge into one undo step

    def apply(self, doc: Document) -> None:
        raise NotImplementedError

    def revert(self, doc: Document) -> None:
        raise NotImplementedError

    def merge(self, other: Command) -> bool:
        """Absorb ``other`` (already applied) into this command; False if they do not merge."""
        return False


class Insert(Command):
    """Add an entity at an index."""

    def __init__(self, collection: str, item: Entity, index: int | None = None, text: str = "") -> None:
        self.collection, self.item, self.index = collection, item, index
        self.text = text or f"Add {collection[:-1]}"

    def apply(self, doc: Document) -> None:
        doc.insert(self.collection, copy.deepcopy(self.item), self.index)

    def revert(self, doc: Document) -> None:
        doc.remove(self.collection, self.item.id)


class Remove(Command):
    """Take an entity out (nothing may refer to it any more)."""

    def __init__(self, collection: str, item_id: str, text: str = "") -> None:
        self.collection, self.item_id = collection, item_id
        self.text = text or f"Delete {collection[:-1]}"
        self._removed: tuple[Entity, int] | None = None

    def apply(self, doc: Document) -> None:
        self._removed = doc.remove(self.collection, self.item_id)

    def revert(self, doc: Document) -> None:
        assert self._removed is not None
        item, index = self._removed
        doc.insert(self.collection, item, index)


class Update(Command):
    """Set fields of one entity. Updates with the same ``merge_key`` merge (typing, resizing)."""

    def __init__(
        self,
        collection: str,
        item_id: str,
        changes: dict[str, Any],
        text: str = "",
        merge_key: str | None = None,
    ) -> None:
        self.collection, self.item_id, self.changes = collection, item_id, dict(changes)
        self.text = text or f"Change {collection[:-1]}"
        self.merge_key = merge_key
        self._old: dict[str, Any] = {}

    def apply(self, doc: Document) -> None:
        self._old = doc.update(self.collection, self.item_id, self.changes)

    def revert(self, doc: Document) -> None:
        doc.update(self.collection, self.item_id, self._old)

    def merge(self, other: Command) -> bool:
        if (
            not isinstance(other, Update)
            or self.merge_key is None
            or other.merge_key != self.merge_key
            or (other.collection, other.item_id) != (self.collection, self.item_id)
            or set(other.changes) != set(self.changes)
        ):
            return False
        self.changes = dict(other.changes)
        return True


class UpdateInfo(Command):
    """Set map-level fields."""

    def __init__(
        self, changes: dict[str, Any], text: str = "Change map", merge_key: str | None = None
    ) -> None:
        self.changes, self.text, self.merge_key = dict(changes), text, merge_key
        self._old: dict[str, Any] = {}

    def apply(self, doc: Document) -> None:
        self._old = doc.update_info(self.changes)

    def revert(self, doc: Document) -> None:
        doc.update_info(self._old)

    def merge(self, other: Command) -> bool:
        if (
            not isinstance(other, UpdateInfo)
            or self.merge_key is None
            or other.merge_key != self.merge_key
            or set(other.changes) != set(self.changes)
        ):
            return False
        self.changes = dict(other.changes)
        return True


class Move(Command):
    """Put an entity at a new place in its collection's order."""

    def __init__(self, collection: str, item_id: str, index: int, text: str = "") -> None:
        self.collection, self.item_id, self.index = collection, item_id, index
        self.text = text or f"Reorder {collection}"
        self._old = 0

    def apply(self, doc: Document) -> None:
        self._old = doc.move(self.collection, self.item_id, self.index)

    def revert(self, doc: Document) -> None:
        doc.move(self.collection, self.item_id, self._old)


class MoveCard(Command):
    """Put a card into a cell at a position among that cell's cards."""

    def __init__(self, card_id: str, stage: str, lane: str, position: int) -> None:
        self.card_id, self.stage, self.lane, self.position = card_id, stage, lane, position
        self.text = "Move card"
        self._old_cell: dict[str, Any] = {}
        self._old_index = 0

    def apply(self, doc: Document) -> None:
        with doc.transaction():
            index = doc.global_index_in_cell(self.stage, self.lane, self.position, moving=self.card_id)
            self._old_index = doc.move("cards", self.card_id, index)
            self._old_cell = doc.update("cards", self.card_id, {"stage": self.stage, "lane": self.lane})

    def revert(self, doc: Document) -> None:
        with doc.transaction():
            doc.update("cards", self.card_id, self._old_cell)
            doc.move("cards", self.card_id, self._old_index)


class Macro(Command):
    """Several commands as one undo step."""

    def __init__(self, text: str, commands: list[Command]) -> None:
        self.text, self.commands = text, list(commands)

    def apply(self, doc: Document) -> None:
        done: list[Command] = []
        with doc.transaction():
            try:
                for command in self.commands:
                    command.apply(doc)
                    done.append(command)
            except Exception:
                for command in reversed(done):
                    command.revert(doc)
                raise

    def revert(self, doc: Document) -> None:
        with doc.transaction():
            for command in reversed(self.commands):
                command.revert(doc)

    def __bool__(self) -> bool:
        return bool(self.commands)
