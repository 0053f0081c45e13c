"""Reads for questions and answers, with visibility applied.

The board snapshot is a constant number of queries whatever the number of questions:
the event with its boards and the viewer's rights (1), the questions with the viewer's
votes (1), their answers (1).
"""

import json
import math
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet

from convene.core.types import Actor
from convene.events.models import Event, Series
from convene.events.queries import is_organiser
from convene.qa import live, similarity
from convene.qa.models import Answer, Board, Kind, Question, State, Term, Vote
from convene.qa.payloads import (
    ANSWER_FIELDS,
    QUESTION_FIELDS,
    answer_payload,
    author_name,
    iso,
    item_payload,
)
from convene.qa.sorts import SORTS, followup_key, ordering, sort_items
from convene.qa.states import ANSWERED, PUBLIC, UNANSWERED

__all__ = ["SORTS", "author_name", "iso"]  # imported from here by other modules


def _signed_in(user: Actor) -> TypeGuard[User]:
    return bool(getattr(user, "is_authenticated", False))


def event_with_board(*, event_id: int, viewer: Actor) -> Event:
    """The event with its own board, its series and the series' board, and whether
    `viewer` moderates it (`event.viewer_moderates`), in one query. Raises
    Event.DoesNotExist."""
    rows = Event.objects.select_related("series", "qa_board", "series__qa_board").filter(
        pk=event_id
    )
    if _signed_in(viewer) and not viewer.is_staff:
        event_orgs = Event.organisers_people.through.objects.filter(
            event_id=OuterRef("pk"), user_id=viewer.pk
        )
        series_orgs = Series.organisers_people.through.objects.filter(
            series_id=OuterRef("series_id"), user_id=viewer.pk
        )
        named = Board.moderators.through.objects.filter(user_id=viewer.pk).filter(
            Q(board__event_id=OuterRef("pk")) | Q(board__series_id=OuterRef("series_id"))
        )
        rows = rows.annotate(
            viewer_moderates=Exists(event_orgs) | Exists(series_orgs) | Exists(named)
        )
    event = rows.get()
    if not _signed_in(viewer):
        event.viewer_moderates = False  # type: ignore[attr-defined]
    elif viewer.is_staff:
        event.viewer_moderates = True  # type: ignore[attr-defined]
    return event


def board_of(event: Event) -> Board:
    """The board where `event`'s questions go: its series' pool when there is one, else
    its own; an unsaved board with the defaults when none was made yet (no query when
    `event` came from `event_with_board`)."""
    if event.series is not None:
        pooled = _board_or_none(event.series)
        if pooled is not None:
            return pooled
    own = _board_or_none(event)
    return own if own is not None else Board(event=event)


def board_current(event: Event) -> Board:
    """Like `board_of`, but read from the database now (one query), for writes: an event
    object held for a while may remember a board that changed (a series pooled since)."""
    where = Q(event_id=event.pk)
    if event.series_id is not None:
        where |= Q(series_id=event.series_id)
    boards = list(Board.objects.filter(where))
    pooled = [b for b in boards if b.series_id is not None]
    if pooled:
        return pooled[0]
    return boards[0] if boards else Board(event=event)


def _board_or_none(owner: Event | Series) -> Board | None:
    try:
        return owner.qa_board
    except Board.DoesNotExist:
        return None


def can_moderate(*, user: Actor, event: Event, board: Board | None = None) -> bool:
    """Organisers of the event (or its series), the people they named, and staff."""
    if not _signed_in(user):
        return False
    known = getattr(event, "viewer_moderates", None)
    if known is not None:
        return bool(known)
    if is_organiser(user=user, event=event):
        return True
    board = board or board_of(event)
    return board.pk is not None and board.moderators.filter(pk=user.pk).exists()


def board_is_open(board: Board, event: Event) -> bool:
    """Questions can be asked from the event's publication until the organiser closes
    the board; a cancelled event takes none."""
    return board.closed_at is None and getattr(event, "status", "") != "cancelled"


def board_event_ids(board: Board) -> list[int]:
    """The events whose pages show `board` (every edition of a pooled series)."""
    if board.series_id is not None:
        return list(Event.objects.filter(series_id=board.series_id).values_list("pk", flat=True))
    return [board.event_id] if board.event_id is not None else []


