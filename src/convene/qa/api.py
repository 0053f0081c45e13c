"""The questions API: list and ask, vote, moderate, answer, and the board snapshot.

The snapshot (`GET /api/events/{id}/board`) returns the board a page at a time (`limit`
top-level questions from `offset`, `next` the following page's offset) in a constant
number of queries, with `cursor`: the live channel's newest event id when that snapshot
was built; open `stream` (the live channel, already carrying the first page's cursor) to
get every later change while reading the other pages.
"""

import json
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from convene.core.api import (
    REFUSALS,
    BodyIn,
    Limit,
    Offset,
    PageOut,
    one_of,
    paginate,
    refusal_responses,
)
from convene.core.errors import Invalid, NotAllowed, NotFound
from convene.events.models import Event
from convene.people.auth import person_auth, reader_auth
from convene.qa import live, queries, services
from convene.qa.event_types import AnswerPayload, QuestionPayload
from convene.qa.models import TEXT_LIMIT, Answer, Question
from convene.qa.payloads import answer_data, question_data
from convene.qa.queries import Item
from convene.qa.queries.sorts import SORTS, ordering
from convene.qa.views import client_ip

router = Router(tags=["questions"])

# Top-level questions per snapshot page: a page of the bench's board stays under 50 KB.
SNAPSHOT_PAGE = 50
SNAPSHOT_PAGE_MOST = 100
Sort = Annotated[str, one_of(SORTS, blank=False)]

ERRORS = {**REFUSALS, **refusal_responses(429)}


class AnswerOut(AnswerPayload):
    pass


class QuestionBase(QuestionPayload):
    pass


class QuestionOut(QuestionBase):
    voted: bool


class BoardItemOut(QuestionBase):
    answers: list[AnswerOut]
    followups: list["BoardItemOut"]


class BoardOut(Schema):
    event_id: int
    open: bool
    premoderation: bool
    allow_anonymous: bool
    pooled: bool
    sort: str
    cursor: str = Field(description="the live channel's newest event id at snapshot time")
    stream: str = Field(description="the live stream's path, resuming after `cursor`")
    voted: list[int] = Field(description="ids of the questions you voted for")
    mine: list[BoardItemOut] = Field(
        description="your own questions not on the public board (waiting, declined, hidden)"
    )
    pinned: BoardItemOut | None
    counts: dict[str, int]
    total: int = Field(description="how many top-level questions the board has")
    offset: int = Field(description="where this page starts among them")
    limit: int = Field(description="how many this page may hold")
    next: int | None = Field(description="the next page's offset; null on the last page")
    items: list[BoardItemOut]


class AskIn(BodyIn):
    text: str = Field(..., max_length=TEXT_LIMIT * 2)
    language: str = ""
    topic: str = ""
    anonymous: bool = False
    kind: Literal["question", "comment"] = "question"
    parent_id: int | None = None


class VoteOut(Schema):
    id: int
    votes: int
    voted: bool


class ModerateIn(BodyIn):
    action: Literal["approve", "decline", "hide", "show", "pin", "unpin", "state", "merge", "edit"]
    text: str | None = None
    reason: str = ""
    state: str = ""
    into: int | None = None
    answer_id: int | None = None


class AnswerIn(BodyIn):
    text: str
    organisation: str = Field(
        "", description="slug of one of your organisations in the directory, answered for"
    )
    by: str = Field("", description="another body's name (staff only)")
    mode: Literal["live", "written"] = "written"
    points_to: int | None = None


def _answer_out(answer: Answer) -> AnswerOut:
    return AnswerOut(**answer_data(answer))


def _question_out(question: Question) -> QuestionOut:
    return QuestionOut(
        **question_data(question), voted=bool(getattr(question, "viewer_voted", False))
    )


def _item_out(item: Item) -> BoardItemOut:
    return BoardItemOut(
        **question_data(item.question),
        answers=[_answer_out(a) for a in item.answers],
        followups=[_item_out(child) for child in item.children],
    )


def _event(request: HttpRequest, event_id: int) -> Event:
    try:
        return queries.event_with_board(event_id=event_id, viewer=request.user)
    except Event.DoesNotExist as exc:
        raise NotFound(_("No such event.")) from exc


def _question(request: HttpRequest, question_id: int) -> Question:
    try:
        return queries.question_get(pk=question_id, viewer=request.user)
    except Question.DoesNotExist as exc:
        raise NotFound(_("No such question.")) from exc


