"""A dock panel that follows one document and refreshes when the collections it shows change."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..model import Change, Document


class DocumentPanel(QWidget):
    """Subclasses name the collections they show in ``watched`` and implement ``refresh``."""

    watched: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.doc: Document | None = None

    def set_document(self, doc: Document) -> None:
        """Follow ``doc`` (and stop following the one before)."""
        if self.doc is not None:
            self.doc.unobserve(self._on_changes)
        self.doc = doc
        doc.observe(self._on_changes)
        self.refresh()

    def _on_changes(self, changes: list[Change]) -> None:
        if any(c.collection in self.watched for c in changes):
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError
