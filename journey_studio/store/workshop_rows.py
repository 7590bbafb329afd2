"""Rows of the workshop tables (schema 2): intended findings, comment threads and dot votes."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..model import Comment, Document, Thread, Vote
from ..model.validate import ID_PATTERN

Row = dict[str, Any]


class WorkshopRowsError(Exception):
    """Workshop rows that do not fit together; the message says which."""


def workshop_rows(doc: Document) -> dict[str, list[Row]]:
    """The rows of the workshop tables for this document."""
    rows: dict[str, list[Row]] = defaultdict(list)
    rows["acknowledgements"] = [
        {"position": i, "finding": key, "reason": reason}
        for i, (key, reason) in enumerate(doc.info.acknowledged.items())
    ]
    for i, thread in enumerate(doc.threads):
        rows["threads"].append(
            {"id": thread.id, "position": i, "target": thread.target, "resolved": int(thread.resolved)}
        )
        rows["thread_comments"] += [
            {"thread": thread.id, "position": j, "author": c.author, "time": c.time, "text": c.text}
            for j, c in enumerate(thread.comments)
        ]
    for i, vote in enumerate(doc.votes):
        rows["votes"].append(
            {
                "id": vote.id,
                "position": i,
                "name": vote.name,
                "date": vote.date,
                "dots_per_participant": vote.dots_per_participant,
                "closed": int(vote.closed),
            }
        )
        rows["vote_candidates"] += [
            {"vote": vote.id, "position": j, "card": c} for j, c in enumerate(vote.candidates)
        ]
        rows["vote_participants"] += [
            {"vote": vote.id, "position": j, "name": name} for j, name in enumerate(vote.participants)
        ]
        dots = [(name, card) for name, cards in vote.dots.items() for card in cards]
        rows["vote_dots"] += [
            {"vote": vote.id, "position": j, "participant": name, "card": card}
            for j, (name, card) in enumerate(dots)
        ]
    return dict(rows)


def _ordered(rows: list[Row], what: str) -> list[Row]:
    ordered = sorted(rows, key=lambda row: int(row["position"]))
    if [row["position"] for row in ordered] != list(range(len(ordered))):
        raise WorkshopRowsError(f"the order of {what} is damaged")
    return ordered


def _owned(rows: list[Row], owner: str, known: set[str], table: str) -> dict[str, list[Row]]:
    by_owner: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row[owner] not in known:
            raise WorkshopRowsError(f"{table} refers to unknown {owner} {str(row[owner])[:40]!r}")
        by_owner[row[owner]].append(row)
    return by_owner


def _flag(value: object, what: str) -> bool:
    if value not in (0, 1):
        raise WorkshopRowsError(f"{what} must be 0 or 1")
    return bool(value)


def build_workshop(tables: dict[str, list[Row]]) -> tuple[dict[str, str], list[Thread], list[Vote]]:
    """Intended findings, threads and votes from their rows (values are validated by the model)."""
    acknowledged: dict[str, str] = {}
    for row in _ordered(tables["acknowledgements"], "intended findings"):
        if row["finding"] in acknowledged:
            raise WorkshopRowsError("an intended finding is listed twice")
        acknowledged[row["finding"]] = row["reason"]
    thread_rows = _ordered(tables["threads"], "comment threads")
    for row in thread_rows:
        if not ID_PATTERN.match(str(row["id"])):
            raise WorkshopRowsError("threads has an invalid id")
    comments = _owned(tables["thread_comments"], "thread", {r["id"] for r in thread_rows}, "thread_comments")
    threads = [
        Thread(
            row["id"],
            row["target"],
            [Comment(c["author"], c["time"], c["text"]) for c in _ordered(comments[row["id"]], "comments")],
            _flag(row["resolved"], f"thread {row['id']!r} resolved"),
        )
        for row in thread_rows
    ]
    vote_rows = _ordered(tables["votes"], "votes")
    vote_ids = {r["id"] for r in vote_rows}
    candidates = _owned(tables["vote_candidates"], "vote", vote_ids, "vote_candidates")
    participants = _owned(tables["vote_participants"], "vote", vote_ids, "vote_participants")
    dots = _owned(tables["vote_dots"], "vote", vote_ids, "vote_dots")
    votes = []
    for row in vote_rows:
        if not ID_PATTERN.match(str(row["id"])):
            raise WorkshopRowsError("votes has an invalid id")
        spent: dict[str, list[str]] = {}
        for dot in _ordered(dots[row["id"]], "vote dots"):
            spent.setdefault(dot["participant"], []).append(dot["card"])
        votes.append(
            Vote(
                row["id"],
                row["name"],
                row["date"],
                candidates=[r["card"] for r in _ordered(candidates[row["id"]], "vote candidates")],
                dots_per_participant=row["dots_per_participant"],
                participants=[r["name"] for r in _ordered(participants[row["id"]], "vote participants")],
                dots=spent,
                closed=_flag(row["closed"], f"vote {row['id']!r} closed"),
            )
        )
    return acknowledged, threads, votes
