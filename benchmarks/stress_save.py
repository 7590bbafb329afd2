"""Stress the atomic save: thousands of saves killed with SIGKILL; the target must always open intact.

    .venv/bin/python benchmarks/stress_save.py [--trials 4000] [--workers 2] [--cards 120]

Runs tests/store/save_killer.py in parallel workers (each with its own folder and seed) and
prints the totals. Exits with status 1 if any trial found the target damaged or unexpected.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KILLER = ROOT / "tests" / "store" / "save_killer.py"


def worker(seed: int, trials: int, cards: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="journey-stress-") as folder:
        done = subprocess.run(
            [
                sys.executable,
                str(KILLER),
                folder,
                "--trials",
                str(trials),
                "--seed",
                str(seed),
                "--cards",
                str(cards),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode:
        return {"failures": [done.stderr.strip()[-2000:]]}
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cards", type=int, default=120)
    args = parser.parse_args()
    start = time.perf_counter()
    share = -(-args.trials // args.workers)
    with ThreadPoolExecutor(args.workers) as pool:
        results = list(pool.map(lambda seed: worker(seed, share, args.cards), range(1, args.workers + 1)))
    totals: dict[str, int] = {}
    failures: list[str] = []
    for result in results:
        failures += [str(f) for f in result.get("failures", [])]  # type: ignore[attr-defined]
        for key, value in result.items():
            if isinstance(value, int):
                totals[key] = totals.get(key, 0) + value
    print(
        json.dumps(
            {**totals, "seconds": round(time.perf_counter() - start, 1), "failures": failures}, indent=2
        )
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
