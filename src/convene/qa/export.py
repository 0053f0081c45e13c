"""A session's Q&A as CSV rows and as JSON (the notes JSON, with more about each item).

The JSON's `items` are the board's question payload (`payloads.question_payload`) with
their answers and follow-ups, which include the shape the notes app reads and writes
(kind, text, answers [{by, text, refers_to_previous}], followups), so an export can be
rendered as notes.
"""

from typing import Any

from convene.events.models import Event
from convene.qa.models import Board
from convene.qa.payloads import answer_data, author_name, iso, question_data
from convene.qa.queries import Item, export_items, flatten

CSV_HEADER = [
    "id", "parent_id", "kind", "text", "state", "votes", "language", "topic", "author",
    "asked_at", "asked_at_event", "answers",
]  # fmt: skip


def rows(*, board: Board) -> list[list[Any]]:
    """The header, then one row per question, follow-up or comment (answers joined)."""
    out: list[list[Any]] = [CSV_HEADER]
    if board.pk is None:
        return out
    for item in flatten(export_items(board=board)):
        q = item.question
        answers = "\n\n".join(
            f"{answer.by}: {answer.text}" if answer.by else answer.text for answer in item.answers
        )
        out.append(
            [
                q.pk, q.parent_id or "", q.kind, q.text, q.state, q.vote_count, q.language,
                q.topic, author_name(q), iso(q.created_at), q.event_id or "", answers,
            ]
        )  # fmt: skip
    return out


def _item(item: Item) -> dict[str, Any]:
    """The board's question payload with its answers and follow-ups; `asked_at` and
    `asked_at_event` repeat `created_at` and `event_id` under the names the notes
    export had first."""
    payload = question_data(item.question)
    return {
        **payload,
        "asked_at": payload["created_at"],
        "asked_at_event": payload["event_id"],
        "answers": [answer_data(answer) for answer in item.answers],
        "followups": [_item(child) for child in item.children],
    }


def document(*, event: Event, board: Board) -> dict[str, Any]:
    items = export_items(board=board) if board.pk is not None else []
    return {
        "event": {"id": event.pk, "title": event.display_title},
        "pooled": board.series_id is not None,
        "items": [_item(item) for item in items],
    }
