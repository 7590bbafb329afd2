"""Names that read back as the one persona they stand for."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import Document


def distinct_names(
    items: Iterable[tuple[str, str]],
    clean: Callable[[str], str],
    blank: Callable[[int], str],
    distinct: bool = True,
) -> dict[str, str]:
    """Id → its name made fit by ``clean``; a blank one becomes ``blank(n)`` for the n-th item
    (from 1), and with ``distinct`` repeats are told apart as "Name (2)", "Name (3)"."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for index, (item_id, raw) in enumerate(items, start=1):
        base = clean(raw) or blank(index)
        name, count = base, 1
        while distinct and name in used:
            count += 1
            name = f"{base} ({count})"
        used.add(name)
        names[item_id] = name
    return names


def unique_persona_names(doc: Document, clean: Callable[[str], str]) -> dict[str, str]:
    """Persona id → its name made fit by ``clean``; a blank one becomes "Persona" and repeats
    are told apart as "Name (2)", "Name (3)"."""
    return distinct_names(((p.id, p.name) for p in doc.personas), clean, lambda _n: "Persona")
