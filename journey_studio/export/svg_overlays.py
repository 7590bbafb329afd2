"""What the canvas draws over the grid: flows, the emotion lane's scale, legend, curves and scores."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainterPath, QTransform

from ..layout import Rect
from ..layout.emotion import (
    EYE,
    PAIN_THRESHOLD,
    EmotionCurve,
    emotion_lane,
    marker_points,
    score_to_y,
)
from ..layout.flows import arrow_corners, compute_flow_routes, end_angle
from ..layout.theme import MUTED_INK
from .sheet import Sheet
from .svg_kit import Font, num, one_line, span

FLOW_GREY = "#7b8794"
LABEL_FONT = Font(7.5)
SCALE_FONT = Font(7)
LEGEND_FONT = Font(8)
FLOW_WIDTH = 1.6
RADIUS = 9.0
PAIN_INK = "#d93636"
SCALE_INK = "#d5dbe3"
QT_DASH = (4.0, 2.0)  # Qt's DashLine, in pen widths
CURVE_PART = 8  # Bézier segments per part when pictures draw a curve in parts


def route_path(points: tuple[tuple[float, float], ...]) -> tuple[str, str, list[float], list[float]]:
    """A route as SVG path data, one subpath per straight run; the same without its upright
    runs; the x of each upright run and the y of each level one.

    Drawn with square caps, the runs meet in the same square corners a joined polyline has
    (routes turn at right angles), and renderers stroke short runs several times faster than
    one long outline, which matters for maps with thousands of flows.
    """
    runs, level, upright, rows = [], [], [], []
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        run = f"M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}"
        runs.append(run)
        if x1 == x2:
            upright.append(x1)
        else:
            level.append(run)
            rows.append(y1)
    return "".join(runs), "".join(level), upright, rows


def gutters(xs: set[float]) -> list[tuple[float, float]]:
    """The strips (left, right in map units) that hold the upright runs at ``xs``, one per x,
    left to right; banded drawing merges them once they are whole pixels."""
    return [(x - FLOW_WIDTH / 2, x + FLOW_WIDTH / 2) for x in sorted(xs)]


def draw_flows(sheet: Sheet) -> tuple[Any, list[tuple[float, float]]]:
    """Each flow: a rounded route with an arrow head, in its persona's colour, and its label.

    Returns the flows' group and the strips that hold the routes' upright runs (see
    ``gutters``): raster exports draw those runs apart, as each path's ``bare_d`` leaves them out.
    """
    svg, doc = sheet.svg, sheet.doc
    flows = svg.group(sheet.root, "flows", "Flows")
    metrics = LABEL_FONT.metrics
    upright: set[float] = set()
    for route in compute_flow_routes(doc, sheet.layout):
        points = route.points
        if len(points) < 2:
            continue
        persona = doc.personas.get(route.persona_id) if route.persona_id else None
        ink = persona.colour if persona is not None else FLOW_GREY
        faded = bool(sheet.focus and route.persona_id and route.persona_id != sheet.focus)
        label = one_line(route.label)
        position = route.label_position if label else None
        box = None
        if position is not None:
            width = metrics.horizontalAdvance(label) + 8
            box = (position[0] - width / 2, position[1] - 8, width, 16)
        d, bare, upright_xs, level_ys = route_path(points)
        xs = [x for x, _y in points] + ([box[0], box[0] + box[2]] if box else [])
        ys = [y for _x, y in points]
        # where the flow draws without its upright runs: level runs, arrow head and label
        rows = [(y, y) for y in level_ys] + [(ys[-1], ys[-1])]
        if box is not None:
            rows.append((box[1], box[1] + box[3]))
        area = (min(xs), min(ys), max(xs), max(ys))
        opacity = 0.2 if faded else 1.0
        group = svg.group(flows, route.flow_id, label or "Flow", "flow", opacity, area=area, bare_rows=rows)
        svg.path(group, d, ink, FLOW_WIDTH, caps="square", bare_d=bare)
        upright.update(upright_xs)
        x2, y2 = points[-1]
        head = [(x2 + x, y2 + y) for x, y in arrow_corners(end_angle(points))]
        svg.polygon(group, head, ink)
        if box is not None and position is not None:
            svg.rect(group, box, "#ffffff", 4, ink, 0.8)
            baseline = position[1] - metrics.height() / 2 + metrics.ascent()
            svg.text(group, position[0], baseline, label, LABEL_FONT, MUTED_INK, "middle")
    return flows, gutters(upright)


def draw_marker(
    sheet: Sheet, parent: object, kind: str, x: float, y: float, radius: float, fill: str, edge: float
) -> None:
    svg = sheet.svg
    if kind == "circle":
        svg.circle(parent, x, y, radius, fill, "#ffffff", edge)
    elif kind == "square":
        r = radius * 0.88
        svg.rect(parent, (x - r, y - r, 2 * r, 2 * r), fill, 2, "#ffffff", edge)
    else:
        corners = [(x + px, y + py) for px, py in marker_points(kind, radius)]
        svg.polygon(parent, corners, fill, "#ffffff", edge)


def draw_emotion_scale(sheet: Sheet) -> None:
    """The pain zone, the faint 1–5 lines and the legend in the emotion lane's header."""
    doc, layout, svg = sheet.doc, sheet.layout, sheet.svg
    lane = emotion_lane(doc, layout)
    if lane is None:
        return
    lane_id = next(ln.id for ln in doc.lanes if ln.kind == "emotion")
    header = layout.lane_headers[lane_id]
    group = svg.group(sheet.root, "emotion-scale", "Emotion scale", area=span(lane, header))
    pain = QColor(PAIN_INK).lighter(185)
    top_pain = score_to_y(PAIN_THRESHOLD, lane)
    zone = (lane.x, top_pain, lane.width, score_to_y(1, lane) + 8 - top_pain)
    svg.rect(group, zone, str(pain.name()), opacity=60 / 255)
    for score in (1, 2, 3, 4, 5):
        y = score_to_y(score, lane)
        dash = () if score == 3 else tuple(d * 0.8 for d in QT_DASH)
        svg.line(group, (lane.x, y), (lane.right, y), SCALE_INK, 0.8, dash, "square")
        svg.text(group, lane.x + 4, y - 2, str(score), SCALE_FONT, MUTED_INK)
    _draw_legend(sheet, group, header)


