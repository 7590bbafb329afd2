"""Time the path-gap check on a large random map: 5,000 touchpoints, 10,000 flows, 2 personas.

Run as ``python benchmarks/bench_check.py``; prints the median and the best of several runs
(target: a median of at most 50 ms) and the load average, since other work on the machine slows
every run.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journey_studio.analysis import check_document
from journey_studio.model import CHANNELS, OWNERS, Card, Document, Flow, Lane, Persona, Stage


def build_map(
    seed: int = 7, touchpoints: int = 5_000, flows: int = 10_000, stages: int = 12, personas: int = 2
) -> Document:
    """A seeded random map shaped like a real one.

    A fifth of the touchpoints belong to one persona. Most flows link a touchpoint to one of the
    previous or next stage that the same people see (half of those at a persona's own touchpoint
    are for that persona only); 2% go anywhere (skips, loops, shortcuts).
    Half the touchpoints have an emotion score per persona, on a curve with noise; a few cards lack
    an owner or a channel.
    """
    rng = random.Random(seed)
    people = [Persona(f"p{i}", f"Persona {i}") for i in range(personas)]
    columns = [Stage(f"s{i}", f"Stage {i}") for i in range(stages)]
    lanes = [Lane(f"l{i}", f"Touchpoints {i}", "touchpoints") for i in range(3)]
    lanes += [Lane("pains", "Pain points", "pain_points"), Lane("ideas", "Opportunities", "opportunities")]
    cards: list[Card] = []
    for i in range(touchpoints):
        stage = rng.randrange(stages)
        mood = 3 + 1.5 * math.sin(stage / 2)
        cards.append(
            Card(
                f"t{i}",
                "touchpoint",
                columns[stage].id,
                rng.choice(lanes[:3]).id,
                f"Touchpoint {i}",
                channel="" if rng.random() < 0.02 else rng.choice(CHANNELS),
                owner="" if rng.random() < 0.02 else rng.choice(OWNERS),
                personas=[rng.choice(people).id] if people and rng.random() < 0.2 else [],
                emotion={
                    p.id: float(min(5, max(1, round(mood + rng.uniform(-0.6, 0.6)))))
                    for p in people
                    if rng.random() < 0.5
                },
                exit=rng.random() < 0.01,
            )
        )
    for i in range(stages * 10):
        kind, lane = ("pain_point", "pains") if i % 2 else ("opportunity", "ideas")
        cards.append(Card(f"x{i}", kind, columns[rng.randrange(stages)].id, lane, f"Note {i}"))
    # Touchpoints by (stage, audience); an untagged card is seen by everyone.
    pools: dict[tuple[int, str], list[Card]] = {}
    for card in cards[:touchpoints]:
        pools.setdefault((int(card.stage[1:]), "".join(card.personas)), []).append(card)

    def partner(card: Card, stage: int) -> Card | None:
        audience = "".join(card.personas)
        pool = pools.get((stage, audience), []) + (pools.get((stage, ""), []) if audience else [])
        return rng.choice(pool) if pool else None

    touchpoint_cards = cards[:touchpoints]
    links: list[tuple[str, str, str]] = []  # source, target, persona
    for card in touchpoint_cards:
        stage = int(card.stage[1:])
        before, after = partner(card, stage - 1), partner(card, stage + 1)
        # A link with a persona's own touchpoint is often drawn for that persona only.
        persona = card.personas[0] if card.personas and rng.random() < 0.5 else ""
        if before is not None:
            links.append((before.id, card.id, persona))
        if after is not None:
            links.append((card.id, after.id, persona))
    noise = flows // 50
    rng.shuffle(links)
    del links[flows - noise :]
    while len(links) < flows - noise:  # more links within a stage or to the next one
        card = rng.choice(touchpoint_cards)
        other = partner(card, int(card.stage[1:]) + rng.randrange(2))
        if other is not None and other is not card:
            links.append((card.id, other.id, ""))
    while len(links) < flows:
        source, target = rng.sample(touchpoint_cards, 2)
        links.append((source.id, target.id, ""))
    return Document(
        personas=people,
        stages=columns,
        lanes=lanes,
        cards=cards,
        flows=[Flow(f"f{i}", *link) for i, link in enumerate(links)],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    doc = build_map(args.seed)
    findings = check_document(doc)  # warm up
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        check_document(doc)
        times.append((time.perf_counter() - start) * 1000)
    touchpoints = sum(c.kind == "touchpoint" for c in doc.cards)
    print(
        f"check_document: {touchpoints} touchpoints, {len(doc.flows)} flows, {len(doc.personas)} personas, "
        f"{len(findings)} findings"
    )
    print(f"median {statistics.median(times):.1f} ms over {args.runs} runs (min {min(times):.1f} ms)")
    print("load average " + " ".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
