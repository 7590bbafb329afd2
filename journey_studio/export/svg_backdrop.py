"""The map behind the cards, drawn as the canvas draws it: title, personas, lanes, stages, grid."""

from __future__ import annotations

from PySide6.QtGui import QColor

from ..layout.text import elide, wrap_lines
from ..layout.theme import (
    BAND_EVEN,
    BAND_ODD,
    GRID_LINE,
    INK,
    LANE_ACCENTS,
    LANE_FILL,
    MUTED_INK,
    STAGE_FILL,
    STAGE_GOAL_INK,
    STAGE_INK,
)
from ..model.kinds import pretty
from .avatar import avatar_data_uri
from .sheet import Sheet
from .svg_kit import Font, one_line, span
from .svg_xml import Area

TITLE_FONT = Font(18, bold=True)
SUBTITLE_FONT = Font(9)
PERSONA_FONT = Font(9.5, bold=True)
ROLE_FONT = Font(8)
HEADER_FONT = Font(11, bold=True)
SMALL_FONT = Font(8.5)
AVATAR = 34.0
EDGE_INK = "#d5dbe3"
GAP_TINT = "#e08a00"
GAP_TINT_OPACITY = 28 / 255


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper() or "?"


def lighter(hex_code: str, factor: int) -> str:
    """The colour Qt's ``QColor.lighter(factor)`` gives, as #rrggbb."""
    return str(QColor(hex_code).lighter(factor).name())


def draw_title(sheet: Sheet) -> None:
    """The map's title and a one-line subtitle: map type and the first line of its description."""
    svg, title, info = sheet.svg, sheet.layout.title, sheet.doc.info
    group = svg.group(sheet.root, "map-title", info.title, "title")
    width = max(title.width, 400.0)
    metrics = TITLE_FONT.metrics
    text = elide(one_line(info.title), metrics, width)
    svg.text(group, title.x, title.y + metrics.ascent() + 4, text, TITLE_FONT, INK)
    subtitle = pretty(info.map_type) + " map"
    if info.description.strip():
        subtitle += " — " + info.description.strip().splitlines()[0]
    sub = SUBTITLE_FONT.metrics
    y = title.y + metrics.height() + sub.ascent() + 8
    svg.text(group, title.x, y, elide(one_line(subtitle), sub, width), SUBTITLE_FONT, MUTED_INK)


def draw_personas(sheet: Sheet) -> None:
    """The persona strip: a chip per persona shown on the map (the focused one highlighted)."""
    svg = sheet.svg
    strip = svg.group(sheet.root, "personas", "Personas")
    for persona_id, rect in sheet.layout.persona_chips.items():
        persona = sheet.doc.personas[persona_id]
        chip = svg.group(strip, persona.id, persona.name, "persona", translate=(rect.x, rect.y))
        width, height = rect.width, rect.height
        if persona.id == sheet.focus:
            fill = lighter(persona.colour, 185)
            svg.rect(chip, (0, 0, width, height), fill, height / 2, persona.colour, 1.6)
        cx, cy, r = 4 + AVATAR / 2, height / 2, AVATAR / 2
        picture = avatar_data_uri(persona.avatar) if persona.avatar else ""
        if picture:
            svg.image(chip, (cx - r, cy - r, 2 * r, 2 * r), picture)
            svg.circle(chip, cx, cy, r, "none", persona.colour, 2)
        else:
            svg.circle(chip, cx, cy, r, persona.colour)
            metrics = PERSONA_FONT.metrics
            baseline = cy - metrics.height() / 2 + metrics.ascent()
            svg.text(chip, cx, baseline, initials(one_line(persona.name)), PERSONA_FONT, "#ffffff", "middle")
        text_x = AVATAR + 14
        available = width - text_x - 8
        name = elide(one_line(persona.name), PERSONA_FONT.metrics, available)
        svg.text(chip, text_x, height / 2 - 2, name, PERSONA_FONT, INK)
        role_metrics = ROLE_FONT.metrics
        role = elide(one_line(persona.role), role_metrics, available)
        svg.text(chip, text_x, height / 2 + role_metrics.ascent() + 1, role, ROLE_FONT, MUTED_INK)