def visible_questions(*, board: Board, viewer: Actor, moderator: bool) -> QuerySet[Question]:
    """The board's questions that `viewer` may see: the public ones, their own (also
    waiting or declined), and for moderators everything but merged duplicates."""
    rows = Question.objects.filter(board=board)
    if moderator:
        rows = rows.exclude(state=State.MERGED)
    elif _signed_in(viewer):
        rows = rows.filter(Q(state__in=PUBLIC, hidden=False) | Q(author=viewer))
        rows = rows.exclude(state=State.MERGED)
    else:
        rows = rows.filter(state__in=PUBLIC, hidden=False)
    rows = rows.select_related("author__profile", "event")
    if _signed_in(viewer):
        rows = rows.annotate(
            viewer_voted=Exists(Vote.objects.filter(question=OuterRef("pk"), voter=viewer))
        )
    return rows


@dataclass
class Item:
    """A question or comment on the board, with its answers and follow-ups."""

    question: Question
    answers: list[Answer] = field(default_factory=list)
    children: list["Item"] = field(default_factory=list)

    @property
    def voted(self) -> bool:
        return bool(getattr(self.question, "viewer_voted", False))


@dataclass
class Snapshot:
    event: Event
    board: Board
    items: list[Item]
    pinned: Item | None
    moderator: bool
    is_open: bool
    sort: str
    cursor: str
    counts: dict[str, int]
    more: bool = False


BOARD_PAGE = 100


def board_snapshot(
    *,
    event: Event,
    viewer: Actor,
    sort: str = "votes",
    moderation: bool = False,
    limit: int | None = BOARD_PAGE,
) -> Snapshot:
    """What a board page shows: the first `limit` top-level questions in `sort` order
    (None: all) with their answers and follow-ups, and the pinned question. Four queries
    after `event_with_board` (a fifth when the pinned question is not among them).
    `moderation` shows the moderator's queue (waiting questions first)."""
    board = board_of(event)
    sort = sort if sort in SORTS else "votes"
    moderator = can_moderate(user=viewer, event=event, board=board)
    queue = moderation and moderator
    cursor = live.cursor(event.pk, moderation=queue)
    items: list[Item] = []
    pinned = None
    more = False
    if board.pk is not None:
        base = visible_questions(board=board, viewer=viewer, moderator=queue)
        top_rows = base.filter(parent=None)
        order = ordering(sort, queue=queue)
        top = list(top_rows.order_by(*order)[: limit + 1] if limit else top_rows.order_by(*order))
        if limit and len(top) > limit:
            more, top = True, top[:limit]
        ids = [q.pk for q in top]
        children = list(base.filter(parent_id__in=ids).order_by("created_at", "pk")) if ids else []
        shown = ids + [c.pk for c in children]
        answers: dict[int, list[Answer]] = defaultdict(list)
        if shown:
            for answer in Answer.objects.filter(question_id__in=shown).order_by(
                "position", "created_at", "pk"
            ):
                answers[answer.question_id].append(answer)
        by_id = {q.pk: Item(question=q, answers=answers.get(q.pk, [])) for q in top}
        for child in children:
            by_id[child.parent_id].children.append(  # type: ignore[index]
                Item(question=child, answers=answers.get(child.pk, []))
            )
        items = [by_id[pk] for pk in ids]
        if board.pinned_id is not None:
            pinned = by_id.get(board.pinned_id) or _pinned_item(board)
    return Snapshot(
        event=event,
        board=board,
        items=items,
        pinned=pinned,
        moderator=moderator,
        is_open=board_is_open(board, event),
        sort=sort,
        cursor=cursor,
        counts={},
        more=more,
    )


def _pinned_item(board: Board) -> Item | None:
    if board.pinned_id is None:
        return None
    question = (
        Question.objects.filter(pk=board.pinned_id, state__in=PUBLIC, hidden=False)
        .select_related("author__profile", "event")
        .first()
    )
    return Item(question=question) if question is not None else None


def board_pinned(*, event: Event) -> tuple[Board, Item | None]:
    """The board and its pinned question (the presenter view): one query."""
    board = board_of(event)
    if board.pk is None or board.pinned_id is None:
        return board, None
    return board, _pinned_item(board)