def _draw_legend(sheet: Sheet, group: object, header: Rect) -> None:
    svg = sheet.svg
    names = {p.id: p.name for p in sheet.doc.personas}
    y = header.y + 56
    for curve in sheet.curves:
        if y > header.bottom - 8:
            break
        dash = tuple(d * 2.2 for d in curve.dash)
        svg.line(group, (header.x + 16, y), (header.x + 44, y), curve.colour, 2.2, dash, "square")
        draw_marker(sheet, group, curve.marker, header.x + 30, y, 5.5, curve.colour, 1)
        name = one_line(names.get(curve.persona_id, ""))
        svg.text(group, header.x + 50, y + 3.5, name, LEGEND_FONT, MUTED_INK)
        y += 17


def draw_emotion_curves(sheet: Sheet) -> None:
    """Each persona's curve and its score points with faces; the focused persona's on top."""
    svg, doc = sheet.svg, sheet.doc
    if not sheet.curves:
        return
    curves = sorted(sheet.curves, key=lambda c: c.persona_id == sheet.focus)  # the focused one last
    group = svg.group(sheet.root, "emotion-curves", "Emotion curves")
    for curve in curves:
        persona = doc.personas[curve.persona_id]
        faded = bool(sheet.focus and curve.persona_id != sheet.focus)
        name = f"{persona.name} emotion"
        area = curve_area(curve)
        line = svg.group(group, f"curve-{curve.persona_id}", name, "curve", 0.25 if faded else 1.0, area=area)
        if curve.segments:
            dash = tuple(d * 2.6 for d in curve.dash)
            # Only pictures draw parts; parts overlap where they meet: faded, that would show.
            parts = None if faded or sheet.scale is None else curve_parts(curve, sheet.scale)
            svg.path(line, curve_path(curve), curve.colour, 2.6, dash=dash, caps="round", parts=parts)
        points = svg.group(group, opacity=0.3 if faded else 1.0, area=area)
        for point in curve.points:
            if point.score <= PAIN_THRESHOLD:
                svg.circle(points, point.x, point.y, RADIUS + 4.5, "none", PAIN_INK, 2)
            draw_marker(sheet, points, curve.marker, point.x, point.y, RADIUS, curve.colour, 1.5)
            _draw_face(sheet, points, point.x, point.y, point.score)


def curve_area(curve: EmotionCurve) -> tuple[float, float, float, float] | None:
    """The box of a curve's points and control points (a Bézier stays inside its controls)."""
    corners = [(p.x, p.y) for p in curve.points] + [c for _s, a, b, _e in curve.segments for c in (a, b)]
    if not corners:
        return None
    xs, ys = [x for x, _y in corners], [y for _x, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def curve_path(curve: EmotionCurve) -> str:
    first = curve.points[0]
    return f"M{num(first.x)} {num(first.y)}" + "".join(_cubic(segment) for segment in curve.segments)


def _cubic(segment: tuple[tuple[float, float], ...]) -> str:
    _start, (ax, ay), (bx, by), (ex, ey) = segment
    return f"C{num(ax)} {num(ay)} {num(bx)} {num(by)} {num(ex)} {num(ey)}"


def curve_parts(curve: EmotionCurve, scale: float) -> list[tuple[str, float]]:
    """The curve as paths of CURVE_PART segments, each with the length of the curve before it
    (the dash offset that continues the dashes): Qt strokes a 2,000-card map's whole curve in
    a tenth of a second or more, the same in parts in a small fraction of that.

    Lengths are measured as Qt's dasher measures the whole curve drawn at ``scale`` (flattened
    into lines), so the dashes fall where they fall on the whole curve.
    """
    parts: list[tuple[str, float]] = []
    start, before = (curve.points[0].x, curve.points[0].y), 0.0
    segments, flattening = curve.segments, QTransform.fromScale(scale, scale)
    for first in range(0, len(segments), CURVE_PART):
        part = segments[first : first + CURVE_PART]
        path = QPainterPath(QPointF(*start))
        for _start, a, b, end in part:
            path.cubicTo(*a, *b, *end)
        parts.append((f"M{num(start[0])} {num(start[1])}" + "".join(map(_cubic, part)), before))
        flat = QPainterPath()
        flat.addPolygon(path.toSubpathPolygons(flattening)[0])
        before += flat.length() / scale
        start = part[-1][3]
    return parts


def _draw_face(sheet: Sheet, parent: object, x: float, y: float, score: float) -> None:
    """Eyes and a mouth whose curve shows the score: 5 delighted … 1 frustrated."""
    svg = sheet.svg
    for dx in (-2.8, 2.8):
        svg.circle(parent, x + dx, y - 2.2, EYE, "#ffffff")
    bend = (score - 3) * 1.6
    mouth = f"M{num(x - 3.4)} {num(y + 2.6)}Q{num(x)} {num(y + 2.6 + bend)} {num(x + 3.4)} {num(y + 2.6)}"
    svg.path(parent, mouth, "#ffffff", 1.4, caps="round")