def _sort(sort: str) -> str:
    if sort not in SORTS:
        raise Invalid(
            _("sort must be one of %(sorts)s") % {"sorts": ", ".join(SORTS)},
            field="sort",
        )
    return sort


@router.get(
    "/events/{event_id}/board",
    response={200: BoardOut, **ERRORS},
    auth=reader_auth,
    summary="The board snapshot, a page at a time: the visible questions with answers and "
    "follow-ups, and the live cursor",
)
def board_snapshot(
    request: HttpRequest,
    event_id: int,
    *,
    sort: Sort = "votes",
    moderation: bool = False,
    limit: Annotated[
        int, Field(ge=1, le=SNAPSHOT_PAGE_MOST, description="top-level questions per page")
    ] = SNAPSHOT_PAGE,
    offset: Offset = 0,
) -> HttpResponse:
    # Built as JSON text, not schema objects: 1,000 questions in a few milliseconds, and
    # the public part straight from the cache (see queries.snapshot_public). Every page
    # of one board version carries the same cursor; a page read after a change carries
    # a later one (its items already hold what the events up to it did).
    if not 1 <= limit <= SNAPSHOT_PAGE_MOST:
        raise Invalid(
            _("limit must be between 1 and %(most)s") % {"most": SNAPSHOT_PAGE_MOST},
            field="limit",
        )
    if offset < 0:
        raise Invalid(_("offset cannot be negative"), field="offset")
    event = _event(request, event_id)
    sort = _sort(sort)
    board = queries.board_of(event)
    if moderation:
        if not queries.can_moderate(user=request.user, event=event, board=board):
            raise NotAllowed(_("Only moderators see the moderation queue."))
        parts = queries.snapshot_moderation(event=event, board=board, sort=sort)
    else:
        parts = queries.snapshot_public(event=event, board=board, sort=sort)
    cursor, body = parts.cursor, parts.page(offset=offset, limit=limit)
    head = {
        "event_id": event.pk,
        "open": queries.board_is_open(board, event),
        "premoderation": board.premoderation,
        "allow_anonymous": board.allow_anonymous,
        "pooled": board.series_id is not None,
        "sort": sort,
        "cursor": cursor,
        "stream": live.stream_url(event.pk, last_event_id=cursor, moderation=moderation),
        **queries.snapshot_personal(board=board, viewer=request.user),
    }
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + "," + body + "}"
    return HttpResponse(text.encode(), content_type="application/json")


class BoardSettingsIn(BodyIn):
    premoderation: bool | None = None
    allow_anonymous: bool | None = None
    pooled: bool | None = Field(None, description="true: one pool for the whole series")
    open: bool | None = Field(None, description="false closes the board to new questions")


class BoardSettingsOut(Schema):
    event_id: int
    open: bool
    premoderation: bool
    allow_anonymous: bool
    pooled: bool


@router.patch(
    "/events/{event_id}/board",
    response={200: BoardSettingsOut, **ERRORS},
    auth=person_auth,
    summary="Change the board's settings (organisers and their moderators)",
)
def board_settings(
    request: HttpRequest, event_id: int, payload: BoardSettingsIn
) -> BoardSettingsOut:
    event = _event(request, event_id)
    board = services.board_configure(
        actor=request.user,
        event=event,
        premoderation=payload.premoderation,
        allow_anonymous=payload.allow_anonymous,
        pooled=payload.pooled,
    )
    if payload.open is not None:
        board = services.board_set_open(actor=request.user, event=event, is_open=payload.open)
    return BoardSettingsOut(
        event_id=event.pk,
        open=queries.board_is_open(board, event),
        premoderation=board.premoderation,
        allow_anonymous=board.allow_anonymous,
        pooled=board.series_id is not None,
    )


