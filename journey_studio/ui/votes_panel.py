"""The votes panel: start a dot vote, spend dots per participant, see results, end the vote."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..edit import Command
from ..edit.workshop import add_dot, end_vote, remove_dot, start_vote
from ..model import ModelError, Vote
from .document_panel import DocumentPanel

SCOPES = (("pain_point", "Pain points"), ("opportunity", "Opportunities"), ("selection", "Selected cards"))


class NewVoteDialog(QDialog):
    """Name, what to vote on, dots per participant and (optionally) the participants' names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start a dot vote")
        self.name = QLineEdit("What matters most?")
        self.scope = QComboBox()
        for value, label in SCOPES:
            self.scope.addItem(label, value)
        self.dots = QSpinBox()
        self.dots.setRange(1, 99)
        self.dots.setValue(3)
        self.people = QPlainTextEdit()
        self.people.setPlaceholderText("One name per line (optional)")
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Vote on", self.scope)
        form.addRow("Dots each", self.dots)
        form.addRow("Participants", self.people)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, int, list[str]]:
        people = [line.strip() for line in self.people.toPlainText().splitlines() if line.strip()]
        return self.name.text(), str(self.scope.currentData()), self.dots.value(), people


class VotesPanel(DocumentPanel):
    """Shows one vote at a time: its results, and dots to add or remove for a participant."""

    watched = ("votes", "cards")

    marks_changed = Signal(dict)  # card id -> dots, for the canvas
    card_activated = Signal(str)

    def __init__(self, push: Callable[[Command], bool], selected_cards: Callable[[], list[str]]) -> None:
        super().__init__()
        self.push = push
        self.selected_cards = selected_cards
        self.votes = QComboBox()
        self.votes.setObjectName("votes-combo")
        self.votes.activated.connect(lambda _i: self.refresh())
        self.participant = QComboBox()
        self.participant.setObjectName("votes-participant")
        self.results = QListWidget()
        self.results.setObjectName("votes-results")
        self.results.itemDoubleClicked.connect(
            lambda item: self.dot_on(str(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.results.itemClicked.connect(
            lambda item: self.card_activated.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        new_button = QPushButton("New Vote…")
        new_button.setObjectName("votes-new")
        new_button.clicked.connect(self.new_vote)
        self.plus = QPushButton("+ Dot")
        self.plus.setObjectName("votes-plus")
        self.plus.clicked.connect(lambda: self._on_selected(add=True))
        self.minus = QPushButton("− Dot")
        self.minus.setObjectName("votes-minus")
        self.minus.clicked.connect(lambda: self._on_selected(add=False))
        self.end = QPushButton("End Vote")
        self.end.setObjectName("votes-end")
        self.end.clicked.connect(self.end_current)
        top = QHBoxLayout()
        top.addWidget(self.votes, 1)
        top.addWidget(new_button)
        who = QHBoxLayout()
        who.addWidget(QLabel("Dots from"))
        who.addWidget(self.participant, 1)
        buttons = QHBoxLayout()
        for button in (self.plus, self.minus, self.end):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(who)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def current(self) -> Vote | None:
        if self.doc is None:
            return None
        vote_id = self.votes.currentData()
        return self.doc.votes.get(vote_id) if vote_id else None

    def refresh(self) -> None:
        if self.doc is None:
            return
        chosen = self.votes.currentData()
        votes = list(self.doc.votes)
        if chosen not in self.doc.votes and votes:
            chosen = votes[-1].id
        self.votes.blockSignals(True)
        self.votes.clear()
        for each in votes:
            self.votes.addItem(f"{each.name} · {each.date}" + (" (ended)" if each.closed else ""), each.id)
        self.votes.setCurrentIndex(max(0, self.votes.findData(chosen)))
        self.votes.blockSignals(False)
        vote = self.current()
        person = self.participant.currentText()
        self.participant.clear()
        self.results.clear()
        if vote is None:
            self.status.setText("No vote yet. Start one to let the room choose what matters most.")
            self.marks_changed.emit({})
            for button in (self.plus, self.minus, self.end):
                button.setEnabled(False)
            return
        for index, name in enumerate(vote.participants, start=1):
            left = vote.dots_per_participant - len(vote.dots.get(name, []))
            self.participant.addItem(f"{index}. {name} ({left} left)", name)
        self.participant.setCurrentIndex(max(0, self.participant.findText(person)))
        totals = vote.totals()
        order = sorted(vote.candidates, key=lambda c: (-totals.get(c, 0), vote.candidates.index(c)))
        for card_id in order:
            card = self.doc.cards.get(card_id)
            item = QListWidgetItem(f"{totals.get(card_id, 0):>3} ●  {card.title if card else card_id}")
            item.setData(Qt.ItemDataRole.UserRole, card_id)
            self.results.addItem(item)
        spent = sum(totals.values())
        budget = vote.dots_per_participant * len(vote.participants)
        state = "ended — results are frozen" if vote.closed else "open"
        self.status.setText(f"{spent} of {budget} dots spent · {state}")
        for button in (self.plus, self.minus, self.end):
            button.setEnabled(not vote.closed)
        self.marks_changed.emit(totals)

    def new_vote(self) -> None:
        dialog = NewVoteDialog(self)
        if self.run_dialog(dialog):
            self.start(*dialog.values())

    def run_dialog(self, dialog: NewVoteDialog) -> bool:
        """Show the dialog (a method so tests can fill it in)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def start(self, name: str, scope: str, dots: int, people: list[str]) -> bool:
        assert self.doc is not None
        if scope == "selection":
            candidates = self.selected_cards()
        else:
            candidates = [c.id for c in self.doc.cards if c.kind == scope]
        try:
            command, vote_id = start_vote(self.doc, name, candidates, dots, people)
        except ModelError as error:
            self.status.setText(str(error))
            return False
        if self.push(command):
            self.votes.addItem(name, vote_id)
            self.votes.setCurrentIndex(self.votes.count() - 1)
            self.refresh()
            return True
        return False

    def dot_on(self, card_id: str, add: bool = True, participant: str | None = None) -> bool:
        """Add (or remove) a dot on a card from a participant (the chosen one by default)."""
        vote = self.current()
        if vote is None or self.doc is None:
            return False
        who = participant or self.participant.currentData() or ""
        try:
            make = add_dot if add else remove_dot
            command = make(self.doc, vote.id, who, card_id)
        except ModelError as error:
            self.status.setText(str(error))
            return False
        return self.push(command)

    def dot_from_number(self, number: int, card_ids: list[str], add: bool = True) -> bool:
        """Keys 1–9: a dot from participant ``number`` on each selected card in the vote."""
        vote = self.current()
        if vote is None or not 1 <= number <= len(vote.participants):
            return False
        who = vote.participants[number - 1]
        done = False
        for card_id in card_ids:
            if card_id in vote.candidates:
                done = self.dot_on(card_id, add, who) or done
        return done

    def _on_selected(self, add: bool) -> None:
        item = self.results.currentItem()
        cards = [str(item.data(Qt.ItemDataRole.UserRole))] if item is not None else self.selected_cards()
        for card_id in cards:
            self.dot_on(card_id, add)

    def end_current(self) -> None:
        vote = self.current()
        if vote is not None and self.doc is not None and not vote.closed:
            self.push(end_vote(self.doc, vote.id))
