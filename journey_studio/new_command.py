"""``journey-studio new``: start a map file from a template, or list the templates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_base import PROG, Subcommand, emit, fail, printable
from .interchange import write_document
from .templates import TemplateError, list_templates, load_template


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="the map to create (.journey, .json, .mmd, .md, .csv, .xlsx)"
    )
    parser.add_argument("--template", metavar="NAME", help="the template to start from (see --list)")
    parser.add_argument("--list", action="store_true", help="print the templates and stop")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _listing() -> str:
    templates = list_templates()
    width = max((len(t.name) for t in templates), default=0)
    lines = []
    for template in templates:
        mine = "" if template.builtin else " (yours)"
        lines.append(f"{template.name:<{width}}  {template.title}{mine}: {template.description}")
    return "\n".join(printable(line) for line in lines)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.list:
            emit(_listing(), sys.stdout)
            return 0
        if args.output is None or args.template is None:
            return fail(f"give both -o FILE and --template NAME ({PROG} new --list shows the templates)")
        if Path(args.output).exists() and not args.force:
            return fail(f"{args.output} already exists; choose another name or add --force to replace it")
        doc = load_template(args.template)
    except TemplateError as error:
        return fail(str(error))
    write_document(doc, args.output)
    return 0


SUBCOMMAND = Subcommand("start a new map from a template (--list shows them)", _configure, _run)
