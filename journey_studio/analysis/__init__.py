"""Gap analysis of a journey map: per-persona flow graphs and the findings of the path-gap check.

Plain Python and networkx, no Qt. See ``check`` for the rules and how edge cases are decided.
"""

from .check import check_document
from .findings import KINDS, SEVERITIES, Finding
from .graph import build_graph
from .marks import map_marks
from .report import findings_to_json, format_findings

__all__ = [
    "KINDS",
    "SEVERITIES",
    "Finding",
    "build_graph",
    "check_document",
    "findings_to_json",
    "format_findings",
    "map_marks",
]