def question_get(*, pk: int, viewer: Actor) -> Question:
    """One question with its board and event; raises Question.DoesNotExist when `viewer`
    may not see it."""
    question = Question.objects.select_related(
        "board",
        "board__event",
        "board__series",
        "event",
        "event__series",
        "author__profile",
        "parent",
        "merged_into",
        "answered_elsewhere__question",
    ).get(pk=pk)
    if question.state in PUBLIC and not question.hidden:
        return question
    if question.state == State.MERGED:
        return question  # shown as "merged into …"
    if _signed_in(viewer) and question.author_id == viewer.pk:
        return question
    if _signed_in(viewer) and can_moderate(
        user=viewer, event=question_event(question), board=question.board
    ):
        return question
    raise Question.DoesNotExist


def question_event(question: Question) -> Event:
    """The event a question belongs to: where it was asked, else its board's event."""
    if question.event is not None:
        return question.event
    board = question.board
    if board.event is not None:
        return board.event
    series_id = board.series_id
    first = (
        Event.objects.filter(series_id=series_id).order_by("sort_start").first()
        if series_id is not None
        else None
    )
    if first is None:
        raise Question.DoesNotExist
    return first


def question_thread(*, question: Question, viewer: Actor, moderator: bool) -> Item:
    """A question with its answers and its follow-ups and comments (visible ones)."""
    children = list(
        visible_questions(board=question.board, viewer=viewer, moderator=moderator).filter(
            parent=question
        )
    )
    ids = [question.pk] + [c.pk for c in children]
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(question_id__in=ids).select_related(
        "points_to", "author__profile"
    ):
        answers[answer.question_id].append(answer)
    return Item(
        question=question,
        answers=answers.get(question.pk, []),
        children=[Item(question=c, answers=answers.get(c.pk, [])) for c in children],
    )


def questions_unanswered(*, board: Board) -> QuerySet[Question]:
    """Questions and follow-ups still waiting for an answer, most votes first."""
    return (
        Question.objects.filter(board=board, kind=Kind.QUESTION, state__in=UNANSWERED, hidden=False)
        .select_related("author__profile", "assignee__profile", "parent", "event")
        .order_by("-vote_count", "created_at", "pk")
    )


def questions_assigned(*, user: User) -> QuerySet[Question]:
    return (
        Question.objects.filter(assignee=user, state__in=UNANSWERED)
        .select_related("board__event", "board__series", "event")
        .order_by("due_on", "pk")
    )


@dataclass
class Similar:
    question: Question
    score: float
    answers: list[Answer]


def similar_questions(
    *, text: str, limit: int = 5, exclude: Iterable[int] = (), candidates: int = 500
) -> list[Similar]:
    """Public questions asked in any session whose words are closest to `text` (TF-IDF
    weights of shared words, normalised by both lengths), with their answers.

    Three queries: document frequencies, candidate terms, then the winners with answers.
    """
    wanted = similarity.terms(text)
    if not wanted:
        return []
    public = Question.objects.filter(state__in=PUBLIC, hidden=False).exclude(pk__in=list(exclude))
    matches = list(
        Term.objects.filter(term__in=wanted, question__in=public).values_list(
            "question_id", "term"
        )[: candidates * len(wanted)]
    )
    if not matches:
        return []
    frequency = Counter(term for _, term in matches)
    total = max(len({qid for qid, _ in matches}), 1) + 10  # smooth small corpora
    weight = {term: math.log(1 + total / count) for term, count in frequency.items()}
    shared: dict[int, list[str]] = defaultdict(list)
    for qid, term in matches:
        shared[qid].append(term)
    query_norm = math.sqrt(sum(weight.get(t, math.log(1 + total)) ** 2 for t in wanted))
    scored = []
    for qid, found in shared.items():
        overlap = sum(weight[t] ** 2 for t in found)
        scored.append((overlap / query_norm, qid))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    top = [qid for _, qid in scored[: limit * 3]]
    rows = {
        q.pk: q
        for q in Question.objects.filter(pk__in=top).select_related(
            "event", "board__event", "board__series"
        )
    }
    lengths = Counter(
        Term.objects.filter(question_id__in=top).values_list("question_id", flat=True)
    )
    results = []
    for raw, qid in scored[: limit * 3]:
        question = rows.get(qid)
        if question is None:
            continue
        # Cosine-like: long questions that share one word rank below short close ones.
        score = raw / math.sqrt(max(lengths.get(qid, 1), 1)) * math.sqrt(len(wanted))
        results.append(Similar(question=question, score=min(score, 1.0), answers=[]))
    results.sort(key=lambda s: (-s.score, s.question.pk))
    results = results[:limit]
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(question_id__in=[s.question.pk for s in results]):
        answers[answer.question_id].append(answer)
    for found_one in results:
        found_one.answers = answers.get(found_one.question.pk, [])
    return results


