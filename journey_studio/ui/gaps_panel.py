"""The Gaps panel: the path-gap check's findings, rerun after edits, filtered, clickable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..analysis import SEVERITIES, Finding, check_document
from ..edit import Command, UpdateInfo
from ..model import Change, Document

DEBOUNCE_MS = 350
SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Notes"}


class GapsPanel(QWidget):
    """Lists findings grouped by severity; emits the finding a user clicks."""

    finding_activated = Signal(object)  # a Finding
    findings_changed = Signal(list)  # all current findings (unfiltered by the panel's severity)

    def __init__(self, push: Callable[[Command], bool] | None = None) -> None:
        super().__init__()
        self.push = push
        self.doc: Document | None = None
        self.acknowledged: list[Finding] = []
        self.findings: list[Finding] = []
        self.persona_filter = QComboBox()
        self.persona_filter.setObjectName("gaps-persona")
        self.severity_filter = QComboBox()
        self.severity_filter.setObjectName("gaps-severity")
        choices = (("All severities", "info"), ("Errors and warnings", "warning"), ("Errors", "error"))
        for label, value in choices:
            self.severity_filter.addItem(label, value)
        self.summary = QLabel()
        self.show_acknowledged = QCheckBox("Show findings marked as intended")
        self.show_acknowledged.setObjectName("gaps-show-acknowledged")
        self.show_acknowledged.toggled.connect(lambda _on: self.rerun())
        self.tree = QTreeWidget()
        self.tree.setObjectName("gaps-tree")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.itemClicked.connect(self._on_clicked)
        self.tree.itemActivated.connect(self._on_clicked)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        filters = QHBoxLayout()
        filters.addWidget(self.persona_filter, 1)
        filters.addWidget(self.severity_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.show_acknowledged)
        layout.addWidget(self.tree, 1)
        self.persona_filter.activated.connect(lambda _i: self.rerun())
        self.severity_filter.activated.connect(lambda _i: self.rerun())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.rerun)

    def set_document(self, doc: Document) -> None:
        if self.doc is not None:
            self.doc.unobserve(self._on_changes)
        self.doc = doc
        doc.observe(self._on_changes)
        self._fill_personas()
        self.rerun()

    def _fill_personas(self) -> None:
        assert self.doc is not None
        current = self.persona_filter.currentData()
        self.persona_filter.blockSignals(True)
        self.persona_filter.clear()
        self.persona_filter.addItem("All personas", None)
        for persona in self.doc.personas:
            self.persona_filter.addItem(persona.name, persona.id)
        self.persona_filter.setCurrentIndex(max(0, self.persona_filter.findData(current)))
        self.persona_filter.blockSignals(False)

    def _on_changes(self, changes: list[Change]) -> None:
        if any(c.collection == "personas" for c in changes):
            self._fill_personas()
        self._timer.start()  # debounced: a burst of edits reruns the check once

    def rerun(self) -> None:
        """Run the check now and show the findings."""
        self._timer.stop()
        if self.doc is None:
            return
        persona = self.persona_filter.currentData()
        lowest = str(self.severity_filter.currentData() or "info")
        shown = SEVERITIES[: SEVERITIES.index(lowest) + 1]
        marked = self.doc.info.acknowledged
        everything = check_document(self.doc)
        wanted = [
            f for f in everything if f.severity in shown and (persona is None or f.persona in ("", persona))
        ]
        self.findings = [f for f in wanted if f.key not in marked]
        self.acknowledged = (
            [f for f in wanted if f.key in marked] if self.show_acknowledged.isChecked() else []
        )
        self.findings_changed.emit([f for f in everything if f.key not in marked])
        self._show()

    def _show(self) -> None:
        self.tree.clear()
        counts = {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}
        self.summary.setText(
            ", ".join(f"{n} {SEVERITY_TITLES[s].lower()}" for s, n in counts.items() if n) or "No gaps found."
        )
        for severity in SEVERITIES:
            if not counts[severity]:
                continue
            group = QTreeWidgetItem([f"{SEVERITY_TITLES[severity]} ({counts[severity]})"])
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(group)
            for finding in self.findings:
                if finding.severity == severity:
                    item = QTreeWidgetItem([finding.message])
                    item.setToolTip(0, f"{finding.kind}: {finding.message}")
                    item.setData(0, Qt.ItemDataRole.UserRole, finding)
                    group.addChild(item)
            group.setExpanded(True)
        if self.acknowledged:
            group = QTreeWidgetItem([f"Marked as intended ({len(self.acknowledged)})"])
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(group)
            assert self.doc is not None
            for finding in self.acknowledged:
                reason = self.doc.info.acknowledged.get(finding.key, "")
                item = QTreeWidgetItem([finding.message + (f" — {reason}" if reason else "")])
                item.setForeground(0, QColor("#6b7280"))
                item.setData(0, Qt.ItemDataRole.UserRole, finding)
                group.addChild(item)
            group.setExpanded(True)

    # ---- marking findings as intended --------------------------------------------------------
    def acknowledge(self, finding: Finding, reason: str) -> bool:
        """Mark a finding as intended (one undo step); it leaves the default view."""
        if self.doc is None or self.push is None:
            return False
        marked = dict(self.doc.info.acknowledged, **{finding.key: reason.strip()})
        return self.push(UpdateInfo({"acknowledged": marked}, "Mark finding as intended"))

    def unacknowledge(self, finding: Finding) -> bool:
        if self.doc is None or self.push is None or finding.key not in self.doc.info.acknowledged:
            return False
        marked = {k: v for k, v in self.doc.info.acknowledged.items() if k != finding.key}
        return self.push(UpdateInfo({"acknowledged": marked}, "Unmark finding"))

    def ask_reason(self, finding: Finding) -> tuple[str, bool]:
        """Why a finding is intended (a method so tests can answer it)."""
        reason, ok = QInputDialog.getText(
            self, "Mark as intended", f"{finding.message}\n\nWhy is this intended? (optional)"
        )
        return reason, ok

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        finding = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(finding, Finding) or self.doc is None:
            return
        menu = QMenu(self)
        if finding.key in self.doc.info.acknowledged:
            menu.addAction("Unmark (Show Again)", lambda: self.unacknowledge(finding))
        else:
            menu.addAction("Mark as Intended…", lambda: self._mark(finding))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _mark(self, finding: Finding) -> None:
        reason, ok = self.ask_reason(finding)
        if ok:
            self.acknowledge(finding, reason)

    def _on_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(finding, Finding):
            self.finding_activated.emit(finding)