@router.get(
    "/events/{event_id}/questions",
    response={200: PageOut[QuestionOut], **ERRORS},
    auth=reader_auth,
    summary="Questions of an event's board (follow-ups and comments included), flat",
)
def questions_list(
    request: HttpRequest,
    event_id: int,
    sort: Sort = "votes",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any] | HttpResponse:
    event = _event(request, event_id)
    board = queries.board_of(event)
    moderator = queries.can_moderate(user=request.user, event=event, board=board)
    if board.pk is None:
        return paginate(request, [], limit=limit, offset=offset)
    sort = _sort(sort)
    if not moderator:
        # Every reader's page is the public one (cached per board version) with their
        # votes; unless they have questions only they see (waiting, declined, hidden).
        public = queries.questions_public_page(board=board, sort=sort, limit=limit, offset=offset)
        ids = [item["id"] for item in public.items]
        voted, unlisted = queries.board_reader(board=board, viewer=request.user, ids=ids)
        if not unlisted:
            body = paginate(
                request,
                public,
                limit=limit,
                offset=offset,
                serialise=lambda page: [{**item, "voted": item["id"] in voted} for item in page],
            )
            # Written as ninja writes QuestionOut, without validating what the query made.
            return HttpResponse(json.dumps(body), content_type="application/json; charset=utf-8")
    rows = queries.visible_questions(board=board, viewer=request.user, moderator=moderator)
    return paginate(
        request,
        rows.order_by(*ordering(sort)),
        limit=limit,
        offset=offset,
        serialise=lambda page: [_question_out(q) for q in page],
    )


@router.post(
    "/events/{event_id}/questions",
    response={201: QuestionOut, **ERRORS},
    auth=reader_auth,
    summary="Ask a question, a follow-up (parent_id) or a comment",
)
def questions_ask(request: HttpRequest, event_id: int, payload: AskIn) -> Status[QuestionOut]:
    event = _event(request, event_id)
    parent = _question(request, payload.parent_id) if payload.parent_id else None
    question = services.question_ask(
        actor=request.user,
        event=event,
        text=payload.text,
        language=payload.language,
        topic=payload.topic,
        anonymous=payload.anonymous,
        kind=payload.kind,
        parent=parent,
        ip=client_ip(request),
    )
    return Status(201, _question_out(question))


@router.get(
    "/questions/{question_id}",
    response={200: BoardItemOut, **ERRORS},
    auth=reader_auth,
    summary="One question with its answers, follow-ups and comments",
)
def question_detail(request: HttpRequest, question_id: int) -> BoardItemOut:
    question = _question(request, question_id)
    event = queries.question_event(question)
    moderator = queries.can_moderate(user=request.user, event=event, board=question.board)
    return _item_out(
        queries.question_thread(question=question, viewer=request.user, moderator=moderator)
    )


@router.post(
    "/questions/{question_id}/vote",
    response={200: VoteOut, **ERRORS},
    auth=person_auth,
    summary="Vote for a question (idempotent)",
)
def vote(request: HttpRequest, question_id: int) -> VoteOut:
    question = services.question_vote(
        actor=request.user, question=_question(request, question_id), ip=client_ip(request)
    )
    return VoteOut(id=question.pk, votes=question.vote_count, voted=True)


@router.delete(
    "/questions/{question_id}/vote",
    response={200: VoteOut, **ERRORS},
    auth=person_auth,
    summary="Withdraw your vote (idempotent)",
)
def unvote(request: HttpRequest, question_id: int) -> VoteOut:
    question = services.question_unvote(
        actor=request.user, question=_question(request, question_id), ip=client_ip(request)
    )
    return VoteOut(id=question.pk, votes=question.vote_count, voted=False)


@router.post(
    "/questions/{question_id}/moderation",
    response={200: QuestionOut, **ERRORS},
    auth=person_auth,
    summary="Moderate: approve, decline, hide, show, pin, unpin, state, merge, edit",
)
def moderate(request: HttpRequest, question_id: int, payload: ModerateIn) -> QuestionOut:
    question = services.question_moderate(
        actor=request.user,
        question=_question(request, question_id),
        action=payload.action,
        text=payload.text,
        reason=payload.reason,
        state=payload.state,
        into_id=payload.into,
        answer_id=payload.answer_id,
    )
    return _question_out(question)


@router.post(
    "/questions/{question_id}/answers",
    response={201: AnswerOut, **ERRORS},
    auth=person_auth,
    summary="Answer a question, for one of your organisations or (staff) a named body",
)
def answer(request: HttpRequest, question_id: int, payload: AnswerIn) -> Status[AnswerOut]:
    organisation = None
    if payload.organisation:
        organisation = (
            queries.answer_bodies(user=request.user).filter(slug=payload.organisation).first()
        )
        if organisation is None:
            raise Invalid(
                _("You can only answer for an organisation you belong to."), field="organisation"
            )
    created = services.question_answer(
        actor=request.user,
        question=_question(request, question_id),
        text=payload.text,
        by=payload.by,
        organisation=organisation,
        mode=payload.mode,
        points_to_id=payload.points_to,
    )
    return Status(201, _answer_out(created))
