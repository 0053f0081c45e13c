"""What a board page shows (the participants' list, the moderator's queue, the
presenter view), as model instances for the templates. The board snapshot is a constant
number of queries whatever the number of questions: the event with its boards and the
viewer's rights (1), the questions with the viewer's votes (1), their answers (1).
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db.models import Exists, OuterRef, Q

from convene.core.actors import signed_in
from convene.core.fragments import cached_value
from convene.core.types import Actor
from convene.events.models import Event
from convene.qa import live
from convene.qa.models import Answer, Board, Question, State, Vote
from convene.qa.payloads import QUESTION_FIELDS, question_payload
from convene.qa.queries.boards import board_is_open, board_of, can_moderate
from convene.qa.queries.questions import Item, visible_questions
from convene.qa.queries.sorts import SORTS, ordering
from convene.qa.states import PUBLIC

# Top-level questions per page: a page of the bench's board (1,000 questions, long ones,
# answers, follow-ups) stays under 50 KB of HTML; the rest comes on demand.
BOARD_PAGE = 40


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
    offset: int = 0


def board_snapshot(
    *,
    event: Event,
    viewer: Actor,
    sort: str = "votes",
    moderation: bool = False,
    limit: int | None = BOARD_PAGE,
    offset: int = 0,
) -> Snapshot:
    """What a board page shows: `limit` top-level questions in `sort` order (None: all)
    from `offset`, with their answers and follow-ups, and the pinned question; `more`
    says whether questions follow. Four queries
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
        ordered = top_rows.order_by(*order)
        top = list(ordered[offset : offset + limit + 1] if limit else ordered[offset:])
        if limit and len(top) > limit:
            more, top = True, top[:limit]
        ids = [q.pk for q in top]
        children = list(base.filter(parent_id__in=ids).order_by("created_at", "pk")) if ids else []
        shown = ids + [c.pk for c in children]
        answers: dict[int, list[Answer]] = defaultdict(list)
        if shown:
            for answer in (
                Answer.objects.filter(question_id__in=shown)
                .select_related("organisation")
                .order_by("position", "created_at", "pk")
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
        offset=offset,
    )


def board_frame(*, event: Event, viewer: Actor, sort: str, cursor: str) -> Snapshot:
    """What a board page shows around its list (whether it takes questions, whether
    `viewer` moderates it), for a list built before at `cursor`: no query after
    `event_with_board`."""
    board = board_of(event)
    return Snapshot(
        event=event,
        board=board,
        items=[],
        pinned=None,
        moderator=can_moderate(user=viewer, event=event, board=board),
        is_open=board_is_open(board, event),
        sort=sort if sort in SORTS else "votes",
        cursor=cursor,
        counts={},
    )


def board_reader(*, board: Board, viewer: Actor, ids: Sequence[int]) -> tuple[set[int], bool]:
    """Of the questions `ids`, those `viewer` voted for; and whether the board holds
    questions of theirs that only they see (waiting, declined, hidden), which their list
    shows among the others. One query (none for an anonymous reader)."""
    if not signed_in(viewer) or board.pk is None:
        return set(), False
    own_unlisted = Q(author=viewer) & ~Q(state__in=PUBLIC, hidden=False) & ~Q(state=State.MERGED)
    rows = (
        Question.objects.filter(board=board)
        .annotate(voted=Exists(Vote.objects.filter(question=OuterRef("pk"), voter=viewer)))
        .filter(Q(pk__in=ids, voted=True) | own_unlisted)
        .values_list("pk", "voted", "state", "hidden")
    )
    voted: set[int] = set()
    unlisted = False
    for pk, did_vote, state, hidden in rows:
        if did_vote:
            voted.add(pk)
        if state not in PUBLIC or hidden:
            unlisted = True
    return voted, unlisted


class PublicPage(Sequence[dict[str, Any]]):
    """A page of the board's public questions (flat, follow-ups and comments included)
    as the API writes them, standing for the whole list in `core.api.paginate`: its
    length is the list's, and any slice of it is the one page it holds."""

    def __init__(self, total: int, items: tuple[dict[str, Any], ...]) -> None:
        self.total = total
        self.items = items

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, at: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, at: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, at: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(at, slice):
            return list(self.items)
        return self.items[at]


def questions_public_page(*, board: Board, sort: str, limit: int, offset: int) -> PublicPage:
    """`limit` of the board's public questions from `offset` in `sort` order, from the
    cache when this board version's page was read before. Two queries otherwise."""
    made = board.created_at.timestamp() if board.created_at else 0

    def build() -> PublicPage:
        rows = Question.objects.filter(board=board, state__in=PUBLIC, hidden=False)
        count = rows.count()
        page = rows.order_by(*ordering(sort))[offset : offset + limit]
        return PublicPage(
            count, tuple(question_payload(row) for row in page.values(*QUESTION_FIELDS))
        )

    parts = (board.pk, made, board.version, sort, limit, offset)
    return cached_value("qa.questions-page", parts, build)


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
