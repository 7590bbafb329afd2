"""The check gives the same list every time, whatever the hash seed of the process."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from journey_studio.analysis import check_document, findings_to_json
from journey_studio.model import Card, Document, Flow, Lane, Persona, Stage

ROOT = Path(__file__).resolve().parents[2]


def random_map(seed: int = 3, touchpoints: int = 300, flows: int = 600) -> Document:
    """A seeded random map with every kind of gap.

    The last stage has no touchpoints, and no flow leaves the first stage for Cy.
    """
    rng = random.Random(seed)
    personas = [Persona(pid, pid.title()) for pid in ("ana", "ben", "cy")]
    stages = [Stage(f"s{i}", f"Stage {i}") for i in range(7)]
    lanes = [Lane("tp", "Touchpoints", "touchpoints"), Lane("notes", "Notes", "notes")]
    cards = []
    for i in range(touchpoints):
        cards.append(
            Card(
                f"t{i}",
                "touchpoint",
                rng.choice(stages[:-1]).id,
                "tp",
                f"Touchpoint {i}",
                owner=rng.choice(["", "sales"]),
                channel=rng.choice(["", "app", "web"]),
                personas=rng.sample(["ana", "ben", "cy"], rng.choice([0, 0, 1, 2])),
                emotion={p: float(rng.randint(1, 5)) for p in ("ana", "ben") if rng.random() < 0.5},
                exit=rng.random() < 0.05,
            )
        )
    for i in range(20):
        kind = rng.choice(["pain_point", "opportunity", "note"])
        cards.append(Card(f"n{i}", kind, rng.choice(stages[:-1]).id, "notes", f"Note {i}"))
    cards.append(Card("pain", "pain_point", stages[-1].id, "notes", "Slow support"))
    links = []
    for i in range(flows):
        source, target = rng.sample(cards, 2)
        persona = "ben" if source.stage == "s0" else rng.choice(["", "", "ana", "ben"])
        links.append(Flow(f"f{i}", source.id, target.id, persona=persona))
    return Document(personas=personas, stages=stages, lanes=lanes, cards=cards, flows=links)


def findings_json() -> str:
    """The findings of the random map as JSON text."""
    return json.dumps(findings_to_json(check_document(random_map())), ensure_ascii=False)


def test_same_list_twice() -> None:
    doc = random_map()
    first = check_document(doc)
    assert len(first) > 100
    assert len({f.kind for f in first}) == 10
    assert check_document(doc) == first
    assert check_document(random_map()) == first


def test_independent_of_hash_seed() -> None:
    expected = findings_json()
    script = "import runpy, sys; print(runpy.run_path(sys.argv[1])['findings_json']())"
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(
            [sys.executable, "-c", script, __file__],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
        assert result.stdout.strip() == expected
