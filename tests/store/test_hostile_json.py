"""The .json import meets hostile input with the same guarantees as a .journey file.

Malformed text, deep nesting, huge numbers and strings, wrong kinds of values, duplicate keys:
each is refused with one plain line naming where, quickly, and nothing else ever escapes.
(The reader is journey_studio/interchange/json_form.py; mutated JSON files are also in the
fuzz run, tests/store/test_fuzz.py.)
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from journey_studio.interchange import InterchangeError, dumps, loads, read_json
from journey_studio.interchange import json_form as json_module
from tests.strategies import sample_document

HEAD = '{"format": "journey-studio", "version": 1'

HOSTILE: dict[str, tuple[bytes, str]] = {
    "nested lists": (
        (HEAD + ', "objectives": ' + "[" * 200_000 + "]" * 200_000 + "}").encode(),
        "nested too deeply",
    ),
    "nested objects": (b'{"a": ' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
    "cut short": (dumps(sample_document()).encode()[:-40], "not valid JSON"),
    "not UTF-8": ((HEAD + ', "title": "caf\xe9"}').encode("latin-1"), "not UTF-8"),
    "NaN": ((HEAD + ', "title": NaN}').encode(), "NaN"),
    "a thousand-digit number": ((HEAD + ', "x": ' + "9" * 5000 + "}").encode(), "too many digits"),
    "a huge float": (
        json.dumps(
            {**json.loads(dumps(sample_document())), "stages": [{"id": "s", "name": "s", "width": 1e308}]}
        ).encode(),
        "width",
    ),
    "a giant string": (
        json.dumps({"format": "journey-studio", "version": 1, "title": "x" * 5_000_000}).encode(),
        "longer than",
    ),
    "a lone surrogate": ((HEAD + ', "title": "\\ud800"}').encode(), "invalid character"),
    "duplicate keys": ((HEAD + ', "version": 1}').encode(), "appears twice"),
    "a list for an object": ((HEAD + ', "stages": {"a": 1}}').encode(), "stages: must be a list"),
    "text for a list": ((HEAD + ', "cards": "abc"}').encode(), "cards: must be a list"),
    "a number for text": ((HEAD + ', "title": 7}').encode(), "title: must be text"),
    "true for a version": (b'{"format": "journey-studio", "version": true}', "version"),
    "a newer version": (b'{"format": "journey-studio", "version": 99}', "newer version"),
    "another format": (b'{"format": "something-else", "version": 1}', "not a Journey Studio JSON file"),
    "a bare list": (b"[1, 2, 3]", "must be a JSON object"),
    "an unknown field": ((HEAD + ', "macro": "rm -rf /"}').encode(), "unknown field"),
    "a dangling reference": (
        (
            HEAD + ', "stages": [{"id": "s", "name": "S"}], "lanes": [{"id": "l", "name": "L"}], '
            '"cards": [{"id": "c", "kind": "note", "stage": "nowhere", "lane": "l"}]}'
        ).encode(),
        "unknown stage",
    ),
    "an emotion out of range": (
        (
            HEAD + ', "personas": [{"id": "p", "name": "P"}], "stages": [{"id": "s", "name": "S"}], '
            '"lanes": [{"id": "l", "name": "L"}], "cards": [{"id": "c", "kind": "note", "stage": "s", '
            '"lane": "l", "emotion": {"p": 9}}]}'
        ).encode(),
        "1–5",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_json_is_refused_clearly(name: str) -> None:
    raw, words = HOSTILE[name]
    start = time.monotonic()
    with pytest.raises(InterchangeError) as caught:
        loads(raw)
    assert time.monotonic() - start < 5
    message = str(caught.value)
    assert words in message and "\n" not in message and len(message) <= 400


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, "no such file"), (b"", "the file is empty"), (b"  \n", "the file is empty")],
)
def test_missing_and_empty_json_files(tmp_path: Path, content: bytes | None, words: str) -> None:
    path = tmp_path / "map.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InterchangeError, match=words):
        read_json(path)


def test_too_large_json_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "map.json"
    path.write_text(dumps(sample_document()), encoding="utf-8")
    monkeypatch.setattr(json_module, "MAX_JSON_BYTES", 1000)
    with pytest.raises(InterchangeError, match="too large"):
        read_json(path)


def test_a_folder_named_like_a_map(tmp_path: Path) -> None:
    (tmp_path / "map.json").mkdir()
    with pytest.raises(InterchangeError, match="folder"):
        read_json(tmp_path / "map.json")
