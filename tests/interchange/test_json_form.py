"""The JSON form: lossless both ways, and one clear line for every kind of bad input."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journey_studio.interchange import (
    InterchangeError,
    document_from_dict,
    document_to_dict,
    dumps,
    loads,
    read_json,
    write_json,
)
from journey_studio.interchange import json_form as json_form_module
from journey_studio.model import Document
from tests.strategies import document_state, documents, sample_document


@settings(max_examples=80, deadline=None)
@given(doc=documents())
def test_model_to_json_to_model_is_identical(doc: Document) -> None:
    assert document_state(loads(dumps(doc))) == document_state(doc)


@settings(max_examples=80, deadline=None)
@given(doc=documents())
def test_json_to_model_to_json_is_identical(doc: Document) -> None:
    data = json.loads(dumps(doc))
    assert document_to_dict(document_from_dict(data)) == data
    assert dumps(document_from_dict(data)) == dumps(doc)


def test_shape_of_the_sample() -> None:
    data = document_to_dict(sample_document())
    assert list(data)[:2] == ["format", "version"]
    assert data["format"] == "journey-studio" and data["version"] == 1
    assert data["personas"][0]["avatar"] == "iVBORw0KGgoAAQ=="
    assert data["personas"][1]["avatar"] == ""
    assert data["cards"][0]["emotion"] == {"p2": 2.5, "p1": 4}
    assert [c["id"] for c in data["cards"]] == ["c1", "c2", "c3"]


def test_whole_numbers_are_written_without_a_fraction() -> None:
    text = dumps(sample_document())
    assert '"width": 240\n' in text and '"width": 312.5' in text and '"p1": 4' in text
    assert '"reach": 12000' in text and '"ctr": 0.031' in text
    assert dumps(loads(text.replace('"width": 240\n', '"width": 240.0\n'))) == text


def test_optional_fields_take_their_defaults() -> None:
    doc = document_from_dict(
        {
            "format": "journey-studio",
            "version": 1,
            "personas": [{"id": "p", "name": "P"}],
            "stages": [{"id": "s", "name": "S"}],
            "lanes": [{"id": "l", "name": "L"}],
            "cards": [{"id": "c", "kind": "note", "stage": "s", "lane": "l"}],
            "flows": [],
        }
    )
    assert doc.info.title == "Untitled journey" and doc.stages["s"].width == 240.0
    assert doc.lanes["l"].kind == "notes" and doc.personas["p"].on_map is True
    assert doc.cards["c"].metrics == {} and doc.cards["c"].exit is False


def test_a_minimal_file_is_an_empty_map() -> None:
    assert len(loads('{"format": "journey-studio", "version": 1}').cards) == 0


def sample_data() -> dict[str, Any]:
    return copy.deepcopy(document_to_dict(sample_document()))


def setter(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set a value inside the sample data, e.g. ``cards.0.stage``; a value of DELETE removes it."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        key: Any = int(last) if last.isdigit() else last
        if value is DELETE:
            del target[key]
        else:
            target[key] = value

    return change


DELETE = object()

BAD_DATA: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("wrong format", setter("format", "mindmap"), "format: must be 'journey-studio'"),
    ("no format", setter("format", DELETE), "format: must be 'journey-studio'"),
    ("newer version", setter("version", 2), "version: made by a newer version of Journey Studio"),
    ("version as text", setter("version", "1"), "version: must be a whole number"),
    ("version zero", setter("version", 0), "version: 0 is not a valid version"),
    ("unknown top key", setter("colour", "red"), "'colour': unknown field"),
    ("unknown card key", setter("cards.1.titel", "x"), "cards[1].'titel': unknown field"),
    ("missing stage", setter("cards.2.stage", DELETE), "cards[2].stage: is missing"),
    ("missing id", setter("flows.0.id", DELETE), "flows[0].id: is missing"),
    ("unknown stage", setter("cards.2.stage", "x"), "cards[2].stage: unknown stage 'x'"),
    ("unknown lane", setter("cards.0.lane", "x"), "cards[0].lane: unknown lane 'x'"),
    ("unknown flow card", setter("flows.1.target", "c9"), "flows[1].target: unknown card 'c9'"),
    ("unknown flow persona", setter("flows.0.persona", "p9"), "flows[0].persona: unknown persona 'p9'"),
    (
        "unknown emotion persona",
        setter("cards.0.emotion", {"p9": 3}),
        "cards[0].emotion: unknown persona 'p9'",
    ),
    ("unknown tag", setter("cards.0.personas", ["p1", "p9"]), "cards[0].personas[1]: unknown persona 'p9'"),
    ("duplicate id", setter("stages.1.id", "s1"), "stages[1].id: duplicate id 's1' (also stages[0])"),
    ("bad id", setter("lanes.0.id", "two words"), "lanes[0].id: 'two words' is not a valid id"),
    ("title not text", setter("title", 5), "title: must be text, not a number"),
    ("width not number", setter("stages.0.width", "wide"), "stages[0].width: must be a number, not text"),
    ("width is bool", setter("stages.0.width", True), "stages[0].width: must be a number, not true/false"),
    ("width out of range", setter("stages.0.width", 5), "stages[0]: stage 's1' width must be between 140"),
    ("exit not bool", setter("cards.0.exit", "yes"), "cards[0].exit: must be true or false, not text"),
    ("metrics list", setter("cards.0.metrics", [1]), "cards[0].metrics: must be an object, not a list"),
    ("metric text", setter("cards.0.metrics", {"nps": "high"}), "cards[0].metrics['nps']: must be a number"),
    ("emotion range", setter("cards.0.emotion", {"p1": 7}), "emotion for 'p1' must be 1–5 in halves"),
    ("emotion thirds", setter("cards.0.emotion", {"p1": 3.3}), "emotion for 'p1' must be 1–5 in halves"),
    ("avatar", setter("personas.0.avatar", "not base64!"), "personas[0].avatar: is not valid base64"),
    ("avatar type", setter("personas.0.avatar", [1]), "personas[0].avatar: must be text, not a list"),
    ("card kind", setter("cards.0.kind", "postit"), "cards[0]: card 'c1' has unknown kind 'postit'"),
    ("map type", setter("map_type", "treasure"), "unknown map type 'treasure'"),
    ("personas not list", setter("personas", {}), "personas: must be a list, not an object"),
    ("card not object", setter("cards.0", "c1"), "cards[0]: must be an object, not text"),
    ("self loop", setter("flows.0.target", "c1"), "flows[0]: flow 'f1' connects a card to itself"),
    ("objective", setter("objectives", ["ok", None]), "objectives[1]: must be text, not null"),
    ("lone surrogate", setter("title", "bad \ud800"), "title: contains an invalid character"),
    ("repeated tag", setter("cards.0.personas", ["p1", "p1"]), "personas must be a list without repeats"),
    ("date", setter("next_review", "soon"), "next review must be a date"),
]


@pytest.mark.parametrize(("name", "change", "expected"), BAD_DATA, ids=[b[0] for b in BAD_DATA])
def test_bad_data_is_refused_with_one_line(
    name: str, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    data = sample_data()
    change(data)
    with pytest.raises(InterchangeError) as caught:
        document_from_dict(data)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(expected) or expected in message, message


BAD_TEXT: list[tuple[str, str | bytes, str]] = [
    ("malformed", '{"format": "journey-studio",', "not valid JSON: Expecting"),
    ("not an object", "[1, 2]", "must be a JSON object, not a list"),
    (
        "deep nesting",
        '{"format": "journey-studio", "version": 1, "title": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "nested too deeply",
    ),
    (
        "NaN",
        '{"format": "journey-studio", "version": 1, "stages": [{"id": "s", "name": "S", "width": NaN}]}',
        "NaN is not a number",
    ),
    (
        "huge number",
        '{"format": "journey-studio", "version": 1, "stages": [{"id": "s", "name": "S", "width": 1e400}]}',
        "stages[0].width: is too large",
    ),
    (
        "huge integer",
        '{"format": "journey-studio", "version": 1, "stages": [{"id": "s", "name": "S", "width": '
        + "9" * 400
        + "}]}",
        "stages[0].width: is too large",
    ),
    (
        "endless integer",
        '{"format": "journey-studio", "version": ' + "9" * 5000 + "}",
        "a number has too many digits",
    ),
    (
        "duplicate key",
        '{"format": "journey-studio", "version": 1, "title": "a", "title": "b"}',
        "the key 'title' appears twice",
    ),
    ("not utf-8", b'{"format": "journey-studio", "version": 1, "title": "\xff"}', "not UTF-8 text"),
]


@pytest.mark.parametrize(("name", "text", "expected"), BAD_TEXT, ids=[b[0] for b in BAD_TEXT])
def test_bad_text_is_refused_with_one_line(name: str, text: str | bytes, expected: str) -> None:
    with pytest.raises(InterchangeError) as caught:
        loads(text)
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_utf8_with_byte_order_mark_is_read() -> None:
    text = dumps(sample_document())
    assert document_state(loads(b"\xef\xbb\xbf" + text.encode())) == document_state(sample_document())


def test_file_round_trip_and_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    write_json(sample_document(), path)
    assert document_state(read_json(path)) == document_state(sample_document())
    assert [p.name for p in tmp_path.iterdir()] == ["map.json"]
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cards"][2]["stage"] = "x"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InterchangeError, match=r"map\.json: cards\[2\]\.stage: unknown stage 'x'"):
        read_json(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "no such file"), (b"", "the file is empty"), (b"  \n", "the file is empty")],
)
def test_missing_and_empty_files(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "map.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InterchangeError, match=expected):
        read_json(path)


def test_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "map.json"
    write_json(sample_document(), path)
    monkeypatch.setattr(json_form_module, "MAX_JSON_BYTES", 100)
    with pytest.raises(InterchangeError, match="too large"):
        read_json(path)


def test_failed_write_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "map.json"
    write_json(sample_document(), path)
    before = path.read_bytes()

    def failing_replace(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(InterchangeError, match="the disk is full"):
        write_json(Document(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["map.json"]


def test_invalid_document_is_not_written(tmp_path: Path) -> None:
    doc = sample_document()
    doc.stages["s1"].width = 1.0  # bypasses the model's checks on purpose
    with pytest.raises(InterchangeError, match="width must be between"):
        write_json(doc, tmp_path / "map.json")
    assert list(tmp_path.iterdir()) == []


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_mutation_is_read_or_refused_with_one_line(data: st.DataObject) -> None:
    """Replace one value anywhere in a valid map with random JSON: a map or an InterchangeError."""
    tree: Any = sample_data()
    node = tree
    while True:
        keys = sorted(node) if isinstance(node, dict) else list(range(len(node)))
        key = data.draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and data.draw(st.booleans()):
            node = child
            continue
        node[key] = data.draw(JSON_VALUES)
        break
    try:
        document_from_dict(tree)
    except InterchangeError as error:
        assert "\n" not in str(error)


def test_too_many_entries_are_refused_before_building_anything(monkeypatch) -> None:
    import pytest

    from journey_studio.interchange import json_form

    monkeypatch.setattr(json_form, "MAX_ROWS", 3)
    data = {"format": "journey-studio", "version": 1, "objectives": ["a", "b", "c", "d"]}
    with pytest.raises(json_form.InterchangeError, match="has 4 entries; a map may have 3"):
        json_form.document_from_dict(data)
