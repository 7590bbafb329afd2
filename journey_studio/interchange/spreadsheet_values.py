"""Values inside spreadsheet cells: lane kinds from names, scores, personas, metrics, yes/no."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from journey_studio.model import CARD_KINDS, LANE_KINDS, Document, Persona, new_id
from journey_studio.model.entities import PERSONA_COLOURS
from journey_studio.model.kinds import is_valid_emotion, pretty

from .naming import distinct_names, unique_persona_names
from .spreadsheet_cells import format_number

DEFAULT_PERSONA = "Customer"  # who a bare number in an emotion cell or column scores for

_LANE_NAMES: dict[str, tuple[str, ...]] = {
    "touchpoints": ("touchpoint", "touchpoints", "touch point", "touch points", "channel", "channels"),
    "actions": (
        "action",
        "actions",
        "doing",
        "does",
        "steps",
        "activities",
        "customer actions",
        "user actions",
    ),
    "thoughts": ("thinking", "thinks", "thought", "thoughts"),
    "emotion": ("feeling", "feelings", "feels", "emotion", "emotions", "emotional journey", "mood"),
    "pain_points": ("pain point", "pain points", "painpoints", "pains", "pain", "frustrations"),
    "opportunities": ("opportunity", "opportunities", "ideas", "improvements"),
    "backstage": ("backstage", "back stage", "behind the scenes", "support processes"),
    "metrics": ("kpi", "kpis", "metric", "metrics", "measures", "measurements"),
    "notes": ("note", "notes"),
}
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)")
_METRIC_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SCORE_PART = re.compile(r"(?:(.*)[=:])?\s*([^=:]*)")
_YES = {"yes", "y", "true", "1", "x", "exit"}
_NO = {"", "no", "n", "false", "0"}


class CellValueError(ValueError):
    """A cell value that does not fit; the caller adds the row and column."""


def words(text: str) -> str:
    """Lower case, punctuation to spaces: ``Pain-Points:`` → ``pain points``."""
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


_LANE_WORDS = {words(name): kind for kind, names in _LANE_NAMES.items() for name in names}
_LANE_WORDS.update({words(k): k for k in LANE_KINDS} | {words(pretty(k)): k for k in LANE_KINDS})
_CARD_WORDS = {words(k): k for k in CARD_KINDS} | {words(pretty(k)) + "s": k for k in CARD_KINDS}


def guess_lane_kind(name: str) -> str:
    """The lane kind a name suggests (its longest known leading words); ``notes`` otherwise."""
    plain = words(name)
    best = ""
    for known in _LANE_WORDS:
        if (plain == known or plain.startswith(known + " ")) and len(known) > len(best):
            best = known
    return _LANE_WORDS[best] if best else "notes"


def lane_kind(text: str) -> str | None:
    """A lane kind written out (``pain points``, ``pain_points``), or None."""
    found = _LANE_WORDS.get(words(text))
    return found if found and words(text) in {words(found), words(pretty(found))} else None


def card_kind(text: str) -> str | None:
    """A card kind written out (``Pain point``, ``pain-points``), or None."""
    return _CARD_WORDS.get(words(text))


def lane_header(text: str) -> tuple[str, str]:
    """A lane's name and kind from its heading; ``Voice [thoughts]`` names the kind outright."""
    text = text.strip()
    found = re.fullmatch(r"(.*?)\s*\[([^\[\]]+)\]", text, re.DOTALL)
    if found and lane_kind(found.group(2)):
        return found.group(1), lane_kind(found.group(2)) or "notes"
    return text, guess_lane_kind(text)


def lane_heading(name: str, kind: str) -> str:
    """The heading that reads back as this name and kind."""
    plain = " ".join(name.split())
    return plain if lane_header(plain) == (plain, kind) else f"{plain} [{kind}]"