def draw_lanes(sheet: Sheet) -> list[Area]:
    """Each lane: its band across the grid and its header (accent bar, name, kind).

    Returns the bands' areas: they are painted in opaque colours, over whatever lies below them.
    """
    svg, layout = sheet.svg, sheet.layout
    lanes = svg.group(sheet.root, "lanes", "Lanes")
    name_metrics, small = HEADER_FONT.metrics, SMALL_FONT.metrics
    opaque: list[Area] = []
    for index, lane in enumerate(sheet.doc.lanes):
        band, header = layout.lanes[lane.id], layout.lane_headers[lane.id]
        group = svg.group(lanes, lane.id, lane.name, "lane", area=span(band, header))
        svg.rect(group, band, BAND_EVEN if index % 2 == 0 else BAND_ODD)
        opaque.append(span(band))
        head = svg.group(group, translate=(header.x, header.y))
        width, height = header.width - 4, header.height
        svg.rect(head, (0, 0, width, height), LANE_FILL)
        svg.rect(head, (0, 0, 4, height), LANE_ACCENTS.get(lane.kind, MUTED_INK))
        lines = wrap_lines(one_line(lane.name), name_metrics, width - 26, 2)
        for n, line in enumerate(lines):
            y = 12 + name_metrics.ascent() + n * name_metrics.lineSpacing()
            svg.text(head, 16, y, line, HEADER_FONT, INK)
        caption = pretty(lane.kind)
        if caption.lower() != lane.name.strip().lower():
            y = 12 + len(lines) * name_metrics.lineSpacing() + small.ascent() + 2
            svg.text(head, 16, y, caption, SMALL_FONT, MUTED_INK)
        svg.line(head, (0, height - 0.5), (width, height - 0.5), EDGE_INK)
    return opaque


def draw_stages(sheet: Sheet) -> None:
    """Each stage: its dark rounded header with name and goal (and a tint when it is a gap)."""
    svg, layout = sheet.svg, sheet.layout
    stages = svg.group(sheet.root, "stages", "Stages")
    name_metrics, small = HEADER_FONT.metrics, SMALL_FONT.metrics
    for stage in sheet.doc.stages:
        header = layout.stage_headers[stage.id]
        tinted = stage.id in sheet.empty_stages
        area = span(header, layout.columns[stage.id]) if tinted else span(header)
        group = svg.group(stages, stage.id, stage.name, "stage", area=area)
        if tinted:
            svg.rect(group, layout.columns[stage.id], GAP_TINT, opacity=GAP_TINT_OPACITY)
        x, y, width = header.x + 3, header.y + 4, header.width - 6
        svg.rect(group, (x, y, width, header.height - 8), STAGE_FILL, 6)
        name = elide(one_line(stage.name), name_metrics, width - 24)
        svg.text(group, x + 12, y + 8 + name_metrics.ascent(), name, HEADER_FONT, STAGE_INK)
        for n, line in enumerate(wrap_lines(one_line(stage.goal), small, width - 24, 2)):
            baseline = y + 28 + small.ascent() + n * small.lineSpacing()
            svg.text(group, x + 12, baseline, line, SMALL_FONT, STAGE_GOAL_INK)


def draw_grid_lines(sheet: Sheet) -> None:
    """The hairlines between columns and under each lane."""
    svg, layout = sheet.svg, sheet.layout
    grid = layout.grid
    if grid.width <= 0 or grid.height <= 0:
        return
    d = []
    for rect in layout.columns.values():
        d.append(f"M{rect.x:.2f} {grid.y:.2f}V{grid.bottom:.2f}")
    d.append(f"M{grid.right:.2f} {grid.y:.2f}V{grid.bottom:.2f}")
    for rect in layout.lanes.values():
        d.append(f"M{grid.x:.2f} {rect.bottom:.2f}H{grid.right:.2f}")
    group = svg.group(sheet.root, "grid-lines", "Grid lines")
    svg.path(group, "".join(d), GRID_LINE, 1)
