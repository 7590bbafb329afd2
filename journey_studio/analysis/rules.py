"""The gap rules: what one persona's journey, and each touchpoint on its own, is checked for."""

from __future__ import annotations

from collections.abc import Set

from journey_studio.model import Card

from .findings import KINDS, SEVERITIES, Finding
from .graph import is_visible, sees_flow
from .index import MapIndex, Step
from .wording import joined, score, sentence, the_stages

Order = tuple[int, ...]
Ranked = tuple[Order, Finding]

SEVERITY_RANK = {severity: i for i, severity in enumerate(SEVERITIES)}
KIND_RANK = {kind: i for i, kind in enumerate(KINDS)}
MAX_NAMED = 3  # pain points named in one message


class Report:
    """Findings of one persona ("" for none), each with the key it is listed by."""

    def __init__(self, index: MapIndex, persona: str, name: str) -> None:
        self.index = index
        self.persona = persona
        self.name = name
        self.found: list[Ranked] = []

    def add(self, kind: str, order: Order, text: str, items: tuple[str, ...]) -> None:
        severity = KINDS[kind]
        key = (SEVERITY_RANK[severity], self.index.persona_rank[self.persona], KIND_RANK[kind], *order)
        message = sentence(self.name, text)
        self.found.append((key, Finding(kind, severity, self.persona, message, items, self.name)))

    def add_step(self, kind: str, step: Step, text: str) -> None:
        rank = self.index.rank
        order = (*rank(step.source.id), *rank(step.target.id), step.position)
        self.add(kind, order, text, (step.flow.id, step.source.id, step.target.id))


def persona_findings(index: MapIndex, persona: str, name: str) -> list[Ranked]:
    """Everything wrong with the journey of ``persona``."""
    report = Report(index, persona, name)
    by_stage = [list(cards) for cards in index.shared_by_stage]
    stage_index = index.stage_index
    own = index.own.get(persona, [])
    for card in own:
        by_stage[stage_index[card.stage]].append(card)
    filled = [i for i, in_stage in enumerate(by_stage) if in_stage]
    if filled:
        _path_gaps(report, index.touchpoints_of(persona), by_stage, filled[0], filled[-1])
        for i, in_stage in enumerate(by_stage):
            if not in_stage:
                text = f"no touchpoint in {index.stage_phrase[i]}"
                report.add("empty_stage", (i,), text, (index.stages[i].id,))
    else:
        # One finding says it all; an empty_stage warning per stage would only repeat it.
        report.add("no_complete_path", (), "no touchpoints yet, so no journey runs from start to finish", ())
    _flow_gaps(report, by_stage)
    _pain_gaps(report)
    return report.found


def _path_gaps(report: Report, seen: list[Card], by_stage: list[list[Card]], first: int, last: int) -> None:
    index, persona = report.index, report.persona
    ends = [c.id for c in by_stage[last]]
    # An exit is a journey's legitimate end, so what leads to one is no dead end either.
    targets = {*ends, *index.shared_exits, *(c.id for c in index.own.get(persona, ()) if c.exit)}
    sources = {c.id for c in by_stage[first]}
    reached, finishing = index.paths.search(persona, first, last, sources, targets)
    start, finish = index.stage_phrase[first], index.stage_phrase[last]
    if reached.isdisjoint(ends):
        text = f"no path leads from {start} to {finish}"
        report.add("no_complete_path", (), text, (index.stages[first].id, index.stages[last].id))
    for card in _missed(seen, reached):
        text = f"no touchpoint reaches {index.name(card)} from {start}"
        report.add("unreachable", index.rank(card.id), text, (card.id,))
    for card in _missed(seen, finishing):
        text = (
            f"{index.name(card)} is a dead end: no path from it reaches {finish}"
            " (mark it as an exit if the journey may end there)"
        )
        report.add("dead_end", index.rank(card.id), text, (card.id,))


def _missed(seen: list[Card], found: Set[str]) -> list[Card]:
    """The cards of ``seen`` that a search did not find (it finds only those, so as many is all)."""
    return [] if len(found) == len(seen) else [c for c in seen if c.id not in found]


def _flow_gaps(report: Report, by_stage: list[list[Card]]) -> None:
    index, persona = report.index, report.persona
    for step in index.jumps:
        if not sees_flow(step.flow, step.source, step.target, persona):
            continue
        if step.end < step.start:
            text = f"{_flow_name(index, step)} loops back to {index.stage_phrase[step.end]}"
            report.add_step("backward_flow", step, text)
            continue
        skipped = [index.stages[k] for k in range(step.start + 1, step.end) if by_stage[k]]
        if skipped:
            report.add_step("skipped_stage", step, f"{_flow_name(index, step)} skips {the_stages(skipped)}")
    for step in index.cliffs.get(persona, []):
        if sees_flow(step.flow, step.source, step.target, persona):
            before, after = step.source.emotion[persona], step.target.emotion[persona]
            text = (
                f"emotion drops from {score(before)} to {score(after)}"
                f" between {index.name(step.source)} and {index.name(step.target)}"
            )
            report.add_step("emotion_cliff", step, text)


def _flow_name(index: MapIndex, step: Step) -> str:
    return f"the flow from {index.name(step.source)} to {index.name(step.target)}"


def _pain_gaps(report: Report) -> None:
    index, persona = report.index, report.persona
    pains: dict[int, list[Card]] = {}
    for card in index.pains:
        if is_visible(card, persona):
            pains.setdefault(index.stage_index[card.stage], []).append(card)
    helped = {index.stage_index[c.stage] for c in index.opportunities if is_visible(c, persona)}
    for i in sorted(pains.keys() - helped):
        cards = sorted(pains[i], key=lambda c: index.rank(c.id))
        names = [index.name(c) for c in cards[:MAX_NAMED]]
        if len(cards) > MAX_NAMED:
            names.append(f"{len(cards) - MAX_NAMED} more")
        what = "a pain point" if len(cards) == 1 else "pain points"
        text = f"{index.stage_phrase[i]} has {what} ({joined(names)}) but no opportunity to address it"
        report.add("unaddressed_pain", (i,), text, (index.stages[i].id, *(c.id for c in cards)))


def card_findings(index: MapIndex, persona: str | None) -> list[Ranked]:
    """Facts about single touchpoints (reported once, not per persona); only those ``persona`` sees."""
    report = Report(index, "", "")
    for card in index.touchpoints:
        no_owner, no_channel = not card.owner.strip(), not card.channel.strip()
        if not (no_owner or no_channel) or (persona is not None and not is_visible(card, persona)):
            continue
        if no_owner:
            text = f"{index.name(card)} in {index.stage_of(card)} has no owner team"
            report.add("missing_owner", index.rank(card.id), text, (card.id,))
        if no_channel:
            text = f"{index.name(card)} in {index.stage_of(card)} has no channel"
            report.add("missing_channel", index.rank(card.id), text, (card.id,))
    return report.found
