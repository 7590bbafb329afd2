"""Findings as plain data (for JSON) and as text lines (for the command line)."""

from __future__ import annotations

from collections.abc import Iterable

from .findings import KINDS, SEVERITIES, Finding

SEVERITY_WIDTH = max(len(s) for s in SEVERITIES)
KIND_WIDTH = max(len(k) for k in KINDS)


def findings_to_json(findings: Iterable[Finding]) -> list[dict[str, object]]:
    """One JSON-ready object per finding; ``persona`` is the persona's name, ``persona_id`` its id."""
    return [
        {
            "kind": f.kind,
            "severity": f.severity,
            "persona": f.persona_name,
            "persona_id": f.persona,
            "message": f.message,
            "items": list(f.items),
            "key": f.key,
        }
        for f in findings
    ]


def format_findings(findings: Iterable[Finding]) -> str:
    """One aligned line per finding: severity, kind, message ("" when there are none)."""
    return "\n".join(f"{f.severity:<{SEVERITY_WIDTH}}  {f.kind:<{KIND_WIDTH}}  {f.message}" for f in findings)
