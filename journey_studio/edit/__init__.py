"""Edits to the document: commands that undo, and operations that build them."""

from .commands import Command, Insert, Macro, Move, MoveCard, Remove, Update, UpdateInfo
from .history import History
from .operations import (
    add_card,
    add_lane,
    add_persona,
    add_stage,
    connect_cards,
    delete_items,
    delete_persona,
    duplicate_persona,
    move_cards,
    path_order,
    reorder,
    reverse_flow,
)

__all__ = [
    "Command",
    "History",
    "Insert",
    "Macro",
    "Move",
    "MoveCard",
    "Remove",
    "Update",
    "UpdateInfo",
    "add_card",
    "add_lane",
    "add_persona",
    "add_stage",
    "connect_cards",
    "delete_items",
    "delete_persona",
    "duplicate_persona",
    "move_cards",
    "path_order",
    "reorder",
    "reverse_flow",
]
