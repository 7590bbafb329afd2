"""``journey-studio check``: print a map's path gaps; the exit status says whether any matter."""

from __future__ import annotations

import argparse
import json
import sys

from .analysis import SEVERITIES, check_document, findings_to_json, format_findings
from .cli_base import Subcommand, emit, fail, printable
from .interchange import read_document
from .model import Document


def persona_id_for(doc: Document, name: str) -> str:
    """The id of the persona called ``name`` (case-insensitive) or with that id; ValueError if none."""
    wanted = name.strip().casefold()
    for persona in doc.personas:
        if persona.id == name or persona.name.strip().casefold() == wanted:
            return persona.id
    known = ", ".join(p.name for p in doc.personas) or "none"
    raise ValueError(f"no persona called {name!r} in this map (personas: {known})")


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a map (.journey or .json)")
    parser.add_argument("--json", action="store_true", help="print a JSON list of findings")
    parser.add_argument("--persona", metavar="NAME", help="check one persona's journey only")
    parser.add_argument(
        "--severity",
        choices=SEVERITIES,
        default="info",
        help="the least severe findings to show: error, warning or info (default: all)",
    )


def _run(args: argparse.Namespace) -> int:
    doc = read_document(args.file)
    try:
        persona = persona_id_for(doc, args.persona) if args.persona is not None else None
    except ValueError as error:
        return fail(str(error))
    shown = SEVERITIES[: SEVERITIES.index(args.severity) + 1]
    findings = check_document(doc, persona=persona, severities=shown, acknowledged=doc.info.acknowledged)
    if args.json:
        emit(json.dumps(findings_to_json(findings), ensure_ascii=False, indent=2), sys.stdout)
    elif findings:
        emit(printable_report(format_findings(findings)), sys.stdout)
    else:
        emit("No gaps found.", sys.stdout)
    return 1 if any(f.severity in ("error", "warning") for f in findings) else 0


def printable_report(text: str) -> str:
    return "\n".join(printable(line) for line in text.splitlines())


SUBCOMMAND = Subcommand("print the gaps in a map's paths (exit 1 if any error or warning)", _configure, _run)
