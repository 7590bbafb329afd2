"""Writing an svgwrite drawing out as XML text, fast, whole or in pieces for banded drawing.

svgwrite's own ``tostring`` builds an ElementTree copy of the drawing and serialises that, which
is most of the export time for a big map; walking svgwrite's elements directly gives the same
XML in a fraction of the time. Every attribute value and text is escaped here; shapes are
written as they are made (``Shape``), their values escaped by ``attribute``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from svgwrite.base import Desc, Title
from svgwrite.container import Defs
from svgwrite.text import TSpan

_ATTRIBUTE_SPECIALS = re.compile('[&<>"\n\r\t]')
_TEXT_SPECIALS = re.compile("[&<>]")
FRAME = -1  # the layer of the pieces every document needs: root tag, title, description, defs
PAPER = -2  # the background's layer: pictures fill it themselves, only where nothing opaque lies over it
BELOW, FLOWS, ABOVE = 0, 1, 2  # the layers of what lies below the flows, the flows, what lies above


Area = tuple[float, float, float, float]  # left, top, right, bottom in map units
EVERYWHERE: Area = (-math.inf, -math.inf, math.inf, math.inf)


@dataclass(frozen=True)
class Piece:
    """A stretch of a drawing's XML text.

    ``layer`` is FRAME, PAPER, or 0, 1, 2 for what lies below the split group, the split group
    itself and what lies above it. A piece draws only within its ``area``. ``bare`` is its text with
    every path's bare outline instead of its ``d``, drawing only within ``bare_rows``
    (top, bottom), when the piece has such paths. ``drawn`` is its text as pictures draw it,
    when that differs: long paths in shorter parts (see ``Svg.path``).
    """

    text: str
    layer: int
    area: Area = EVERYWHERE
    bare: str | None = None
    bare_rows: tuple[tuple[float, float], ...] = ()
    drawn: str | None = None


@dataclass(frozen=True)
class Extent:
    """Where a group draws, for banded drawing: its ``area`` and, once its paths' upright runs
    are left out, the rows (top, bottom) it still draws in."""

    area: Area
    bare_rows: tuple[tuple[float, float], ...] = ()


def escape_attribute(value: str) -> str:
    if _ATTRIBUTE_SPECIALS.search(value) is None:
        return value
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def escape_text(value: str) -> str:
    if _TEXT_SPECIALS.search(value) is None:
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attributes(attribs: dict[str, Any]) -> str:
    parts = []
    for key, value in attribs.items():
        if value is None or value == "":
            continue
        parts.append(f' {key}="{escape_attribute(value if type(value) is str else str(value))}"')
    return "".join(parts)


class Shape:
    """A drawn element without children, its XML text (every value escaped) made once, as it is
    drawn: most of a map's elements are shapes, and writing them out from attribute maps took
    most of the time of building a big map's drawing."""

    __slots__ = ("xml",)

    def __init__(self, xml: str) -> None:
        self.xml = xml


class PathShape(Shape):
    """A path, with its outline apart from its other attributes (``rest``, as XML text), so that
    pictures can draw another outline, or several parts, in its place."""

    __slots__ = ("rest",)

    def __init__(self, d: str, rest: str) -> None:
        super().__init__(f'<path d="{escape_attribute(d)}"{rest}/>')
        self.rest = rest

    def with_outline(self, d: str, dash_offset: str = "") -> str:
        offset = f' stroke-dashoffset="{escape_attribute(dash_offset)}"' if dash_offset else ""
        return f'<path d="{escape_attribute(d)}"{self.rest}{offset}/>'


@lru_cache(maxsize=4096)  # shapes repeat the same few colours and styles thousands of times
def attribute(key: str, value: str) -> str:
    """`` key="value"`` with the value escaped, or nothing for an empty value."""
    return f' {key}="{escape_attribute(value)}"' if value else ""


Parts = Mapping[Any, tuple[tuple[str, str], ...]]  # a path -> its parts' (d, stroke-dashoffset)


def _write(
    element: Any, out: list[str], outlines: Mapping[Any, str] | None = None, parts: Parts | None = None
) -> None:
    if isinstance(element, Shape):
        if isinstance(element, PathShape):
            if outlines is not None and element in outlines:
                if outlines[element]:
                    out.append(element.with_outline(outlines[element]))
                return
            if parts is not None and element in parts:
                out.extend(element.with_outline(d, offset) for d, offset in parts[element])
                return
        out.append(element.xml)
        return
    if isinstance(element, (Title, Desc)):
        name = element.elementname
        out.append(f"<{name}>{escape_text(element.xml.text or '')}</{name}>")
        return
    tag = element.elementname
    attributes = _attributes(element.attribs)
    text = str(element.text) if isinstance(element, TSpan) else ""
    children = element.elements
    if not children and not text:
        out.append(f"<{tag}{attributes}/>")
        return
    out.append(f"<{tag}{attributes}>")
    if text:
        out.append(escape_text(text))
    for child in children:
        _write(child, out, outlines, parts)
    out.append(f"</{tag}>")


