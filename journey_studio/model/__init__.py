"""The journey map document model: plain Python, no Qt."""

from .document import COLLECTIONS, Change, Document, Entity, ModelError, OrderedCollection, new_id
from .entities import Card, Comment, Flow, Lane, MapInfo, Persona, Stage, Thread, Vote
from .kinds import CARD_KINDS, CHANNELS, DEFAULT_CARD_KIND, LANE_KINDS, MAP_TYPES, OWNERS

__all__ = [
    "CARD_KINDS",
    "CHANNELS",
    "COLLECTIONS",
    "DEFAULT_CARD_KIND",
    "LANE_KINDS",
    "MAP_TYPES",
    "OWNERS",
    "Card",
    "Change",
    "Comment",
    "Document",
    "Entity",
    "Flow",
    "Lane",
    "MapInfo",
    "ModelError",
    "OrderedCollection",
    "Persona",
    "Stage",
    "Thread",
    "Vote",
    "new_id",
]
