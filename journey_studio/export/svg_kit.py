"""A thin drawing surface over svgwrite: short numbers, safe text, map fonts, inline icons, ids."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import svgwrite
from PySide6.QtGui import QFontMetricsF
from svgwrite.base import BaseElement
from svgwrite.container import Group

from ..layout import Rect
from ..layout.text import font_metrics, pixel_size
from ..layout.theme import FONT_FAMILIES
from ..resources import icon_path
from .svg_xml import (
    Area,
    Extent,
    PathShape,
    Piece,
    Shape,
    attribute,
    escape_text,
    frame_pieces,
    group_pieces,
    to_pieces,
    to_xml,
)

FONT_STACK = ", ".join(f"'{f}'" if " " in f else f for f in FONT_FAMILIES)
INKSCAPE_NS = "http://www.inkscape.org/namespaces/inkscape"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SVG_NS = "{http://www.w3.org/2000/svg}"


@lru_cache(maxsize=16_384)  # maps repeat the same sizes and positions thousands of times
def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    rounded = round(value, 2)
    return str(int(rounded)) if rounded == int(rounded) else repr(rounded)


def span(*rects: Rect) -> Area:
    """The box (left, top, right, bottom) that holds ``rects``: where a group draws."""
    return (
        min(r.x for r in rects),
        min(r.y for r in rects),
        max(r.right for r in rects),
        max(r.bottom for r in rects),
    )


def clean(text: str) -> str:
    """User text without the characters XML 1.0 cannot hold (control codes, lone surrogates)."""
    return _NOT_XML.sub("", text)


def one_line(text: str) -> str:
    """User text for a single line: cleaned, whitespace runs made one space."""
    return " ".join(clean(text).split())


@dataclass(frozen=True)
class Font:
    """A map font: point size as the canvas names it, drawn at its whole-pixel size."""

    points: float
    bold: bool = False

    @property
    def metrics(self) -> QFontMetricsF:
        return font_metrics(self.points, self.bold)

    @property
    def px(self) -> int:
        return pixel_size(self.points)


@lru_cache(maxsize=64)
def icon_shapes(name: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...] | None:
    """The shapes of a bundled icon as (tag, attributes), with the root's styling as a "g"."""
    path = icon_path(name)  # names come from user text: only bundled icons have a path
    if path is None:
        return None
    root = ET.parse(path).getroot()
    styling = ("fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin")
    shapes = [("g", tuple((k, root.attrib[k]) for k in styling if k in root.attrib))]
    for child in root.iter():
        tag = child.tag.removeprefix(_SVG_NS)
        if child is not root and tag in ("path", "rect", "circle", "ellipse", "line", "polyline", "polygon"):
            shapes.append((tag, tuple(sorted(child.attrib.items()))))
    return tuple(shapes)


