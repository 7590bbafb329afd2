"""The fixed vocabularies of a journey map: map types, lane kinds, card kinds, channels, owners."""

from __future__ import annotations

MAP_TYPES: tuple[str, ...] = ("current-state", "future-state", "day-in-the-life", "service-blueprint")

LANE_KINDS: tuple[str, ...] = (
    "touchpoints",
    "actions",
    "thoughts",
    "emotion",
    "pain_points",
    "opportunities",
    "backstage",
    "metrics",
    "notes",
)

CARD_KINDS: tuple[str, ...] = (
    "touchpoint",
    "action",
    "thought",
    "pain_point",
    "opportunity",
    "note",
    "metric",
)

# The card kind a lane creates by default (palette drops and quick capture use it).
DEFAULT_CARD_KIND: dict[str, str] = {
    "touchpoints": "touchpoint",
    "actions": "action",
    "thoughts": "thought",
    "emotion": "note",
    "pain_points": "pain_point",
    "opportunities": "opportunity",
    "backstage": "action",
    "metrics": "metric",
    "notes": "note",
}

# Suggested values; users may type any channel or owner team.
CHANNELS: tuple[str, ...] = (
    "social media",
    "advertising",
    "organic search",
    "referral",
    "website form",
    "website",
    "event",
    "sales call",
    "email",
    "chat",
    "phone escalation",
    "in store",
    "app",
)

OWNERS: tuple[str, ...] = ("marketing", "sales", "service", "product", "IT", "finance", "operations")

EMOTION_MIN = 1.0
EMOTION_MAX = 5.0


def is_valid_emotion(score: float) -> bool:
    """True for a score on the 1–5 scale in steps of one half."""
    return EMOTION_MIN <= score <= EMOTION_MAX and float(score * 2).is_integer()


def pretty(name: str) -> str:
    """A vocabulary value as a person reads it: ``pain_point`` → ``Pain point``."""
    text = name.replace("_", " ").replace("-", " ")
    return text[:1].upper() + text[1:]
