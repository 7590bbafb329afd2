"""Run one file-system scenario in a separate process (as another user, or in a private mount).

    python tests/store/fs_scenarios.py SCENARIO FOLDER

Prints one JSON object: what opening and saving did. Used by test_file_system.py, which starts
it with ``setpriv`` (as the nobody user) or ``unshare -m`` (with a small tmpfs mounted).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from journey_studio.model import Card
from journey_studio.store import JourneyFileError, open_document, read_only_reason, save_document
from tests.strategies import sample_document


def attempt(action: object) -> dict[str, object]:
    try:
        result = action()  # type: ignore[operator]
    except JourneyFileError as error:
        return {"ok": False, "reason": error.reason, "message": str(error)}
    return {"ok": True, "cards": len(result.cards) if result is not None else None}


def big_document() -> object:
    doc = sample_document()
    card = doc.cards["c1"]
    for i in range(120):
        doc.insert("cards", Card(f"n{i}", "note", card.stage, card.lane, f"Note {i}", "text " * 3000))
    return doc


def main(scenario: str, folder: Path) -> dict[str, object]:
    target = folder / "map.journey"
    try:
        before = target.read_bytes()
    except OSError:
        before = b""
    result: dict[str, object] = {"read_only_reason": read_only_reason(target)}
    result["open"] = attempt(lambda: open_document(target))
    if scenario == "save-small":
        result["save"] = attempt(lambda: save_document(sample_document(), target))
    elif scenario == "save-big":
        result["save"] = attempt(lambda: save_document(big_document(), target))
    result["untouched"] = not before or target.read_bytes() == before
    result["files"] = sorted(p.name for p in folder.iterdir())
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]))))
