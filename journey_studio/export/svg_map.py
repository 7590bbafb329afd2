"""The whole map as one SVG drawing: the single description every export format is made from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..layout import MapLayout, Rect, compute_layout
from ..layout.theme import PAPER as PAPER_COLOUR
from ..model import Document
from ..model.kinds import pretty
from .options import ExportOptions
from .sheet import Sheet
from .svg_backdrop import draw_grid_lines, draw_lanes, draw_personas, draw_stages, draw_title
from .svg_cards import draw_cards
from .svg_kit import Svg
from .svg_overlays import draw_emotion_curves, draw_emotion_scale, draw_flows
from .svg_xml import FLOWS, PAPER, Area, Piece

Progress = Callable[[float], None]
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True)
class MapSvg:
    """An SVG document and the size of its view box, in map units (CSS pixels).

    For banded drawing (see ``bands``): the view box's top-left corner, the document's text in
    pieces (which join to ``text`` without its XML declaration; only when built ``banded``,
    empty otherwise), the strips that hold the
    flows' upright runs (one per x, left to right, not merged), and whether an opaque
    background covers the whole view box. When built ``banded`` with a background, its piece
    is in the PAPER layer: pictures fill ``paper`` themselves, except within ``covered``, areas
    painted opaque over it (so every pixel there gets its colour from above).
    """

    text: str
    width: float
    height: float
    origin: tuple[float, float] = (0.0, 0.0)
    pieces: tuple[Piece, ...] = ()
    gutters: tuple[tuple[float, float], ...] = ()
    opaque: bool = False
    paper: str = ""
    covered: tuple[Area, ...] = ()


def content_bounds(layout: MapLayout) -> Rect:
    """The smallest rectangle holding everything the canvas draws for this layout."""
    title = layout.title
    rects = [Rect(title.x, title.y, max(title.width, 400.0), title.height), layout.persona_header]
    rects += [layout.corner, layout.grid, *layout.persona_chips.values()]
    rects += [*layout.lane_headers.values(), *layout.stage_headers.values()]
    rects = [r for r in rects if r.width > 0 and r.height > 0]
    left, top = min(r.x for r in rects), min(r.y for r in rects)
    right, bottom = max(r.right for r in rects), max(r.bottom for r in rects)
    if layout.grid.width > 0:
        right += 8  # flows run in the gutter just right of the last column, arrow heads included
    return Rect(left, top, right - left, bottom - top)


def description(doc: Document) -> str:
    """What the map is, in words, for the SVG's <desc> (read by screen readers and search)."""
    counts = (
        f"{pretty(doc.info.map_type)} journey map with {len(doc.stages)} stages, {len(doc.lanes)} lanes, "
        f"{len(doc.cards)} cards, {len(doc.flows)} flows and {len(doc.personas)} personas"
    )
    names = ", ".join(p.name for p in doc.personas if p.on_map)
    text = counts + (f" ({names})." if names else ".")
    return f"{text} {doc.info.description.strip()}".strip()


def build_svg(
    doc: Document,
    options: ExportOptions,
    marks: tuple[dict[str, str], set[str]] | None = None,
    progress: Progress | None = None,
    banded: bool = False,
    on_flows: Callable[[MapSvg], None] | None = None,
) -> MapSvg:
    """Draw ``doc`` as the canvas shows it, with ``options``' focus, margin and background.

    ``marks`` are the gap check's card badges and empty stages, drawn when ``options.gaps``.
    ``banded``: a plain drawing (see ``Svg``), its text also cut into pieces for drawing pictures
    in bands (PNG, previews); SVG and PDF output never use them. ``on_flows`` (with ``banded``)
    gets a drawing of just the flows as soon as they are drawn, so their strips can be drawn
    while the rest is built.
    """
    report = progress or (lambda _fraction: None)
    layout = compute_layout(doc)
    bounds = content_bounds(layout)
    m = options.margin
    view = (bounds.x - m, bounds.y - m, bounds.width + 2 * m, bounds.height + 2 * m)
    origin, opaque = (view[0], view[1]), not options.transparent
    svg = Svg(view, doc.info.title or "Untitled journey", description(doc), plain=banded)
    made: dict[Any, list[Piece]] = {}
    paper = ""
    if not options.transparent:
        background = svg.group(svg.dwg, "background")
        svg.rect(background, view, PAPER_COLOUR)
        if banded:
            made[background], paper = svg.group_pieces(background, PAPER), PAPER_COLOUR
    badges, empty = marks if (marks is not None and options.gaps) else ({}, set())
    scale = options.pixel_scale if banded else None
    sheet = Sheet(svg, doc, layout, svg.dwg, options.persona, badges, empty, scale)
    report(0.05)
    draw_title(sheet)
    draw_personas(sheet)
    lanes = draw_lanes(sheet)
    covered = tuple(lanes) if paper else ()
    draw_stages(sheet)
    draw_grid_lines(sheet)
    draw_emotion_scale(sheet)
    cards = svg.group(sheet.root, "cards", "Cards")  # below the flows, but drawn after them
    report(0.1)
    flows, strips = draw_flows(sheet)
    if banded:
        made[flows] = svg.group_pieces(flows, FLOWS)
        if on_flows is not None:
            head, tail = svg.frame_pieces()
            frame = (*head, *made[flows], tail)
            on_flows(MapSvg("", view[2], view[3], origin, frame, tuple(strips), opaque))
    report(0.25)
    draw_cards(sheet, cards, lambda f: report(0.25 + 0.5 * f))
    report(0.75)
    draw_emotion_curves(sheet)
    report(0.8)
    pieces = svg.to_pieces("flows", made) if banded else []
    body = "".join(piece.text for piece in pieces) if banded else svg.to_xml()
    text = XML_DECLARATION + body + "\n"
    report(1.0)
    return MapSvg(text, view[2], view[3], origin, tuple(pieces), tuple(strips), opaque, paper, covered)
