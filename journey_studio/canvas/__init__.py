"""The Qt canvas: a scene that mirrors the document and a view to work in it."""

from .scene import CARD_KIND_MIME, PERSONA_MIME, MapScene
from .view import MapView

__all__ = ["CARD_KIND_MIME", "PERSONA_MIME", "MapScene", "MapView"]
