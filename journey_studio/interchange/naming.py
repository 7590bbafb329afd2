"""Names that read back as the one persona they stand for."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Document


def unique_persona_names(doc: Document, clean: Callable[[str], str]) -> dict[str, str]:
    """Persona id → its name made fit by ``clean``; a blank one becomes "Persona" and repeats
    are told apart as "Name (2)", "Name (3)"."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for persona in doc.personas:
        base = clean(persona.name) or "Persona"
        name, count = base, 1
        while name in used:
            count += 1
            name = f"{base} ({count})"
        used.add(name)
        names[persona.id] = name
    return names
