"""What findings mark on a map: each card's worst severity and the stages left empty."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Document
from .findings import SEVERITIES, Finding

_RANK = {severity: i for i, severity in enumerate(SEVERITIES)}


def map_marks(doc: Document, findings: Iterable[Finding]) -> tuple[dict[str, str], set[str]]:
    """The worst severity per card named by a finding, and the stages found empty; the canvas
    badges and tints these, and so does an export that shows gaps."""
    worst: dict[str, str] = {}
    empty: set[str] = set()
    for finding in findings:
        if finding.kind == "empty_stage":
            empty.update(i for i in finding.items if i in doc.stages)
            continue
        for item_id in finding.items:
            if item_id in doc.cards:
                current = worst.get(item_id)
                if current is None or _RANK[finding.severity] < _RANK[current]:
                    worst[item_id] = finding.severity
    return worst, empty