def to_xml(root: Any, outlines: Mapping[Any, str] | None = None, parts: Parts | None = None) -> str:
    """The element and everything inside it as XML text (no declaration); with ``outlines``,
    the paths found there drawn with that outline instead of their ``d`` (none, when empty);
    with ``parts``, the paths found there as several paths, one per part."""
    out: list[str] = []
    _write(root, out, outlines, parts)
    return "".join(out)


def _other_form(
    part: Any, text: str, outlines: Mapping[Any, str] | None = None, parts: Parts | None = None
) -> str | None:
    """``part``'s XML with its paths' ``outlines`` or ``parts``; None when that is ``text``."""
    changed = outlines if outlines is not None else parts or {}
    if not any(child in changed for child in part.elements):
        return None
    other = to_xml(part, outlines, parts)
    return None if other == text else other


def to_pieces(
    root: Any,
    split: str,
    extents: Mapping[Any, Extent],
    outlines: Mapping[Any, str],
    parts: Parts,
    made: Mapping[Any, list[Piece]] | None = None,
) -> list[Piece]:
    """The drawing's XML as pieces whose texts, joined, are ``to_xml(root)``.

    Each child of a top-level group that has an extent becomes a piece of its own, with the
    bare form its paths' ``outlines`` give and the drawn form their ``parts`` give; ``split``
    is the id of the top-level group that makes layer 1. ``made``: top-level groups whose
    pieces ``group_pieces`` has already made.
    """
    pieces: list[Piece] = []
    _add(pieces, Piece(f"<{root.elementname}{_attributes(root.attribs)}>", FRAME))
    layer = 0
    for child in root.elements:
        if isinstance(child, (Title, Desc, Defs)):
            _add(pieces, Piece(to_xml(child), FRAME))
            continue
        if child.attribs.get("id") == split:
            layer = 1
        elif layer == 1:
            layer = 2
        known = made.get(child) if made is not None else None
        for piece in known or group_pieces(child, layer, extents, outlines, parts):
            _add(pieces, piece)
    _add(pieces, Piece(f"</{root.elementname}>", FRAME))
    return pieces


def frame_pieces(root: Any) -> tuple[list[Piece], Piece]:
    """The pieces every document needs: the root's start tag, title, description and
    definitions as they are now, and its end tag."""
    head = [Piece(f"<{root.elementname}{_attributes(root.attribs)}>", FRAME)]
    head += [Piece(to_xml(c), FRAME) for c in root.elements if isinstance(c, (Title, Desc, Defs))]
    return head, Piece(f"</{root.elementname}>", FRAME)


def group_pieces(
    group: Any, layer: int, extents: Mapping[Any, Extent], outlines: Mapping[Any, str], parts: Parts
) -> list[Piece]:
    """A top-level group's pieces in ``layer``: the group as one piece when it has an extent,
    else one per child that has an extent, the rest (its tags, children drawn everywhere) in
    pieces of their own."""
    if group in extents:
        return [_piece(group, layer, extents[group], outlines, parts)]
    if not any(part in extents for part in group.elements):
        return [Piece(to_xml(group), layer)]
    pieces = [Piece(f"<{group.elementname}{_attributes(group.attribs)}>", layer)]
    for part in group.elements:
        extent = extents.get(part)
        if extent is not None:
            pieces.append(_piece(part, layer, extent, outlines, parts))
        else:
            pieces.append(Piece(to_xml(part), layer))
    pieces.append(Piece(f"</{group.elementname}>", layer))
    return pieces


def _piece(part: Any, layer: int, extent: Extent, outlines: Mapping[Any, str], parts: Parts) -> Piece:
    """A group with an extent as a piece, with its bare and drawn forms."""
    text = to_xml(part)
    bare = _other_form(part, text, outlines=outlines)
    drawn = _other_form(part, text, parts=parts)
    return Piece(text, layer, extent.area, bare, extent.bare_rows, drawn)


def _add(pieces: list[Piece], piece: Piece) -> None:
    """Append ``piece``, joined to the last one when both are plain text of one layer drawn everywhere."""
    last = pieces[-1] if pieces else None
    if last is not None and last.layer == piece.layer and _plain(last) and _plain(piece):
        pieces[-1] = Piece(last.text + piece.text, piece.layer)
    else:
        pieces.append(piece)


def _plain(piece: Piece) -> bool:
    """Whether ``piece`` is text alone: drawn everywhere, with no other forms."""
    return piece.area == EVERYWHERE and piece.bare is None and piece.drawn is None
