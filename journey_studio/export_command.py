"""``journey-studio export``: write a map as SVG, PNG or PDF without opening a window."""

from __future__ import annotations

import argparse
from pathlib import Path

from .check_command import persona_id_for
from .cli_base import Subcommand, fail
from .interchange import read_document


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a map (.journey or .json)")
    parser.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="OUT.svg, .png or .pdf (replaced if it exists)"
    )
    parser.add_argument("--scale", type=float, metavar="N", help="PNG: pixels per map unit (1, 2, 4…)")
    parser.add_argument(
        "--dpi", type=float, metavar="N", help="PNG: resolution written into the file (alone: scale = N/96)"
    )
    parser.add_argument("--transparent", action="store_true", help="SVG or PNG: no white background")
    parser.add_argument("--persona", metavar="NAME", help="one persona's focus view (name or id)")
    parser.add_argument(
        "--selection-ids", metavar="ID,...", help="only these cards, stages and lanes (comma-separated)"
    )
    parser.add_argument("--margin", type=float, default=24.0, metavar="N", help="space around the map (24)")
    parser.add_argument("--gaps", action="store_true", help="show the gap check's badges and empty stages")
    parser.add_argument(
        "--page", choices=("map", "a4", "a3", "letter"), help="PDF: map size (default) or a landscape sheet"
    )


def _run(args: argparse.Namespace) -> int:
    from .export import ExportError, ExportOptions, ensure_gui_application, export_map, format_of

    try:
        kind = format_of(args.output)
    except ExportError as error:
        return fail(str(error))
    if kind != "png" and (args.scale is not None or args.dpi is not None):
        return fail("--scale and --dpi apply to PNG exports only")
    if kind == "pdf" and args.transparent:
        return fail("--transparent applies to SVG and PNG exports only")
    if kind != "pdf" and args.page is not None:
        return fail("--page applies to PDF exports only")
    selection: tuple[str, ...] = ()
    if args.selection_ids is not None:
        selection = tuple(part.strip() for part in args.selection_ids.split(",") if part.strip())
        if not selection:
            return fail("--selection-ids needs at least one id")
    doc = read_document(args.file)
    try:
        persona = persona_id_for(doc, args.persona) if args.persona is not None else ""
    except ValueError as error:
        return fail(str(error))
    options = ExportOptions(
        selection=selection,
        persona=persona,
        margin=args.margin,
        gaps=args.gaps,
        transparent=args.transparent,
        scale=args.scale,
        dpi=args.dpi,
        page=args.page or "map",
    )
    ensure_gui_application()
    try:
        export_map(doc, Path(args.output), options)
    except ExportError as error:
        return fail(str(error))
    return 0


SUBCOMMAND = Subcommand("export a map as SVG, PNG or PDF (headless)", _configure, _run)
