"""Plain-language names for cards, stages and lists of them in finding messages."""

from __future__ import annotations

from collections.abc import Sequence

from journey_studio.model import Card, Stage

MAX_TITLE = 60


def card_name(card: Card) -> str:
    """A card as a message names it: its title in quotes, shortened when long."""
    title = " ".join(card.title.split())
    if not title:
        return "an untitled card"
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rstrip() + "…"
    return f"“{title}”"


def stage_name(stage: Stage) -> str:
    """A stage's name as written in a message."""
    return " ".join(stage.name.split()) or "unnamed"


def the_stage(stage: Stage) -> str:
    """``the Awareness stage``."""
    return f"the {stage_name(stage)} stage"


def the_stages(stages: Sequence[Stage]) -> str:
    """``the Awareness stage``, ``the Awareness and Purchase stages``, ``the A, B and C stages``."""
    if len(stages) == 1:
        return the_stage(stages[0])
    return f"the {joined([stage_name(s) for s in stages])} stages"


def joined(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def sentence(persona_name: str, text: str) -> str:
    """A message: ``Ana: text`` for a persona, else ``Text`` on its own."""
    if persona_name:
        return f"{persona_name}: {text}"
    return text[:1].upper() + text[1:]


def score(value: float) -> str:
    """An emotion score as people write it: ``4``, ``3.5``."""
    return f"{value:g}"
