"""The one shape of a question and of an answer, as the API, the live channels, the board
snapshot and the export write them.

A payload is built from a *row*: the plain values of `QUESTION_FIELDS` / `ANSWER_FIELDS`
(what `QuerySet.values()` gives, so the snapshot of 1,000 questions makes no model
instances), or from a model instance through `question_row` / `answer_row`, so there is
one definition whichever way the data came.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from convene.qa.models import Answer, Question

QUESTION_FIELDS = (
    "id", "kind", "parent_id", "event_id", "text", "language", "topic", "author_id",
    "anonymous", "state", "hidden", "decline_reason", "vote_count", "merged_into_id",
    "answered_elsewhere_id", "created_at", "author__username", "author__profile__display_name",
)  # fmt: skip
ANSWER_FIELDS = (
    "id", "question_id", "by", "text", "mode", "refers_to_previous", "points_to_id",
    "created_at", "position", "organisation__slug",
)  # fmt: skip


def iso(value: dt.datetime) -> str:
    """An instant as ISO 8601 in UTC with `Z`, as the API writes every instant."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def question_url(question_id: int) -> str:
    return f"/questions/{question_id}/"


def author_name(question: Question) -> str:
    """The asker's name as the board shows it ("" for anonymous)."""
    if question.anonymous or question.author is None:
        return ""
    profile = getattr(question.author, "profile", None)
    return str(getattr(profile, "name", "") or question.author.get_username())


def question_row(question: Question) -> dict[str, Any]:
    """A question instance as the row `question_payload` reads (its author's name
    already resolved the way the board shows it)."""
    name = author_name(question)
    return {
        "id": question.pk,
        "kind": question.kind,
        "parent_id": question.parent_id,
        "event_id": question.event_id,
        "text": question.text,
        "language": question.language,
        "topic": question.topic,
        "author_id": question.author_id,
        "anonymous": question.anonymous,
        "state": question.state,
        "hidden": question.hidden,
        "decline_reason": question.decline_reason,
        "vote_count": question.vote_count,
        "merged_into_id": question.merged_into_id,
        "answered_elsewhere_id": question.answered_elsewhere_id,
        "created_at": question.created_at,
        "author__username": name,
        "author__profile__display_name": name,
    }


def question_payload(row: Mapping[str, Any]) -> dict[str, Any]:
    """A question: what the API's `QuestionBase`, the live `question` event and every
    item of the board snapshot and the export carry."""
    hidden_name = row["anonymous"] or row["author_id"] is None
    name = "" if hidden_name else (
        row["author__profile__display_name"] or row["author__username"] or ""
    )  # fmt: skip
    return {
        "id": row["id"],
        "kind": row["kind"],
        "parent_id": row["parent_id"],
        "event_id": row["event_id"],
        "text": row["text"],
        "language": row["language"],
        "topic": row["topic"],
        "author": name or None,
        "anonymous": hidden_name,
        "state": row["state"],
        "hidden": row["hidden"],
        "decline_reason": row["decline_reason"],
        "votes": row["vote_count"],
        "merged_into": row["merged_into_id"],
        "answered_elsewhere": row["answered_elsewhere_id"],
        "created_at": iso(row["created_at"]),
        "url": question_url(row["id"]),
    }


def item_payload(row: Mapping[str, Any]) -> dict[str, Any]:
    """A question on the board: its payload with its answers and follow-ups (to fill)."""
    return {**question_payload(row), "answers": [], "followups": []}


def organisation_url(slug: str) -> str:
    return f"/directory/{slug}/"


def answer_row(answer: Answer) -> dict[str, Any]:
    return {
        "id": answer.pk,
        "question_id": answer.question_id,
        "by": answer.by,
        "text": answer.text,
        "mode": answer.mode,
        "refers_to_previous": answer.refers_to_previous,
        "points_to_id": answer.points_to_id,
        "created_at": answer.created_at,
        "position": answer.position,
        "organisation__slug": answer.organisation.slug if answer.organisation else None,
    }


def answer_payload(row: Mapping[str, Any]) -> dict[str, Any]:
    """An answer, as the API, the board snapshot, the export and the live `answer`
    event (which adds `question_id`) write it."""
    return {
        "id": row["id"],
        "by": row["by"] or None,
        "by_url": organisation_url(slug) if (slug := row["organisation__slug"]) else None,
        "text": row["text"],
        "mode": row["mode"],
        "refers_to_previous": row["refers_to_previous"],
        "points_to": row["points_to_id"],
        "created_at": iso(row["created_at"]),
    }


def question_data(question: Question) -> dict[str, Any]:
    """`question_payload` of a question instance."""
    return question_payload(question_row(question))


def answer_data(answer: Answer) -> dict[str, Any]:
    """`answer_payload` of an answer instance."""
    return answer_payload(answer_row(answer))
