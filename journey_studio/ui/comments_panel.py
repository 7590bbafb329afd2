"""The comments panel: threads on cards, stages, lanes and the map; reply, resolve, jump to them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from ..edit import Command
from ..edit.workshop import reply, set_resolved
from ..model import Document, ModelError, Thread
from .document_panel import DocumentPanel


def target_name(doc: Document, target: str) -> str:
    """What a thread is about, as a person reads it."""
    if target == "map":
        return "The map"
    card = doc.cards.get(target)
    if card is not None:
        return f"Card “{card.title or 'Untitled'}”"
    stage = doc.stages.get(target)
    if stage is not None:
        return f"Stage “{stage.name}”"
    lane = doc.lanes.get(target)
    return f"Lane “{lane.name}”" if lane is not None else target


class CommentsPanel(DocumentPanel):
    """Lists open threads (resolved ones on request) and shows the chosen one."""

    watched = ("threads", "cards", "stages", "lanes")

    thread_activated = Signal(str)  # the thread's target id

    def __init__(self, push: Callable[[Command], bool], author: Callable[[], str]) -> None:
        super().__init__()
        self.push = push
        self.author = author
        self.show_resolved = QCheckBox("Show resolved")
        self.show_resolved.setObjectName("comments-show-resolved")
        self.show_resolved.toggled.connect(lambda _on: self.refresh())
        self.list = QListWidget()
        self.list.setObjectName("comments-list")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(lambda _c, _p: self._show_current())
        self.list.itemClicked.connect(self._on_clicked)
        self.thread_view = QLabel()
        self.thread_view.setObjectName("comments-thread")
        self.thread_view.setWordWrap(True)
        self.thread_view.setTextFormat(Qt.TextFormat.PlainText)
        self.reply_box = QPlainTextEdit()
        self.reply_box.setObjectName("comments-reply")
        self.reply_box.setPlaceholderText("Write a reply…")
        self.reply_box.setFixedHeight(56)
        self.reply_button = QPushButton("Reply")
        self.reply_button.setObjectName("comments-reply-button")
        self.reply_button.clicked.connect(self.send_reply)
        self.resolve_button = QPushButton("Resolve")
        self.resolve_button.setObjectName("comments-resolve-button")
        self.resolve_button.clicked.connect(self.toggle_resolved)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reply_button)
        buttons.addWidget(self.resolve_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.show_resolved)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.thread_view, 1)
        layout.addWidget(self.reply_box)
        layout.addLayout(buttons)

    def visible_threads(self) -> list[Thread]:
        if self.doc is None:
            return []
        return [t for t in self.doc.threads if self.show_resolved.isChecked() or not t.resolved]

    def refresh(self) -> None:
        current = self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        assert self.doc is not None
        for thread in self.visible_threads():
            first = thread.comments[0] if thread.comments else None
            lines = [target_name(self.doc, thread.target) + ("  ✓ resolved" if thread.resolved else "")]
            if first is not None:
                lines.append(f"{first.author}: {first.text.splitlines()[0][:80]}")
            if len(thread.comments) > 1:
                lines.append(f"{len(thread.comments) - 1} replies")
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, thread.id)
            self.list.addItem(item)
            if thread.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._show_current()

    def current_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def select_thread(self, thread_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == thread_id:
                self.list.setCurrentRow(row)

    def _show_current(self) -> None:
        thread = self.doc.threads.get(self.current_id()) if self.doc is not None else None
        enabled = thread is not None
        self.reply_box.setEnabled(enabled)
        self.reply_button.setEnabled(enabled)
        self.resolve_button.setEnabled(enabled)
        if thread is None:
            self.thread_view.setText("Select a comment to read and answer it.")
            return
        self.resolve_button.setText("Reopen" if thread.resolved else "Resolve")
        text = "\n\n".join(
            f"{c.author} · {c.time.replace('T', ' ').rstrip('Z')} UTC\n{c.text}" for c in thread.comments
        )
        self.thread_view.setText(text)

    def _on_clicked(self, item: QListWidgetItem) -> None:
        thread = self.doc.threads.get(str(item.data(Qt.ItemDataRole.UserRole))) if self.doc else None
        if thread is not None:
            self.thread_activated.emit(thread.target)

    def send_reply(self) -> bool:
        thread_id, text = self.current_id(), self.reply_box.toPlainText()
        if self.doc is None or not thread_id or not text.strip():
            return False
        author = self.author()
        if not author:
            return False
        try:
            command = reply(self.doc, thread_id, author, text)
        except ModelError:
            return False
        if self.push(command):
            self.reply_box.clear()
            return True
        return False

    def toggle_resolved(self) -> None:
        thread = self.doc.threads.get(self.current_id()) if self.doc is not None else None
        if thread is not None and self.doc is not None:
            self.push(set_resolved(self.doc, thread.id, not thread.resolved))
