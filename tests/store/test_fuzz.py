"""Fuzzing the readers: mutated .journey and JSON files open with valid content or are refused clearly.

A fast, fixed sample runs here; ``python benchmarks/fuzz_files.py`` runs thousands more.
Every mutant comes from its seed alone: ``tests.store.mutations.check_mutant(seed, folder)``
reproduces a failure.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.store.mutations import check_json_mutant, check_mutant
from tests.strategies import sample_document

JOURNEY_SAMPLE = range(400)
JSON_SAMPLE = range(300)


def test_mutated_journey_files(tmp_path: Path) -> None:
    outcomes = Counter(check_mutant(seed, tmp_path) for seed in JOURNEY_SAMPLE)
    # The sample really exercises both sides: files that still open, and each kind of refusal.
    assert outcomes["opened"] > 20
    for reason in ("damaged", "contents", "not-journey", "other-application", "newer-version"):
        assert any(outcome.startswith(reason) for outcome in outcomes), (reason, outcomes)
    assert any(outcome.endswith("+recovered") for outcome in outcomes)


def test_mutated_json_files() -> None:
    base = sample_document()
    outcomes = Counter(check_json_mutant(seed, base) for seed in JSON_SAMPLE)
    assert outcomes["refused"] > 100 and outcomes["opened"] > 0
