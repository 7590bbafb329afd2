"""A plain undo history for headless use (the app uses Qt's QUndoStack through ui.undo)."""

from __future__ import annotations

from ..model import Document
from .commands import Command


class History:
    """Apply commands to a document and undo or redo them in order."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def push(self, command: Command) -> None:
        command.apply(self.doc)
        self._undone.clear()
        if self._done and self._done[-1].merge(command):
            return
        self._done.append(command)

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo(self) -> None:
        command = self._done.pop()
        command.revert(self.doc)
        self._undone.append(command)

    def redo(self) -> None:
        command = self._undone.pop()
        command.apply(self.doc)
        self._done.append(command)