def score(text: str) -> float:
    """A 1–5 score in halves; a decimal comma is accepted."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        raise CellValueError(f"{text!r} is not a score; write a number from 1 to 5")
    value = float(text.replace(",", "."))
    if not is_valid_emotion(value):
        raise CellValueError(f"the score {text} must be 1 to 5 in steps of one half")
    return value


def is_score_line(text: str) -> bool:
    """True for ``4``, ``-`` or ``Alex=4; Sam=2.5`` (values need not be valid yet)."""
    text = text.strip()
    if text == "-" or _NUMBER.fullmatch(text):
        return True
    parts = [p for p in text.split(";") if p.strip()]
    return bool(parts) and all(re.fullmatch(r".*\S.*[=:]\s*" + _NUMBER.pattern + r"\s*", p) for p in parts)


def scores(text: str) -> list[tuple[str | None, float]]:
    """``Alex=4; Sam=2.5`` → [("Alex", 4.0), ("Sam", 2.5)]; a bare number has no name."""
    found: list[tuple[str | None, float]] = []
    for part in text.split(";"):
        if not part.strip():
            continue
        match = _SCORE_PART.fullmatch(part.strip())
        assert match is not None
        name, value = match.group(1), match.group(2)
        if name is not None and not name.strip():
            raise CellValueError(f"{part.strip()!r} needs a persona name before the score")
        found.append((None if name is None else name.strip(), score(value)))
    return found


def metrics(text: str) -> dict[str, float]:
    """``visits=1200; conversion=0.35`` → named numbers."""
    found: dict[str, float] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, equals, value = part.rpartition("=")
        if not equals or not name.strip():
            raise CellValueError(f"{part.strip()!r} should be written name=number")
        if not _METRIC_NUMBER.fullmatch(value.strip()) or not math.isfinite(float(value)):
            raise CellValueError(f"{value.strip()!r} is not a number")
        found[name.strip()] = float(value)
    return found


def yes_no(text: str) -> bool:
    plain = text.strip().lower()
    if plain in _YES | _NO:
        return plain in _YES
    raise CellValueError(f"{text.strip()!r} should be yes or no")


def names_list(text: str) -> list[str]:
    """``Ann; Bo`` → ["Ann", "Bo"] (repeats dropped)."""
    return list(dict.fromkeys(n.strip() for n in text.split(";") if n.strip()))


@dataclass
class PersonaBook:
    """Personas found by name while reading, created on first mention."""

    personas: list[Persona] = field(default_factory=list)
    by_name: dict[str, str] = field(default_factory=dict)

    def id_for(self, name: str) -> str:
        if name not in self.by_name:
            colour = PERSONA_COLOURS[len(self.personas) % len(PERSONA_COLOURS)]
            self.personas.append(Persona(new_id("persona"), name, colour=colour))
            self.by_name[name] = self.personas[-1].id
        return self.by_name[name]

    def scores(self, text: str, bare: str = DEFAULT_PERSONA) -> dict[str, float]:
        """Persona id → score; a bare number is for the persona named ``bare``."""
        return {self.id_for(bare if name is None else name): value for name, value in scores(text)}


def heading_names(items: list[tuple[str, str]], blank: str, distinct: bool) -> dict[str, str]:
    """Id → one-line name for stages or lanes; blank ones become ``Stage 2``; ``distinct`` numbers repeats."""
    return distinct_names(items, lambda name: " ".join(name.split()), lambda n: f"{blank} {n}", distinct)


def persona_names(doc: Document) -> dict[str, str]:
    """Persona id → a name that reads back as that persona (no ``;``, none blank, none repeated)."""
    return unique_persona_names(doc, lambda name: " ".join(name.replace(";", ",").split()))


def format_scores(emotion: dict[str, float], names: dict[str, str], bare: bool = False) -> str:
    """``Alex=4; Sam=2.5``; with ``bare``, a lone Customer score is just the number."""
    if bare and len(emotion) == 1 and names[next(iter(emotion))] == DEFAULT_PERSONA:
        return format_number(float(next(iter(emotion.values()))))
    return "; ".join(f"{names[pid]}={format_number(float(v))}" for pid, v in emotion.items())


def format_metrics(values: dict[str, float]) -> str:
    return "; ".join(
        f"{' '.join(k.replace(';', ',').split())}={format_number(float(v))}" for k, v in values.items()
    )
