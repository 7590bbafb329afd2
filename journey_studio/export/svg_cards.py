"""Cards as the canvas draws them: fill, accent bar, kind icon, two-line title, meta line, dots."""

from __future__ import annotations

from collections.abc import Callable

from ..layout.text import elide, wrap_lines
from ..layout.theme import CARD_STYLES, INK, MUTED_INK
from ..model import Card
from .sheet import Sheet
from .svg_kit import Font, one_line

TITLE_FONT = Font(9.5, bold=True)
META_FONT = Font(8)
EDGE_INK = "#d5dbe3"
DIMMED = 0.22  # opacity of another persona's card in a focus view
GAP_BADGES = {"error": "#d93636", "warning": "#e08a00", "info": "#1e6fd9"}


def meta_text(card: Card) -> str:
    """Channel · owner · first metric, as the card's bottom line says."""
    parts = [one_line(p) for p in (card.channel, card.owner) if p.strip()]
    if card.metrics:
        name, value = next(iter(card.metrics.items()))
        parts.append(f"{one_line(name)} {value:g}")
    return " · ".join(parts)


def draw_cards(sheet: Sheet, group: object, progress: Callable[[float], None] | None = None) -> None:
    """Every laid-out card, in display order, each in its own group within ``group``."""
    cards = [c for c in sheet.doc.cards if c.id in sheet.layout.cards]
    for index, card in enumerate(cards):
        draw_card(sheet, group, card)
        if progress is not None and index % 200 == 199:
            progress((index + 1) / len(cards))


def draw_card(sheet: Sheet, parent: object, card: Card) -> None:
    svg = sheet.svg
    rect = sheet.layout.cards[card.id]
    style = CARD_STYLES.get(card.kind, CARD_STYLES["note"])
    width, height = rect.width, rect.height
    opacity = DIMMED if sheet.dimmed(card.personas) else 1.0
    area = (rect.x, rect.y, rect.right, rect.bottom)
    group = svg.group(parent, card.id, card.title or "Untitled", "card", opacity, (rect.x, rect.y), area)
    svg.rect(group, (0, 0, width, height), style.fill, 6, EDGE_INK, 1)
    svg.rect(group, (0, 0, 4, height), style.accent, 2)
    text_left = 30.0 if svg.icon(group, f"kind-{card.kind}", 10, 8, 14, style.accent) else 12.0
    metrics = TITLE_FONT.metrics
    title_width = width - text_left - (40 if card.exit else 8)
    lines = wrap_lines(one_line(card.title) or "Untitled", metrics, title_width, 2)
    ink = INK if card.title.strip() else MUTED_INK
    for n, line in enumerate(lines):
        svg.text(group, text_left, 7 + metrics.ascent() + n * metrics.lineSpacing(), line, TITLE_FONT, ink)
    _draw_meta(sheet, group, card, width, height)
    if card.exit:
        svg.text(group, width - 6, 4 + META_FONT.metrics.ascent(), "EXIT", META_FONT, style.accent, "end")
    severity = sheet.badges.get(card.id, "")
    if severity:
        badge = svg.group(group, name=f"Gap ({severity})", role="gap-badge")
        svg.circle(badge, width - 2, 2, 6.5, GAP_BADGES[severity], "#ffffff", 1.5)
        svg.line(badge, (width - 2, -1.5), (width - 2, 3), "#ffffff", 1.6)
        svg.circle(badge, width - 2, 5.2, 0.8, "#ffffff")


def _draw_meta(sheet: Sheet, group: object, card: Card, width: float, height: float) -> None:
    svg = sheet.svg
    baseline = height - 9
    x = 12.0
    if card.channel and svg.icon(group, f"channel-{card.channel}", x, baseline - 10, 12, MUTED_INK):
        x += 16
    dots_width = 10.0 * len(card.personas)
    text = elide(meta_text(card), META_FONT.metrics, width - x - 8 - dots_width)
    svg.text(group, x, baseline, text, META_FONT, MUTED_INK)
    dot_x = width - 10 - dots_width + 5
    for persona_id in card.personas:
        persona = sheet.doc.personas.get(persona_id)
        if persona is None:
            continue
        svg.circle(group, dot_x, baseline - 3.5, 4, persona.colour, "#ffffff", 1)
        dot_x += 10
