"""The ``journey-studio`` command: open the editor, or run a headless command such as ``info``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from . import __version__, check_command, export_command, new_command
from .cli_base import PROG, Subcommand, emit, fail, printable
from .interchange import FORMATS, DocumentFileError, read_document, write_document
from .model import CARD_KINDS, Document
from .model.kinds import pretty


def summary(doc: Document) -> dict[str, Any]:
    """The facts ``info`` reports: title, map type and how many of everything there are."""
    by_kind = {kind: 0 for kind in CARD_KINDS}
    for card in doc.cards:
        by_kind[card.kind] = by_kind.get(card.kind, 0) + 1
    return {
        "title": doc.info.title,
        "map_type": doc.info.map_type,
        "personas": len(doc.personas),
        "stages": len(doc.stages),
        "lanes": len(doc.lanes),
        "cards": len(doc.cards),
        "cards_by_kind": by_kind,
        "flows": len(doc.flows),
        "persona_stats": persona_stats(doc),
    }


def persona_stats(doc: Document) -> list[dict[str, Any]]:
    """Each persona with its tagged cards and its average emotion score per stage (scored stages only)."""
    stats = []
    for persona in doc.personas:
        tagged = sum(1 for card in doc.cards if persona.id in card.personas)
        averages: dict[str, float] = {}
        for stage in doc.stages:
            scores = [
                c.emotion[persona.id] for c in doc.cards if c.stage == stage.id and persona.id in c.emotion
            ]
            if scores:
                averages[stage.name] = round(sum(scores) / len(scores), 2)
        stats.append(
            {
                "id": persona.id,
                "name": persona.name,
                "role": persona.role,
                "on_map": persona.on_map,
                "tagged_cards": tagged,
                "average_emotion_by_stage": averages,
            }
        )
    return stats


# ---- info ------------------------------------------------------------------------------------
def _configure_info(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a map (.journey or .json)")
    parser.add_argument("--json", action="store_true", help="print the facts as one JSON object")


def _run_info(args: argparse.Namespace) -> int:
    facts = summary(read_document(args.file))
    if args.json:
        emit(json.dumps({"file": args.file, **facts}), sys.stdout)
        return 0
    kinds = ", ".join(f"{pretty(kind).lower()} {n}" for kind, n in facts["cards_by_kind"].items() if n)
    lines = [
        f"Title:    {printable(facts['title'])}",
        f"Map type: {pretty(facts['map_type'])}",
        f"Personas: {facts['personas']}",
        f"Stages:   {facts['stages']}",
        f"Lanes:    {facts['lanes']}",
        f"Cards:    {facts['cards']}" + (f" ({kinds})" if kinds else ""),
        f"Flows:    {facts['flows']}",
    ]
    emit("\n".join(lines), sys.stdout)
    return 0


# ---- convert ---------------------------------------------------------------------------------
def _configure_convert(parser: argparse.ArgumentParser) -> None:
    known = ", ".join(sorted(FORMATS))
    parser.add_argument("source", metavar="IN", help=f"the map to read ({known})")
    parser.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="the file to write; replaced if it exists"
    )
    parser.add_argument(
        "--block", type=int, metavar="N", help="Markdown input: read mermaid block N (default: first journey)"
    )
    parser.add_argument(
        "--layout", choices=("grid", "flat"), help="CSV/XLSX output: spreadsheet layout (default: grid)"
    )


def _run_convert(args: argparse.Namespace) -> int:
    write_document(read_document(args.source, block=args.block), args.output, layout=args.layout)
    return 0


# ---- screenshot ------------------------------------------------------------------------------
def _configure_screenshot(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", nargs="?", help="a map (the bundled sample by default)")
    parser.add_argument("-o", "--output", metavar="OUT.png", required=True, help="the PNG to write")
    parser.add_argument("--size", default="1600x1000", help="window size as WIDTHxHEIGHT (default 1600x1000)")
    parser.add_argument(
        "--select", default="", metavar="ID", help="select this item first (shows the inspector)"
    )
    parser.add_argument("--fit", action="store_true", help="zoom so the whole map shows")


def _run_screenshot(args: argparse.Namespace) -> int:
    try:
        width, height = (int(part) for part in args.size.lower().split("x"))
    except ValueError:
        return fail(f"--size must look like 1600x1000, not {args.size!r}")
    if args.file is not None:
        read_document(args.file)  # a clear error before any window opens
    from pathlib import Path

    from .ui.screenshot import save_screenshot

    try:
        save_screenshot(args.file, Path(args.output), width, height, args.select, args.fit)
    except OSError as exc:
        return fail(str(exc))
    return 0


SUBCOMMANDS: dict[str, Subcommand] = {
    "screenshot": Subcommand(
        "save a PNG of the editor window on a map", _configure_screenshot, _run_screenshot
    ),
    "info": Subcommand("print what a map holds", _configure_info, _run_info),
    "convert": Subcommand(
        "convert a map between .journey, .json, .mmd, .md, .csv and .xlsx", _configure_convert, _run_convert
    ),
    "check": check_command.SUBCOMMAND,
    "new": new_command.SUBCOMMAND,
    "export": export_command.SUBCOMMAND,
}


# ---- dispatch --------------------------------------------------------------------------------
def _editor_parser() -> argparse.ArgumentParser:
    width = max(len(name) for name in SUBCOMMANDS) + 2
    commands = "\n".join(f"  {name:<{width}}{sub.help}" for name, sub in SUBCOMMANDS.items())
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Journey Studio: an offline editor for customer journey maps.",
        epilog=f"headless commands ({PROG} COMMAND --help for more):\n{commands}\n\n"
        f"To open a map whose name is a command, write it as ./NAME.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", nargs="?", help="a map to open in the editor")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _run_editor(path: str | None) -> int:
    from .app import run_editor  # the GUI is imported only when it is wanted

    result: int = run_editor(path)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad input, with one line on stderr)."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        if args and args[0] in SUBCOMMANDS:
            sub = SUBCOMMANDS[args[0]]
            parser = argparse.ArgumentParser(prog=f"{PROG} {args[0]}", description=sub.help)
            sub.configure(parser)
            return sub.run(parser.parse_args(args[1:]))
        return _run_editor(_editor_parser().parse_args(args).file)
    except SystemExit as exc:  # argparse has printed its usage message or help
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except DocumentFileError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
