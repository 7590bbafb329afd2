"""The path-gap check: where a persona's journey through the map breaks, and what is missing.

For each persona (or, on a map without personas, one implicit persona "" who sees everything)
the check looks at the touchpoint cards the persona sees (untagged or tagged with it) and the
flows between them that are for everyone or for that persona. A flow whose ends are not both
such touchpoints is ignored for that persona. Stages count in display order; the persona's
*first* and *last* stages are the first and last in which it has a touchpoint.

Errors
    ``no_complete_path`` (items: first and last stage ids): no path leads from any touchpoint of
    the first stage to any of the last. A persona with no touchpoints at all gets one such
    finding with no items, and no ``empty_stage`` warnings, which would only repeat it.
    ``unreachable`` (card id): no path from the first stage reaches the touchpoint; touchpoints
    of the first stage are reached trivially.
    ``dead_end`` (card id): no path from the touchpoint reaches the last stage or an exit.
    Touchpoints of the last stage and exits are never dead ends, and since an exit is a
    legitimate end of the journey, neither is a touchpoint whose paths lead to one.
Warnings
    ``empty_stage`` (stage id): a stage, anywhere on the map, with no touchpoint for the persona.
    ``skipped_stage`` (flow, source, target ids): a forward flow that jumps over stages in which
    the persona has touchpoints (empty stages are reported as such instead; a flow back to an
    earlier stage is a loop, not a skip).
    ``missing_owner``, ``missing_channel`` (card id): a touchpoint with a blank owner team or
    channel. These are facts about a card, reported once with persona ""; when the check is
    limited to one persona, only for the touchpoints that persona sees.
    ``unaddressed_pain`` (stage id, then the pain point ids): a stage with pain-point cards the
    persona sees and no opportunity card the persona sees.
Information
    ``backward_flow`` (flow, source, target ids): a flow into an earlier stage, a loop back.
    ``emotion_cliff`` (flow, source, target ids): the persona's emotion score drops by 2 or more
    along a flow whose ends both have a score for that persona (so never for the implicit one).

Findings are listed by severity, then persona (the persona-less ones first, then in the map's
persona order), then kind in the order above, then the items in display order (cards by stage,
lane and place in the cell; flows by their ends). Nothing depends on hashing or timing, so the
same map always gives the same list.
"""

from __future__ import annotations

from collections.abc import Collection

from journey_studio.model import Document
from journey_studio.model.bulk import paused_gc

from .findings import SEVERITIES, Finding
from .index import MapIndex
from .rules import Ranked, card_findings, persona_findings

UNNAMED_PERSONA = "Unnamed persona"


def check_document(
    doc: Document,
    persona: str | None = None,
    severities: Collection[str] | None = None,
    acknowledged: Collection[str] = (),
) -> list[Finding]:
    """The gaps in ``doc``, in their stable order.

    ``persona`` limits the check to one persona id ("" on a map without personas);
    ``severities`` keeps only those severities; findings whose ``key`` is in ``acknowledged``
    are left out. Raises ValueError for an unknown persona or severity.
    """
    wanted = set(SEVERITIES if severities is None else severities)
    unknown = wanted - set(SEVERITIES)
    if unknown:
        raise ValueError(f"unknown severity {sorted(unknown)[0]!r}")
    # The index and its graphs live until the findings are made and hold no reference cycles, so
    # collector passes while they are built would only re-scan them; they are gone by the time it
    # resumes.
    with paused_gc():
        ranked = _ranked(MapIndex(doc), _personas(doc, persona), persona)
    ranked.sort(key=lambda pair: pair[0])
    hidden = set(acknowledged)
    return [f for _, f in ranked if f.severity in wanted and not (hidden and f.key in hidden)]


def _ranked(index: MapIndex, personas: list[tuple[str, str]], persona: str | None) -> list[Ranked]:
    """The findings of ``personas`` and of single cards, each with the key it is listed by."""
    ranked: list[Ranked] = []
    for pid, name in personas:
        ranked += persona_findings(index, pid, name)
    return ranked + card_findings(index, persona)


def _personas(doc: Document, persona: str | None) -> list[tuple[str, str]]:
    """The (id, name) of each persona to check."""
    everyone = [(p.id, " ".join(p.name.split()) or UNNAMED_PERSONA) for p in doc.personas] or [("", "")]
    if persona is None:
        return everyone
    chosen = [pair for pair in everyone if pair[0] == persona]
    if not chosen:
        raise ValueError(f"unknown persona {persona!r}")
    return chosen
