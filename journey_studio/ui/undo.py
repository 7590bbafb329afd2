"""The bridge from edit commands to Qt's QUndoStack."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..edit import Command
from ..model import Document, ModelError

_merge_ids: dict[str, int] = {}


def _merge_id(key: str | None) -> int:
    if key is None:
        return -1
    return _merge_ids.setdefault(key, len(_merge_ids) + 1)


class CommandAdapter(QUndoCommand):
    """Wraps one edit command; the first redo is skipped because the command already ran."""

    def __init__(self, doc: Document, command: Command) -> None:
        super().__init__(command.text)
        self.doc = doc
        self.command = command
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.command.apply(self.doc)

    def undo(self) -> None:
        self.command.revert(self.doc)

    def id(self) -> int:
        return _merge_id(self.command.merge_key)

    def mergeWith(self, other: QUndoCommand) -> bool:
        return isinstance(other, CommandAdapter) and self.command.merge(other.command)


class UndoController:
    """Runs commands on a document and records them on a QUndoStack."""

    def __init__(self, doc: Document, on_error: Callable[[str], None], parent: QObject | None = None) -> None:
        self.doc = doc
        self.stack = QUndoStack(parent)
        self.on_error = on_error

    def push(self, command: Command) -> bool:
        """Apply ``command``; on success record it for undo. False (and a message) if refused."""
        try:
            command.apply(self.doc)
        except ModelError as error:
            self.on_error(str(error))
            return False
        self.stack.push(CommandAdapter(self.doc, command))
        return True
