"""The board's live events, typed (as Zulip's `event_types.py`), and what each does to a
board snapshot.

Every event the qa services publish on a board's channels (`live.announce`) has one of
the shapes below; `check_event(kind, data)` validates one (the tests check every event
they see). `BoardState` is the reference reader: a client that holds the snapshot of
`GET /api/events/{id}/board` and applies every later event in order holds what a fresh
snapshot would say ("snapshot + events = fresh snapshot", tested). board.js follows it.

Kinds:
- `question`: a question as `payloads.question_payload` (on the public channel with its
  `answers` and `followups` when it comes (back) on the board), or `{id, removed}` when
  it leaves the public board;
- `vote`: `{id, votes}`;
- `answer`: an answer as `payloads.answer_payload` with `question_id`;
- `pinned`: `{id, question}` (both null: nothing pinned);
- `board`: the board's settings, or `{reload: true}` when more changed than events say
  (notes imported, questions merged or pooled): read the snapshot again.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from ninja import Schema
from pydantic import BaseModel, ConfigDict

from convene.qa.models import State
from convene.qa.queries.sorts import followup_key, sort_items


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The payloads are the API's schemas too (`api.AnswerOut`, `api.QuestionBase`).
class AnswerPayload(Schema):
    model_config = ConfigDict(extra="forbid")

    id: int
    by: str | None
    by_url: str | None  # the page of the body answered for, when it is in the directory
    text: str
    mode: str
    refers_to_previous: bool
    points_to: int | None
    created_at: dt.datetime


class QuestionPayload(Schema):
    model_config = ConfigDict(extra="forbid")

    id: int
    kind: str
    parent_id: int | None
    event_id: int | None
    text: str
    language: str
    topic: str
    author: str | None
    anonymous: bool
    state: str
    hidden: bool
    decline_reason: str
    votes: int
    merged_into: int | None
    answered_elsewhere: int | None
    created_at: dt.datetime
    url: str


class BoardItem(QuestionPayload):
    answers: list[AnswerPayload]
    followups: list["BoardItem"]


class QuestionEvent(QuestionPayload):
    answers: list[AnswerPayload] | None = None
    followups: list[BoardItem] | None = None


class RemovedEvent(_Strict):
    id: int
    removed: Literal[True]


class VoteEvent(_Strict):
    id: int
    votes: int


class AnswerEvent(AnswerPayload):
    question_id: int


class PinnedEvent(_Strict):
    id: int | None
    question: QuestionPayload | None


class BoardSettingsEvent(_Strict):
    open: bool
    premoderation: bool
    allow_anonymous: bool
    pooled: bool
    pinned: int | None


class ReloadEvent(_Strict):
    reload: Literal[True]


EVENT_TYPES: dict[str, tuple[type[BaseModel], ...]] = {
    "question": (QuestionEvent, RemovedEvent),
    "vote": (VoteEvent,),
    "answer": (AnswerEvent,),
    "pinned": (PinnedEvent,),
    "board": (BoardSettingsEvent, ReloadEvent),
}


def check_event(kind: str, data: Mapping[str, Any]) -> BaseModel:
    """The typed event; raises ValueError when `kind` or `data` is not a known shape."""
    errors = []
    for schema in EVENT_TYPES.get(kind, ()):
        try:
            return schema.model_validate(dict(data))
        except ValueError as exc:
            errors.append(str(exc))
    raise ValueError(f"not a {kind!r} event: {dict(data)!r} ({'; '.join(errors)})")


class NeedsReload(Exception):  # noqa: N818 (a signal to the reader, not a failure)
    """The event says to read the snapshot again."""


_QUESTION_KEYS = tuple(QuestionPayload.model_fields)


class BoardState:
    """A board snapshot's `pinned`, `counts` and `items`, kept up to date by events.

    `queue`: the moderator's queue (from the moderation channel), where every question
    but merged ones stays and waiting ones come first."""

    def __init__(self, body: Mapping[str, Any], *, sort: str, queue: bool = False) -> None:
        self.items: list[dict[str, Any]] = list(body["items"])
        pinned = body.get("pinned")
        self.pinned_id: int | None = pinned["id"] if pinned else None
        self.sort = sort
        self.queue = queue

    def _index(self) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        walk = list(self.items)
        while walk:
            item = walk.pop()
            found[item["id"]] = item
            walk.extend(item["followups"])
        return found

    def _remove(self, question_id: int) -> None:
        self.items = [i for i in self.items if i["id"] != question_id]
        for item in self._index().values():
            item["followups"] = [c for c in item["followups"] if c["id"] != question_id]

    def apply(self, kind: str, data: Mapping[str, Any]) -> None:
        """Apply one event (checked first); raises NeedsReload for `board` reloads."""
        check_event(kind, data)
        index = self._index()
        if kind == "question":
            self._question(data, index)
        elif kind == "vote" and data["id"] in index:
            index[data["id"]]["votes"] = data["votes"]
        elif kind == "answer" and data["question_id"] in index:
            answer = {key: value for key, value in data.items() if key != "question_id"}
            index[data["question_id"]]["answers"].append(answer)
        elif kind == "pinned":
            self.pinned_id = data["id"]
        elif kind == "board" and data.get("reload"):
            raise NeedsReload
        sort_items(self.items, self.sort, queue=self.queue)

    def _question(self, data: Mapping[str, Any], index: dict[int, dict[str, Any]]) -> None:
        if data.get("removed") or data.get("state") == State.MERGED:
            self._remove(data["id"])
            return
        existing = index.get(data["id"])
        if existing is not None:
            existing.update({key: data[key] for key in _QUESTION_KEYS})
            for key in ("answers", "followups"):
                if data.get(key) is not None:
                    existing[key] = list(data[key])
            return
        item = {**data, "answers": list(data.get("answers") or [])}
        item["followups"] = list(data.get("followups") or [])
        if item["parent_id"] is None:
            self.items.append(item)
            return
        parent = index.get(item["parent_id"])
        if parent is not None:  # else its question is not on this board: not shown
            parent["followups"].append(item)
            parent["followups"].sort(key=followup_key)

    def body(self) -> dict[str, Any]:
        """What the snapshot's `pinned`, `counts` and `items` would say now."""
        index = self._index()
        counts: dict[str, int] = {}
        for item in index.values():
            counts[item["state"]] = counts.get(item["state"], 0) + 1
        pinned = index.get(self.pinned_id) if self.pinned_id is not None else None
        return {"pinned": pinned, "counts": counts, "items": self.items}
