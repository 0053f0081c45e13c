"""The board snapshot as JSON (the API's `GET /api/events/{id}/board`).

Read by every open board (and after every reconnect that lost too much), so it is built
from plain rows (no model instances, no schema objects) and its public part is cached
per board version and sort: a request that hits the cache costs one query (the event
with its board, whose `version` every change bumps).
"""

import json
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from convene.core.actors import signed_in
from convene.core.types import Actor
from convene.events.models import Event
from convene.qa import live
from convene.qa.models import Answer, Board, Question, State, Vote
from convene.qa.payloads import ANSWER_FIELDS, QUESTION_FIELDS, answer_payload, item_payload
from convene.qa.queries.sorts import followup_key, sort_items
from convene.qa.states import PUBLIC

SNAPSHOT_CACHE_S = 3600


def _tree(
    rows: QuerySet[Question],
    *,
    answers: QuerySet[Answer],
    sort: str,
    queue: bool = False,
    root: int | None = None,
) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
    """Top-level items (in `sort` order; or only `root`) with answers and follow-ups
    nested; and every item on that tree by id (a follow-up whose question is not shown
    is not on it)."""
    made = {row["id"]: item_payload(row) for row in rows.values(*QUESTION_FIELDS)}
    for answer in answers.order_by("question_id", "position", "created_at", "id").values(
        *ANSWER_FIELDS
    ):
        item = made.get(answer["question_id"])
        if item is not None:
            item["answers"].append(answer_payload(answer))
    top = []
    for item in made.values():
        parent = made.get(item["parent_id"]) if item["parent_id"] else None
        if parent is not None:
            parent["followups"].append(item)
        elif item["parent_id"] is None:
            top.append(item)
    if root is not None:
        top = [made[root]]
    sort_items(top, sort, queue=queue)
    by_id: dict[int, dict[str, Any]] = {}
    walk = list(top)
    while walk:
        item = walk.pop()
        by_id[item["id"]] = item
        item["followups"].sort(key=followup_key)
        walk.extend(item["followups"])
    return top, by_id


@dataclass(frozen=True)
class SnapshotParts:
    """A board snapshot ready to page: the live cursor it was built at, the JSON text of
    `"pinned":…,"counts":…,"total":…` and of each top-level item (in sort order)."""

    cursor: str
    head: str
    items: tuple[str, ...]

    def page(self, *, offset: int = 0, limit: int | None = None) -> str:
        """The JSON text (without braces) of `limit` items from `offset` (None: all),
        with `offset`, `limit` and `next` (the next page's offset, or null)."""
        end = len(self.items) if limit is None else offset + limit
        shown = self.items[offset:end]
        after = end if end < len(self.items) else None
        paging = json.dumps({"offset": offset, "limit": limit, "next": after})[1:-1]
        return f'{self.head},{paging},"items":[{",".join(shown)}]'


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _snapshot_parts(
    cursor: str, board: Board, items: list[dict[str, Any]], by_id: dict[int, dict[str, Any]]
) -> SnapshotParts:
    counts = Counter(item["state"] for item in by_id.values())
    pinned = by_id.get(board.pinned_id) if board.pinned_id else None
    head = _dumps({"pinned": pinned, "counts": dict(counts), "total": len(items)})[1:-1]
    return SnapshotParts(cursor=cursor, head=head, items=tuple(_dumps(item) for item in items))


def snapshot_public(*, event: Event, board: Board, sort: str) -> SnapshotParts:
    """The board as everyone sees it, ready to page; from the cache when this board
    version was built before."""
    from django.core.cache import cache

    # The creation instant keeps keys apart when a database is reset under the same cache.
    made = int(board.created_at.timestamp() * 1_000_000) if board.created_at else 0
    key = f"qa:snapshot-parts:{board.pk}:{made}:{board.version}:{sort}:{event.pk}"
    if board.pk is not None:
        # A key never changes meaning (every change bumps the version), so each process
        # may keep the newest snapshots in its memory in front of the shared cache.
        with _LOCAL_LOCK:
            local = _LOCAL.get(key)
        if local is not None:
            return local
        hit = cache.get(key)
        if hit is not None:
            _remember(key, hit)
            return hit  # type: ignore[no-any-return]
    # The cursor is read before the rows: whatever the rows miss comes after it.
    cursor = live.cursor(event.pk)
    items: list[dict[str, Any]] = []
    by_id: dict[int, dict[str, Any]] = {}
    if board.pk is not None:
        rows = Question.objects.filter(board=board, state__in=PUBLIC, hidden=False)
        answers = Answer.objects.filter(question__board=board)
        items, by_id = _tree(rows, answers=answers, sort=sort)
    value = _snapshot_parts(cursor, board, items, by_id)
    if board.pk is not None:
        cache.set(key, value, SNAPSHOT_CACHE_S)
        _remember(key, value)
    return value


_LOCAL: "OrderedDict[str, SnapshotParts]" = OrderedDict()


_LOCAL_LOCK = threading.Lock()


_LOCAL_SIZE = 32


def _remember(key: str, value: SnapshotParts) -> None:
    with _LOCAL_LOCK:
        _LOCAL[key] = value
        _LOCAL.move_to_end(key)
        while len(_LOCAL) > _LOCAL_SIZE:
            _LOCAL.popitem(last=False)


def snapshot_personal(*, board: Board, viewer: Actor) -> dict[str, Any]:
    """What only `viewer` sees: the questions they voted for, and their own questions
    that are not (or no longer) on the public board, with the reason."""
    if not signed_in(viewer) or board.pk is None:
        return {"voted": [], "mine": []}
    voted = list(
        Vote.objects.filter(voter=viewer, question__board=board)
        .order_by("question_id")
        .values_list("question_id", flat=True)
    )
    own = Question.objects.filter(board=board, author=viewer).exclude(
        Q(state__in=PUBLIC, hidden=False) | Q(state=State.MERGED)
    )
    mine = [item_payload(row) for row in own.order_by("-created_at").values(*QUESTION_FIELDS)]
    return {"voted": voted, "mine": mine}


def snapshot_moderation(*, event: Event, board: Board, sort: str) -> SnapshotParts:
    """The moderator's queue (waiting questions first, hidden ones included); not cached."""
    cursor = live.cursor(event.pk, moderation=True)
    items: list[dict[str, Any]] = []
    by_id: dict[int, dict[str, Any]] = {}
    if board.pk is not None:
        rows = Question.objects.filter(board=board).exclude(state=State.MERGED)
        answers = Answer.objects.filter(question__board=board)
        items, by_id = _tree(rows, answers=answers, sort=sort, queue=True)
    return _snapshot_parts(cursor, board, items, by_id)


def public_item(*, question: Question) -> dict[str, Any]:
    """`question` as an item of the public snapshot, with its answers and its public
    follow-ups (for a question that comes back on the board: its subtree with it)."""
    ids = {question.pk}
    level = [question.pk]
    while level:  # follow-ups of follow-ups: a few levels at most
        level = list(
            Question.objects.filter(parent_id__in=level, state__in=PUBLIC, hidden=False)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.update(level)
    rows = Question.objects.filter(pk__in=ids)
    answers = Answer.objects.filter(question_id__in=ids)
    top, _by_id = _tree(rows, answers=answers, sort="votes", root=question.pk)
    return top[0]