def export_items(*, board: Board) -> list[Item]:
    """The board's public Q&A for export: questions and comments in order, with their
    answers and follow-ups (three queries)."""
    questions = list(
        Question.objects.filter(board=board, state__in=PUBLIC, hidden=False)
        .select_related("author__profile", "event")
        .order_by("position", "created_at", "pk")
    )
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(question__board=board).order_by(
        "position", "created_at", "pk"
    ):
        answers[answer.question_id].append(answer)
    by_id = {q.pk: Item(question=q, answers=answers.get(q.pk, [])) for q in questions}
    top: list[Item] = []
    for item in by_id.values():
        parent_id = item.question.parent_id
        if parent_id is None:
            top.append(item)
        elif parent_id in by_id:
            by_id[parent_id].children.append(item)
    return top


def answered(question: Question) -> bool:
    return question.state in ANSWERED


def flatten(items: Sequence[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        out.append(item)
        out.extend(flatten(item.children))
    return out


# ---------------------------------------------------------------- the snapshot as JSON
#
# The API's board snapshot is read by every open board (and after every reconnect that
# lost too much), so it is built from plain rows (no model instances, no schema objects)
# and its public part is cached per board version and sort: a request that hits the cache
# costs one query (the event with its board, whose `version` every change bumps).

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


def _snapshot_body(
    board: Board, items: list[dict[str, Any]], by_id: dict[int, dict[str, Any]]
) -> str:
    """The JSON text of `"pinned":…,"counts":…,"items":[…]` (without the braces)."""
    counts = Counter(item["state"] for item in by_id.values())
    pinned = by_id.get(board.pinned_id) if board.pinned_id else None
    return json.dumps(
        {"pinned": pinned, "counts": dict(counts), "items": items},
        ensure_ascii=False,
        separators=(",", ":"),
    )[1:-1]


def snapshot_public(*, event: Event, board: Board, sort: str) -> tuple[str, str]:
    """The board as everyone sees it: (cursor, JSON text of `"pinned":…,"counts":…,
    "items":[…]`), from the cache when this board version was built before."""
    from django.core.cache import cache

    # The creation instant keeps keys apart when a database is reset under the same cache.
    made = int(board.created_at.timestamp() * 1_000_000) if board.created_at else 0
    key = f"qa:snapshot:{board.pk}:{made}:{board.version}:{sort}:{event.pk}"
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
    body = _snapshot_body(board, items, by_id)
    value = (cursor, body)
    if board.pk is not None:
        cache.set(key, value, SNAPSHOT_CACHE_S)
        _remember(key, value)
    return value


_LOCAL: "OrderedDict[str, tuple[str, str]]" = OrderedDict()
_LOCAL_LOCK = threading.Lock()
_LOCAL_SIZE = 32


def _remember(key: str, value: tuple[str, str]) -> None:
    with _LOCAL_LOCK:
        _LOCAL[key] = value
        _LOCAL.move_to_end(key)
        while len(_LOCAL) > _LOCAL_SIZE:
            _LOCAL.popitem(last=False)


def snapshot_personal(*, board: Board, viewer: Actor) -> dict[str, Any]:
    """What only `viewer` sees: the questions they voted for, and their own questions
    that are not (or no longer) on the public board, with the reason."""
    if not _signed_in(viewer) or board.pk is None:
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


def snapshot_moderation(*, event: Event, board: Board, sort: str) -> tuple[str, str]:
    """The moderator's queue (waiting questions first, hidden ones included); not cached."""
    cursor = live.cursor(event.pk, moderation=True)
    items: list[dict[str, Any]] = []
    by_id: dict[int, dict[str, Any]] = {}
    if board.pk is not None:
        rows = Question.objects.filter(board=board).exclude(state=State.MERGED)
        answers = Answer.objects.filter(question__board=board)
        items, by_id = _tree(rows, answers=answers, sort=sort, queue=True)
    body = _snapshot_body(board, items, by_id)
    return cursor, body


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