class Svg:
    """One SVG drawing of a map: a view box in map units and helpers that add elements.

    What banded drawing needs beyond the XML is kept beside the elements: ``extents`` of the
    groups that say where they draw, and the ``bare_outlines`` and ``drawn_parts`` of paths
    (see ``path``). A ``plain`` drawing is only ever drawn as a picture: groups below the top
    level get no id, class, label or title, which draw nothing and cost time to write and read.
    """

    def __init__(
        self, view: tuple[float, float, float, float], title: str, description: str, plain: bool = False
    ) -> None:
        x, y, width, height = view
        self.plain = plain
        self.dwg = svgwrite.Drawing(size=(num(width), num(height)), debug=False, profile="full")
        self.dwg.attribs.update(
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "xmlns:xlink": "http://www.w3.org/1999/xlink",
                "version": "1.1",
                "viewBox": f"{num(x)} {num(y)} {num(width)} {num(height)}",
                "font-family": FONT_STACK,
                "xmlns:inkscape": INKSCAPE_NS,
                "baseProfile": None,
            }
        )
        self.dwg.set_desc(clean(title), clean(description))
        self.view = view
        self._ids: set[str] = set()
        self._icons: dict[tuple[str, str], str] = {}
        self.extents: dict[BaseElement, Extent] = {}
        self.bare_outlines: dict[PathShape, str] = {}
        self.drawn_parts: dict[PathShape, tuple[tuple[str, str], ...]] = {}

    # ---- structure ----------------------------------------------------------------------------
    def unique_id(self, wanted: str) -> str:
        """``wanted`` if no element has that id yet, else ``wanted-2``, ``wanted-3``…"""
        candidate, n = wanted, 1
        while candidate in self._ids:
            n += 1
            candidate = f"{wanted}-{n}"
        self._ids.add(candidate)
        return candidate

    def group(
        self,
        parent: Any,
        ident: str = "",
        name: str = "",
        role: str = "",
        opacity: float = 1.0,
        translate: tuple[float, float] | None = None,
        area: Area | None = None,
        bare_rows: list[tuple[float, float]] | None = None,
    ) -> BaseElement:
        """A group: ``ident`` becomes its id, ``role`` its class, ``name`` its label and <title>.

        ``area`` (left, top, right, bottom in map units) lets banded drawing skip the group where
        it is not; ``bare_rows`` (with an ``area``) are where it draws once its paths' upright
        runs are left out. Both are kept in ``extents``, not on the element.
        """
        group = self._element("g")
        if self.plain and parent is not self.dwg:
            ident = name = role = ""
        if area is not None:
            self.extents[group] = Extent(area, tuple(bare_rows or ()))
        attribs = group.attribs
        if ident:
            attribs["id"] = self.unique_id(ident)
        if role:
            attribs["class"] = role
            if ident:
                attribs["data-id"] = ident
        if name:
            label = one_line(name)
            attribs["inkscape:label"] = f"{role.capitalize()}: {label}" if role else label
            title = svgwrite.base.Title(label)
            group.elements.append(title)
        if opacity < 1.0:
            attribs["opacity"] = num(opacity)
        if translate is not None:
            attribs["transform"] = f"translate({num(translate[0])} {num(translate[1])})"
        parent.elements.append(group)
        return group

    def _element(self, tag: str) -> BaseElement:
        """A bare element (svgwrite's Path and Polygon rebuild their data from their own lists)."""
        element = BaseElement(factory=self.dwg)
        element.elementname = tag
        return element

    # ---- shapes -------------------------------------------------------------------------------
    # Each shape is written out as it is made (see ``Shape``): numbers by ``num``, which makes
    # nothing to escape, every other value through ``attribute``, which escapes it.
    def rect(
        self,
        parent: Any,
        box: tuple[float, float, float, float],
        fill: str,
        radius: float = 0.0,
        stroke: str = "",
        width: float = 1.0,
        opacity: float = 1.0,
    ) -> None:
        x, y, w, h = box
        xml = f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}"'
        if radius:
            xml += f' rx="{num(radius)}" ry="{num(radius)}"'
        xml += attribute("fill", fill)
        if fill != "none" and opacity < 1.0:
            xml += f' fill-opacity="{num(opacity)}"'
        if stroke:
            xml += f'{attribute("stroke", stroke)} stroke-width="{num(width)}"'
        parent.elements.append(Shape(xml + "/>"))

    def circle(
        self, parent: Any, cx: float, cy: float, r: float, fill: str, stroke: str = "", width: float = 1.0
    ) -> None:
        xml = f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}"{attribute("fill", fill)}'
        if stroke:
            xml += f'{attribute("stroke", stroke)} stroke-width="{num(width)}"'
        parent.elements.append(Shape(xml + "/>"))

    def line(
        self,
        parent: Any,
        start: tuple[float, float],
        end: tuple[float, float],
        stroke: str,
        width: float = 1.0,
        dash: tuple[float, ...] = (),
        cap: str = "",
    ) -> None:
        xml = f'<line x1="{num(start[0])}" y1="{num(start[1])}" x2="{num(end[0])}" y2="{num(end[1])}"'
        xml += f'{attribute("stroke", stroke)} stroke-width="{num(width)}"'
        if dash:
            xml += f' stroke-dasharray="{" ".join(num(d) for d in dash)}"'
        xml += attribute("stroke-linecap", cap)
        parent.elements.append(Shape(xml + "/>"))

    def path(
        self,
        parent: Any,
        d: str,
        stroke: str = "",
        width: float = 1.0,
        fill: str = "none",
        dash: tuple[float, ...] = (),
        caps: str = "",
        joins: str = "",
        bare_d: str | None = None,
        parts: list[tuple[str, float]] | None = None,
    ) -> None:
        """A path; ``bare_d``, if given, is the outline banded drawing uses in its stead (kept in
        ``bare_outlines``). ``parts`` (d, dash offset), if given, are what banded drawing strokes
        instead of ``d``: Qt strokes a long path in a time that grows faster than its length."""
        rest = attribute("fill", fill)
        if stroke:
            rest += f'{attribute("stroke", stroke)} stroke-width="{num(width)}"'
            rest += attribute("stroke-linecap", caps) + attribute("stroke-linejoin", joins)
            if dash:
                rest += f' stroke-dasharray="{" ".join(num(v) for v in dash)}"'
        element = PathShape(d, rest)
        if bare_d is not None:
            self.bare_outlines[element] = bare_d
        if parts is not None:
            self.drawn_parts[element] = tuple(
                (d, num(offset) if dash and offset else "") for d, offset in parts
            )
        parent.elements.append(element)

    def polygon(
        self, parent: Any, points: list[tuple[float, float]], fill: str, stroke: str = "", width: float = 1.0
    ) -> None:
        corners = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        xml = f'<polygon points="{corners}"{attribute("fill", fill)}'
        if stroke:
            xml += f'{attribute("stroke", stroke)} stroke-width="{num(width)}"'
        parent.elements.append(Shape(xml + "/>"))

    def text(
        self, parent: Any, x: float, y: float, content: str, font: Font, fill: str, anchor: str = ""
    ) -> None:
        """One line of real text with its baseline at ``y`` (empty text adds nothing)."""
        content = clean(content)
        if not content.strip():
            return
        xml = f'<text x="{num(x)}" y="{num(y)}" font-size="{font.px}"{attribute("fill", fill)}'
        if font.bold:
            xml += ' font-weight="bold"'
        xml += attribute("text-anchor", anchor)
        parent.elements.append(Shape(f"{xml}>{escape_text(content)}</text>"))

    def image(self, parent: Any, box: tuple[float, float, float, float], data_uri: str) -> None:
        element = self.dwg.image(data_uri)
        a = element.attribs
        a["x"], a["y"], a["width"], a["height"] = (num(v) for v in box)
        a["preserveAspectRatio"] = "xMidYMid slice"
        parent.elements.append(element)

    # ---- icons --------------------------------------------------------------------------------
    def icon(self, parent: Any, name: str, x: float, y: float, size: float, tint: str) -> bool:
        """Place a bundled icon ``size`` units square at (x, y), drawn in ``tint``; False if none."""
        ident = self._icons.get((name, tint))
        if ident is None:
            shapes = icon_shapes(name)
            if shapes is None:
                return False
            ident = self._icons[(name, tint)] = self._define_icon(name, tint, shapes)
        place = f"translate({num(x)} {num(y)}) scale({num(size / 24)})"
        parent.elements.append(Shape(f'<use{attribute("xlink:href", "#" + ident)} transform="{place}"/>'))
        return True

    def _define_icon(
        self, name: str, tint: str, shapes: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    ) -> str:
        ident = self.unique_id(f"icon-{name.lower().replace(' ', '-')}-{tint.lstrip('#')}")
        (_, styling), *children = shapes
        group = Group(factory=self.dwg)
        group.attribs.update({k: tint if v == "currentColor" else v for k, v in styling})
        group.attribs["id"] = ident
        for tag, attributes in children:
            element = self._element(tag)
            element.attribs.update({k: tint if v == "currentColor" else v for k, v in attributes})
            group.elements.append(element)
        self.dwg.defs.add(group)
        return ident

    def to_xml(self) -> str:
        """The drawing's XML text, without the XML declaration."""
        return to_xml(self.dwg)

    def to_pieces(self, split: str, made: dict[Any, list[Piece]] | None = None) -> list[Piece]:
        """The drawing's XML in pieces, layered around the group with id ``split``; ``made``:
        the pieces of top-level groups that ``group_pieces`` made already."""
        return to_pieces(self.dwg, split, self.extents, self.bare_outlines, self.drawn_parts, made)

    def group_pieces(self, group: Any, layer: int) -> list[Piece]:
        """The pieces of the top-level ``group``, drawn as ``layer``."""
        return group_pieces(group, layer, self.extents, self.bare_outlines, self.drawn_parts)

    def frame_pieces(self) -> tuple[list[Piece], Piece]:
        """The pieces every document needs, as they are now: the head and the end tag."""
        return frame_pieces(self.dwg)
