"""Comment threads and dot votes: budgets, closing, cascades and undo."""

from __future__ import annotations

import pytest

from journey_studio.edit import History, delete_items
from journey_studio.edit.workshop import (
    add_dot,
    end_vote,
    remove_dot,
    reply,
    set_resolved,
    start_thread,
    start_vote,
)
from journey_studio.model import Card, Document, Lane, ModelError, Stage


def doc() -> Document:
    return Document(
        stages=[Stage("s1", "Aware")],
        lanes=[Lane("l1", "Pains", "pain_points")],
        cards=[Card("a", "pain_point", "s1", "l1", "Slow"), Card("b", "pain_point", "s1", "l1", "Costly")],
    )


def test_thread_reply_resolve_and_undo() -> None:
    d = doc()
    h = History(d)
    command, thread_id = start_thread(d, "a", "Kim", "Is this measured?", "2026-11-23T10:00:00Z")
    h.push(command)
    h.push(reply(d, thread_id, "Lee", "Yes, in the funnel.", "2026-11-23T10:05:00Z"))
    h.push(set_resolved(d, thread_id, True))
    thread = d.threads[thread_id]
    assert [c.author for c in thread.comments] == ["Kim", "Lee"] and thread.resolved
    h.undo()
    h.undo()
    assert len(d.threads[thread_id].comments) == 1 and not d.threads[thread_id].resolved
    with pytest.raises(ModelError):
        start_thread(d, "a", "Kim", "   ")
    with pytest.raises(ModelError):
        History(d).push(start_thread(d, "nope", "Kim", "Hi")[0])


def test_votes_respect_budget_and_close() -> None:
    d = doc()
    h = History(d)
    command, vote_id = start_vote(d, "Biggest pain", ["a", "b"], 2, ["Ana", "Bo"], "2026-11-23")
    h.push(command)
    h.push(add_dot(d, vote_id, "Ana", "a"))
    h.push(add_dot(d, vote_id, "Ana", "a"))
    with pytest.raises(ModelError, match="no dots left"):
        add_dot(d, vote_id, "Ana", "b")
    h.push(add_dot(d, vote_id, "Bo", "b"))
    assert d.votes[vote_id].totals() == {"a": 2, "b": 1}
    h.push(remove_dot(d, vote_id, "Ana", "a"))
    assert d.votes[vote_id].totals() == {"a": 1, "b": 1}
    h.push(end_vote(d, vote_id))
    with pytest.raises(ModelError, match="ended"):
        add_dot(d, vote_id, "Bo", "a")
    h.undo()
    h.push(add_dot(d, vote_id, "Bo", "a"))


def test_deleting_a_card_updates_votes_and_drops_its_threads() -> None:
    d = doc()
    h = History(d)
    command, vote_id = start_vote(d, "Pain", ["a", "b"], 3, ["Ana"])
    h.push(command)
    h.push(add_dot(d, vote_id, "Ana", "a"))
    h.push(start_thread(d, "a", "Kim", "Why?")[0])
    h.push(delete_items(d, ["a"]))
    assert d.votes[vote_id].candidates == ["b"] and d.votes[vote_id].dots == {"Ana": []}
    assert len(d.threads) == 0
    h.undo()
    assert d.votes[vote_id].totals() == {"a": 1, "b": 0} and len(d.threads) == 1


def test_threads_votes_and_acknowledgements_survive_json() -> None:
    from journey_studio.interchange.json_form import document_to_dict, dumps, loads

    d = doc()
    h = History(d)
    command, thread_id = start_thread(d, "map", "Kim", "Review on Friday? 🙂", "2026-11-23T10:00:00Z")
    h.push(command)
    command, vote_id = start_vote(d, "Pain", ["a", "b"], 2, ["Ana", "Bo"], "2026-11-23")
    h.push(command)
    h.push(add_dot(d, vote_id, "Bo", "b"))
    d.update_info({"acknowledged": {"dead_end||a": "intended"}})
    again = loads(dumps(d))
    assert document_to_dict(again) == document_to_dict(d)
    assert again.votes[vote_id].totals() == {"a": 0, "b": 1}
    assert again.threads[thread_id].comments[0].text == "Review on Friday? 🙂"


@pytest.mark.parametrize(
    "patch, message",
    [
        ({"votes": [{"id": "v", "name": "x", "date": "2026-11-23", "candidates": ["zz"]}]}, "unknown card"),
        ({"threads": [{"id": "t", "target": "nowhere"}]}, "unknown item"),
        (
            {"votes": [{"id": "v", "name": "x", "date": "2026-11-23", "dots": {"Eve": ["a"]}}]},
            "not a participant",
        ),
    ],
)
def test_bad_threads_and_votes_are_refused(patch, message) -> None:
    from journey_studio.interchange.json_form import InterchangeError, document_from_dict, document_to_dict

    data = dict(document_to_dict(doc()), **patch)
    with pytest.raises(InterchangeError, match=message):
        document_from_dict(data)


def test_threads_votes_and_acknowledgements_survive_the_journey_file(tmp_path) -> None:
    from journey_studio.interchange.json_form import document_to_dict
    from journey_studio.store import open_document, save_document

    d = doc()
    h = History(d)
    command, thread_id = start_thread(d, "a", "Kim", "Measured?", "2026-11-23T10:00:00Z")
    h.push(command)
    h.push(reply(d, thread_id, "Lee", "Weekly ✓", "2026-11-23T10:01:00Z"))
    command, vote_id = start_vote(d, "Pain", ["a", "b"], 2, ["Ana", "Bo"], "2026-11-23")
    h.push(command)
    h.push(add_dot(d, vote_id, "Bo", "b"))
    h.push(add_dot(d, vote_id, "Bo", "b"))
    d.update_info({"acknowledged": {"dead_end||a": "on purpose"}})
    path = tmp_path / "workshop.journey"
    save_document(d, path)
    assert document_to_dict(open_document(path)) == document_to_dict(d)
