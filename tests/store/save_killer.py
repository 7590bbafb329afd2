"""Kill real saves with SIGKILL at random moments; the target must always open, old or new, never damaged.

    python tests/store/save_killer.py FOLDER [--trials N] [--seed S] [--cards C]

A small server process imports everything once, then for each trial forks a child that saves
the map over the target (alternating between two versions of it) and kills the child at a
random moment between the start of the save and a little after its usual end. After each kill
the target is opened with every check; at the end, the leftovers of killed saves are swept.
Prints one JSON summary. POSIX only (fork, SIGKILL).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from journey_studio.model import Card, Document, Lane, MapInfo, Stage
from journey_studio.store import JourneyFileError, open_document, save_document
from journey_studio.store.atomic import TEMP_PREFIX, sweep_orphans


def make_document(title: str, cards: int) -> Document:
    stages = [Stage(f"s{i}", f"Stage {i}") for i in range(6)]
    lanes = [Lane(f"l{i}", f"Lane {i}", "notes") for i in range(4)]
    return Document(
        MapInfo(title=title),
        stages=stages,
        lanes=lanes,
        cards=[
            Card(f"c{i}", "note", f"s{i % 6}", f"l{i % 4}", f"{title} {i}", "text " * 30)
            for i in range(cards)
        ],
    )


def kill_one_save(doc: Document, target: Path, delay: float | None) -> bool:
    """Start a save in a child process, kill it after ``delay`` seconds; True if it was killed.

    With ``delay`` None the child is left to finish (to measure how long a save takes).
    """
    ready, go = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: say "starting", save, and leave without any cleanup of ours
        os.close(ready)
        os.write(go, b"s")
        os.close(go)
        try:
            save_document(doc, target)
        finally:
            os._exit(0)
    os.close(go)
    os.read(ready, 1)
    os.close(ready)
    if delay is not None:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


def save_duration(doc: Document, folder: Path) -> float:
    """How long a save takes in a forked child, from its start to its exit."""
    probe = folder / "probe.journey"
    times = []
    for _ in range(7):
        start = time.perf_counter()
        kill_one_save(doc, probe, None)
        times.append(time.perf_counter() - start)
    probe.unlink()
    return statistics.median(times)


def run(folder: Path, trials: int, seed: int, cards: int) -> dict[str, object]:
    rng = random.Random(seed)
    docs = {"old": make_document("old", cards), "new": make_document("new", cards + 40)}
    target = folder / "map.journey"
    save_document(docs["old"], target)
    duration = save_duration(docs["new"], folder)
    # killed_before: the kill left the old map in place; killed_after: the new one was already
    # in place; left_temp: the kill came while the temporary file was being written.
    counts = {"killed_before": 0, "killed_after": 0, "finished": 0, "left_temp": 0}
    failures: list[str] = []
    current = "old"
    temps: set[str] = set()
    for trial in range(trials):
        wanted = "new" if current == "old" else "old"
        killed = kill_one_save(docs[wanted], target, rng.uniform(0, duration * 1.25))
        try:
            found = open_document(target).info.title
        except JourneyFileError as error:
            failures.append(f"trial {trial}: {error}")
            break
        if found not in (current, wanted) or (not killed and found != wanted):
            failures.append(f"trial {trial}: found {found!r}, expected {current!r} or {wanted!r}")
        counts["finished" if not killed else "killed_after" if found == wanted else "killed_before"] += 1
        now = {p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)}
        counts["left_temp"] += bool(now - temps)
        temps = now
        current = found
    swept = sweep_orphans(folder, now=time.time() + 60)  # the killed savers are gone
    rest = sorted(p.name for p in folder.iterdir())
    if rest != ["map.journey"]:
        failures.append(f"left behind after sweeping: {rest}")
    return {
        "trials": trials,
        "save_seconds": round(duration, 4),
        **counts,
        "swept": len(swept),
        "failures": failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cards", type=int, default=120)
    args = parser.parse_args()
    print(json.dumps(run(args.folder, args.trials, args.seed, args.cards)))


if __name__ == "__main__":
    main()
