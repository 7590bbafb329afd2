"""Workshop edits: comment threads and dot votes, each change one undo step."""

from __future__ import annotations

from datetime import UTC, datetime

from ..model import Comment, Document, ModelError, Thread, Vote, new_id
from .commands import Command, Insert, Update


def now_utc() -> str:
    """The current time as stored in comments: 2026-11-23T14:05:00Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def start_thread(doc: Document, target: str, author: str, text: str, time: str = "") -> tuple[Command, str]:
    """A new comment thread about ``target`` (a card, stage or lane id, or "map")."""
    if not text.strip():
        raise ModelError("a comment needs some text")
    thread = Thread(new_id("thread"), target, [Comment(author.strip(), time or now_utc(), text.strip())])
    return Insert("threads", thread, text="Add comment"), thread.id


def reply(doc: Document, thread_id: str, author: str, text: str, time: str = "") -> Command:
    if not text.strip():
        raise ModelError("a reply needs some text")
    thread = doc.threads[thread_id]
    comments = [*thread.comments, Comment(author.strip(), time or now_utc(), text.strip())]
    return Update("threads", thread_id, {"comments": comments}, "Reply to comment")


def set_resolved(doc: Document, thread_id: str, resolved: bool) -> Command:
    text = "Resolve comment" if resolved else "Reopen comment"
    return Update("threads", thread_id, {"resolved": resolved}, text)


def start_vote(
    doc: Document,
    name: str,
    candidates: list[str],
    dots_per_participant: int,
    participants: list[str],
    date: str = "",
) -> tuple[Command, str]:
    """A new open dot vote on ``candidates`` (card ids, in display order)."""
    if not candidates:
        raise ModelError("choose some cards to vote on")
    people = [p.strip() for p in participants if p.strip()] or ["Everyone"]
    vote = Vote(
        id=new_id("vote"),
        name=name.strip() or "Dot vote",
        date=date or datetime.now(UTC).strftime("%Y-%m-%d"),
        candidates=list(dict.fromkeys(candidates)),
        dots_per_participant=dots_per_participant,
        participants=list(dict.fromkeys(people)),
        dots={},
    )
    return Insert("votes", vote, text="Start vote"), vote.id


def add_dot(doc: Document, vote_id: str, participant: str, card_id: str) -> Command:
    """One more dot from ``participant`` on a card; refused when the vote is closed or they have none left."""
    vote = doc.votes[vote_id]
    if vote.closed:
        raise ModelError(f"the vote “{vote.name}” has ended")
    if card_id not in vote.candidates:
        raise ModelError("that card is not part of this vote")
    spent = vote.dots.get(participant, [])
    if len(spent) >= vote.dots_per_participant:
        raise ModelError(f"{participant} has no dots left ({vote.dots_per_participant} each)")
    dots = dict(vote.dots, **{participant: [*spent, card_id]})
    return Update("votes", vote_id, {"dots": dots}, "Add dot")


def remove_dot(doc: Document, vote_id: str, participant: str, card_id: str) -> Command:
    vote = doc.votes[vote_id]
    if vote.closed:
        raise ModelError(f"the vote “{vote.name}” has ended")
    spent = list(vote.dots.get(participant, []))
    if card_id not in spent:
        raise ModelError(f"{participant} has no dot on that card")
    spent.reverse()
    spent.remove(card_id)
    spent.reverse()
    dots = {name: cards for name, cards in vote.dots.items() if name != participant}
    if spent:
        dots[participant] = spent
    return Update("votes", vote_id, {"dots": dots}, "Remove dot")


def end_vote(doc: Document, vote_id: str) -> Command:
    return Update("votes", vote_id, {"closed": True}, "End vote")
