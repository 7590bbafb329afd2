"""What every part of an SVG drawing needs: the drawing, the map, its layout, focus and gap marks."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ..analysis import check_document, map_marks
from ..layout import MapLayout
from ..layout.emotion import EmotionCurve, compute_emotion_curves
from ..model import Document
from .svg_kit import Svg


@dataclass
class Sheet:
    """One map being drawn into one SVG."""

    svg: Svg
    doc: Document
    layout: MapLayout
    root: Any  # the group everything is drawn into
    focus: str = ""  # the persona in focus, "" for none
    badges: dict[str, str] = field(default_factory=dict)  # card id -> worst gap severity
    empty_stages: set[str] = field(default_factory=set)
    scale: float | None = None  # pixels per map unit when drawn for a picture, None otherwise

    @functools.cached_property
    def curves(self) -> list[EmotionCurve]:
        """The emotion curves, worked out once for the curves and the legend."""
        return compute_emotion_curves(self.doc, self.layout)

    def dimmed(self, card_personas: list[str]) -> bool:
        """Whether a card fades in the focus view: it is tagged, but not for the focused persona."""
        return bool(self.focus and card_personas and self.focus not in card_personas)


def gap_marks(doc: Document) -> tuple[dict[str, str], set[str]]:
    """The gap check's marks, as the canvas shows them: worst severity per card, empty stages.

    Findings the team acknowledged as intended are left out, as on the canvas.
    """
    acknowledged = getattr(doc.info, "acknowledged", {})
    return map_marks(doc, (f for f in check_document(doc) if f.key not in acknowledged))
