"""The full fuzz run: thousands of mutated .journey and JSON files, on every core, with crash detection.

    .venv/bin/python benchmarks/fuzz_files.py [--count 5000] [--start 0] [--workers 2]

Each mutant must open with valid content or be refused with one clear message, within the time
limit, without changing the file. A worker that dies (a crash inside SQLite) is reported with
the seed it was on. Exits with status 1 on any failure; ``check_mutant(seed, folder)`` in
tests/store/mutations.py reproduces one.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.store.mutations import check_json_mutant, check_mutant, scratch_folder
from tests.strategies import sample_document


def run_chunk(kind: str, seeds: list[int]) -> tuple[Counter[str], list[str]]:
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    folder = scratch_folder()
    base = sample_document()
    for seed in seeds:
        try:
            outcomes[check_mutant(seed, folder) if kind == "journey" else check_json_mutant(seed, base)] += 1
        except Exception as error:
            failures.append(f"{kind} seed {seed}: {type(error).__name__}: {str(error)[:300]}")
    shutil.rmtree(folder, ignore_errors=True)
    return outcomes, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="mutated .journey files (half as many JSON)")
    parser.add_argument("--start", type=int, default=0, help="first seed")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    chunks = [
        (kind, list(range(first, min(first + 100, args.start + count))))
        for kind, count in (("journey", args.count), ("json", args.count // 2))
        for first in range(args.start, args.start + count, 100)
    ]
    totals: dict[str, Counter[str]] = {"journey": Counter(), "json": Counter()}
    failures: list[str] = []
    with ProcessPoolExecutor(args.workers) as pool:
        futures = [(kind, seeds, pool.submit(run_chunk, kind, seeds)) for kind, seeds in chunks]
        for kind, seeds, future in futures:
            try:
                outcomes, found = future.result()
            except BrokenProcessPool:
                failures.append(f"{kind} seeds {seeds[0]}–{seeds[-1]}: a worker crashed")
                break
            totals[kind].update(outcomes)
            failures += found
    report = {kind: dict(counts.most_common()) for kind, counts in totals.items()}
    report["seconds"] = round(time.perf_counter() - start, 1)  # type: ignore[assignment]
    report["failures"] = failures  # type: ignore[assignment]
    print(json.dumps(report, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
