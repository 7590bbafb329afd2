"""The Gaps panel: the path-gap check's findings, rerun after edits, filtered, clickable."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..analysis import SEVERITIES, Finding, check_document
from ..model import Change, Document

DEBOUNCE_MS = 350
SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Notes"}


class GapsPanel(QWidget):
    """Lists findings grouped by severity; emits the finding a user clicks."""

    finding_activated = Signal(object)  # a Finding
    findings_changed = Signal(list)  # all current findings (unfiltered by the panel's severity)

    def __init__(self) -> None:
        super().__init__()
        self.doc: Document | None = None
        self.findings: list[Finding] = []
        self.persona_filter = QComboBox()
        self.persona_filter.setObjectName("gaps-persona")
        self.severity_filter = QComboBox()
        self.severity_filter.setObjectName("gaps-severity")
        choices = (("All severities", "info"), ("Errors and warnings", "warning"), ("Errors", "error"))
        for label, value in choices:
            self.severity_filter.addItem(label, value)
        self.summary = QLabel()
        self.tree = QTreeWidget()
        self.tree.setObjectName("gaps-tree")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.itemClicked.connect(self._on_clicked)
        self.tree.itemActivated.connect(self._on_clicked)
        filters = QHBoxLayout()
        filters.addWidget(self.persona_filter, 1)
        filters.addWidget(self.severity_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
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
        all_findings = check_document(self.doc)
        self.findings = [
            f for f in all_findings if f.severity in shown and (persona is None or f.persona in ("", persona))
        ]
        self.findings_changed.emit(all_findings)
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

    def _on_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(finding, Finding):
            self.finding_activated.emit(finding)
