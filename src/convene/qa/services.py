"""Writes for questions and answers: ask, vote, moderate, answer, assign, import notes.

Every function checks permission and input and raises one of `convene.core.errors`
(Invalid with the field, NotSignedIn, NotAllowed, NotFound, Conflict, TooMany with
`retry_after`), so that views, the API and commands refuse the same way. Writes
happen in a transaction, are logged (LogEntry), and are announced on the board's live
channels after the commit.
"""

import datetime as dt
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeGuard

from babel.dates import format_date
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed, NotSignedIn, TooMany
from convene.core.timezones import babel_locale
from convene.core.types import Actor
from convene.events.models import Event
from convene.people.notices import notice_send
from convene.qa import live, ratelimit, similarity
from convene.qa.models import (
    ANSWER_LIMIT,
    TEXT_LIMIT,
    Action,
    Answer,
    AnswerMode,
    Board,
    Kind,
    LogEntry,
    Question,
    State,
    Term,
    Vote,
)
from convene.qa.payloads import answer_data, question_data
from convene.qa.queries import (
    board_current,
    board_event_ids,
    board_is_open,
    can_moderate,
    public_item,
    question_event,
    question_get,
)
from convene.qa.states import PUBLIC, state_after_answer, transition_error

logger = logging.getLogger(__name__)

LANGUAGE_LIMIT = 16
LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}")
TOPIC_LIMIT = 200
REASON_LIMIT = 500
BY_LIMIT = 120
MODERATION_ACTIONS = (
    "approve",
    "decline",
    "hide",
    "show",
    "pin",
    "unpin",
    "edit",
    "merge",
    "state",
)


# ---------------------------------------------------------------- helpers


def _signed_in(user: Actor) -> TypeGuard[User]:
    return bool(getattr(user, "is_authenticated", False))


def _refuse_blocked(actor: Actor) -> None:
    if _signed_in(actor) and getattr(getattr(actor, "profile", None), "blocked", False):
        raise NotAllowed(_("This account is blocked."), code="blocked")
    if _signed_in(actor) and not actor.is_active:
        raise NotAllowed(_("This account is not active."), code="blocked")


def _require_signed_in(actor: Actor) -> User:
    """The signed-in person acting; refuses anyone else."""
    if not _signed_in(actor):
        raise NotSignedIn(_("Sign in first."))
    _refuse_blocked(actor)
    return actor


def _clean_text(text: str, *, field: str = "text", limit: int = TEXT_LIMIT) -> str:
    cleaned = (text or "").replace("\r\n", "\n").strip()
    if not cleaned:
        raise Invalid(_("Write something first."), field=field, code="required")
    if len(cleaned) > limit:
        raise Invalid(
            _("At most %(limit)s characters (this has %(count)s).")
            % {"limit": limit, "count": len(cleaned)},
            field=field,
            code="too_long",
        )
    return cleaned


def _rate(action: str, *, actor: Actor, ip: str) -> None:
    keys = []
    if _signed_in(actor):
        keys.append(f"user:{actor.pk}")
    if ip:
        keys.append(f"ip:{ip}")
    wait = ratelimit.hit(action, keys=keys)
    if wait:
        raise TooMany(
            _("Too many at once. Try again in %(seconds)s seconds.") % {"seconds": wait},
            retry_after=wait,
        )


def _require_moderator(actor: Actor, event: Event, board: Board | None = None) -> None:
    _require_signed_in(actor)
    if not can_moderate(user=actor, event=event, board=board):
        raise NotAllowed(_("Only the organisers and the moderators they named may do that."))


def _log(
    board: Board,
    action: str,
    *,
    actor: Actor,
    question: Question | None = None,
    **detail: Any,
) -> None:
    LogEntry.objects.create(
        board=board,
        question=question,
        actor=actor if _signed_in(actor) else None,
        action=action,
        detail=detail,
        at=now(),
    )


def _index_terms(question: Question) -> None:
    Term.objects.filter(question=question).delete()
    Term.objects.bulk_create(
        [Term(question=question, term=term) for term in similarity.terms(question.text)]
    )


def _is_public(question: Question) -> bool:
    return question.state in PUBLIC and not question.hidden


def _announce_question(question: Question, *, was_public: bool) -> None:
    """The question to moderators (`question` event); to everyone its public form, with
    its answers and follow-ups when it comes (back) on the board, or only that it left
    the board (`removed`, so open pages drop it), or nothing when it was and stays off."""
    data = question_data(question)
    public: dict[str, Any] | None = None
    if _is_public(question):
        public = data if was_public else public_item(question=question)
    elif was_public or question.state != State.PENDING or question.hidden:
        public = {"id": question.pk, "removed": True}
    _announce(question.board, "question", data, public_data=public)


def _announce(
    board: Board,
    kind: str,
    data: dict[str, Any],
    *,
    public_data: dict[str, Any] | bool | None = True,
) -> None:
    """A change the board shows: bump its version (so cached snapshots are not served
    again) and announce it on its live channels after the commit."""
    Board.objects.filter(pk=board.pk).update(version=F("version") + 1)
    live.announce(board_event_ids(board), kind, data, public_data=public_data)


def _lock(question: Question) -> Question:
    """The question's row, locked until the transaction ends (PostgreSQL), fresh."""
    return Question.objects.select_for_update().select_related("board").get(pk=question.pk)


# ---------------------------------------------------------------- boards


def board_ensure(*, event: Event) -> Board:
    """The board of `event` (its series' pool if there is one), created when missing."""
    board = board_current(event)
    if board.pk is None:
        board, _created = Board.objects.get_or_create(event=event)
    return board


def board_configure(
    *,
    actor: Actor,
    event: Event,
    premoderation: bool | None = None,
    allow_anonymous: bool | None = None,
    pooled: bool | None = None,
) -> Board:
    """Change the board's settings. `pooled=True` makes one pool for the whole series of
    `event` (questions already asked on its editions move into it, each keeping the
    edition where it was asked). Announces `board` after commit."""
    _require_moderator(actor, event)
    with transaction.atomic():
        board = board_ensure(event=event)
        pooled_now = bool(pooled and board.series_id is None)
        if pooled_now:
            if event.series_id is None:
                raise Invalid(_("This event is not part of a series."), field="pooled")
            pool = Board.objects.create(
                series_id=event.series_id,
                premoderation=board.premoderation,
                allow_anonymous=board.allow_anonymous,
            )
            Question.objects.filter(board__event__series_id=event.series_id).update(board=pool)
            LogEntry.objects.filter(board__event__series_id=event.series_id).update(board=pool)
            for edition_board in Board.objects.filter(event__series_id=event.series_id):
                pool.moderators.add(*edition_board.moderators.all())
            Board.objects.filter(event__series_id=event.series_id).delete()
            board = pool
        elif pooled is False and board.series_id is not None:
            raise Conflict(_("A series pool cannot be split again."), field="pooled")
        if premoderation is not None:
            board.premoderation = premoderation
        if allow_anonymous is not None:
            board.allow_anonymous = allow_anonymous
        board.save()
        _log(
            board,
            Action.CONFIGURED,
            actor=actor,
            premoderation=board.premoderation,
            allow_anonymous=board.allow_anonymous,
            pooled=board.series_id is not None,
        )
        _announce(board, "board", _board_data(board, event))
        if pooled_now:  # the editions' questions are one board now: pages read it again
            _announce(board, "board", {"reload": True})
    return board


def _board_data(board: Board, event: Event) -> dict[str, Any]:
    return {
        "open": board_is_open(board, event),
        "premoderation": board.premoderation,
        "allow_anonymous": board.allow_anonymous,
        "pooled": board.series_id is not None,
        "pinned": board.pinned_id,
    }


def board_set_open(*, actor: Actor, event: Event, is_open: bool) -> Board:
    """Close the board to new questions (votes and moderation go on), or open it again."""
    _require_moderator(actor, event)
    with transaction.atomic():
        board = board_ensure(event=event)
        board.closed_at = None if is_open else (board.closed_at or now())
        board.save(update_fields=["closed_at", "updated_at"])
        _log(board, Action.CONFIGURED, actor=actor, open=is_open)
        _announce(board, "board", _board_data(board, event))
    return board


def board_add_moderator(*, actor: Actor, event: Event, user: User) -> Board:
    """Name `user` a moderator of the board (organisers only, not other moderators)."""
    _require_signed_in(actor)
    from convene.events.queries import is_organiser

    if not is_organiser(user=actor, event=event):
        raise NotAllowed(_("Only the organisers may name moderators."))
    with transaction.atomic():
        board = board_ensure(event=event)
        board.moderators.add(user)
        _log(board, Action.CONFIGURED, actor=actor, moderator=user.pk)
    return board


# ---------------------------------------------------------------- asking and voting


def question_ask(
    *,
    actor: Actor,
    event: Event,
    text: str,
    language: str = "",
    topic: str = "",
    anonymous: bool = False,
    parent: Question | None = None,
    kind: str = Kind.QUESTION,
    ip: str = "",
) -> Question:
    """Ask a question (or a follow-up of `parent`, or a comment) on `event`'s board.

    Signed-in people may ask; people not signed in, and people who want their name
    hidden, only where the board allows anonymous questions. With pre-moderation the
    question waits for approval (moderators' own questions do not). Rate-limited per
    person and per address. Announces `question` after commit (to moderators only while
    it waits).
    """
    _refuse_blocked(actor)
    board = board_current(event)
    if not board_is_open(board, event):
        raise Conflict(_("This board is closed to new questions."), code="closed")
    if kind not in Kind.values:
        raise Invalid(_("Unknown kind."), field="kind")
    if not _signed_in(actor) or anonymous:
        if not board.allow_anonymous:
            if not _signed_in(actor):
                raise NotSignedIn(_("Sign in to ask a question."))
            raise NotAllowed(
                _("This board does not take anonymous questions."), code="anonymous_off"
            )
        anonymous = True
    cleaned = _clean_text(text)
    language = (language or "").strip()
    if language and not LANGUAGE_RE.fullmatch(language):
        raise Invalid(_("Give the language as a code such as en, bn or zh-Hant."),
            field="language",
        )  # fmt: skip
    topic = (topic or "").strip()
    if len(topic) > TOPIC_LIMIT:
        raise Invalid(_("The topic is too long."), field="topic", code="too_long")
    if parent is not None:
        if board.pk is None or parent.board_id != board.pk:
            raise Invalid(_("That question is on another board."), field="parent")
        if parent.state == State.MERGED or not (_is_public(parent) or parent.author_id == actor.pk):
            raise Invalid(_("That question cannot be followed up."), field="parent")
    _rate("ask", actor=actor, ip=ip)
    moderator = _signed_in(actor) and can_moderate(user=actor, event=event, board=board)
    with transaction.atomic():
        board = board_ensure(event=event)
        at = now()
        question = Question.objects.create(
            board=board,
            event=event,
            kind=kind,
            parent=parent,
            text=cleaned,
            language=language,
            topic=topic,
            author=actor if _signed_in(actor) else None,
            anonymous=anonymous,
            state=State.PENDING if board.premoderation and not moderator else State.OPEN,
            created_at=at,
            updated_at=at,
        )
        _index_terms(question)
        _log(board, Action.ASKED, actor=actor, question=question)
        _announce_question(question, was_public=False)
    return question


def _votable(actor: Actor, question: Question) -> User:
    person = _require_signed_in(actor)
    if not _is_public(question) or question.kind != Kind.QUESTION:
        raise Conflict(_("Only questions on the board can get votes."), code="not_votable")
    question_event(question)  # a question whose event is gone raises here
    return person


def question_vote(*, actor: Actor, question: Question, ip: str = "") -> Question:
    """Add `actor`'s vote (idempotent: a second vote changes nothing). Returns the
    question with its vote count fresh. Announces `vote` after commit when it counted."""
    person = _votable(actor, question)
    _rate("vote", actor=actor, ip=ip)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Vote.objects.create(question=question, voter=person, created_at=now())
        except IntegrityError:
            counted = False
        else:
            counted = True
            Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
        question.vote_count = Question.objects.values_list("vote_count", flat=True).get(
            pk=question.pk
        )
        if counted:
            _announce(
                question.board,
                "vote",
                {"id": question.pk, "votes": question.vote_count},
            )
    return question


def question_unvote(*, actor: Actor, question: Question, ip: str = "") -> Question:
    """Withdraw `actor`'s vote (idempotent). Announces `vote` after commit."""
    person = _require_signed_in(actor)
    _rate("vote", actor=actor, ip=ip)
    with transaction.atomic():
        deleted, _rows = Vote.objects.filter(question=question, voter=person).delete()
        if deleted:
            Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") - 1)
        question.vote_count = Question.objects.values_list("vote_count", flat=True).get(
            pk=question.pk
        )
        if deleted:
            _announce(
                question.board,
                "vote",
                {"id": question.pk, "votes": question.vote_count},
            )
    return question


# ---------------------------------------------------------------- moderation


def _moderate(actor: Actor, question: Question) -> Event:
    event = question_event(question)
    _require_moderator(actor, event, question.board)
    return event


def question_edit(*, actor: Actor, question: Question, text: str) -> Question:
    """A moderator fixes the wording (a typo) of a question; the original is logged."""
    _moderate(actor, question)
    cleaned = _clean_text(text)
    with transaction.atomic():
        question = _lock(question)
        before = question.text
        question.text = cleaned
        question.updated_at = now()
        question.save(update_fields=["text", "updated_at"])
        _index_terms(question)
        _log(question.board, Action.EDITED, actor=actor, question=question, before=before)
        _announce_question(question, was_public=_is_public(question))
    return question


def question_approve(*, actor: Actor, question: Question, text: str | None = None) -> Question:
    """Approve a question waiting for moderation (optionally with its text fixed)."""
    _moderate(actor, question)
    cleaned = _clean_text(text) if text is not None else None
    with transaction.atomic():
        question = _lock(question)
        if question.state != State.PENDING:
            raise Conflict(_("This question is not waiting for approval."))
        if cleaned is not None and cleaned != question.text:
            _log(
                question.board, Action.EDITED, actor=actor, question=question, before=question.text
            )
            question.text = cleaned
            _index_terms(question)
        question.state = State.OPEN
        question.updated_at = now()
        question.save(update_fields=["text", "state", "updated_at"])
        _log(question.board, Action.APPROVED, actor=actor, question=question)
        _announce_question(question, was_public=False)
    return question


def question_decline(*, actor: Actor, question: Question, reason: str) -> Question:
    """Decline with a reason the asker sees."""
    return question_set_state(actor=actor, question=question, state=State.DECLINED, reason=reason)


def question_set_hidden(*, actor: Actor, question: Question, hidden: bool) -> Question:
    """Hide a question from the board (or show it again); its votes are kept."""
    _moderate(actor, question)
    with transaction.atomic():
        question = _lock(question)
        if question.hidden == hidden:
            return question
        was_public = _is_public(question)
        question.hidden = hidden
        question.updated_at = now()
        question.save(update_fields=["hidden", "updated_at"])
        board = question.board
        if hidden and board.pinned_id == question.pk:
            Board.objects.filter(pk=board.pk).update(pinned=None)
            _announce(board, "pinned", {"id": None, "question": None})
        _log(board, Action.HIDDEN if hidden else Action.SHOWN, actor=actor, question=question)
        _announce_question(question, was_public=was_public)
    return question


def question_set_state(
    *,
    actor: Actor,
    question: Question,
    state: str,
    reason: str = "",
    answer: Answer | None = None,
) -> Question:
    """Set the state: open, answered live, answered in writing, answered elsewhere
    (`answer` says where), deferred or declined (`reason` is shown to the asker)."""
    _moderate(actor, question)
    reason = (reason or "").strip()
    if len(reason) > REASON_LIMIT:
        raise Invalid(_("The reason is too long."), field="reason", code="too_long")
    with transaction.atomic():
        question = _lock(question)  # checked against the row as it is now
        problem = transition_error(
            question.state, state, has_answer=answer is not None, has_reason=bool(reason)
        )
        messages = {
            "merged": _("This question was merged into another one."),
            "not_settable": _("Unknown state."),
            "same": _("The question is already in that state."),
            "needs_answer": _("Say which answer answers it."),
            "needs_reason": _("Give a reason: the asker will see it."),
        }
        if problem in ("merged", "same"):
            raise Conflict(messages[problem], code="invalid")
        if problem:
            field = {"needs_answer": "answer", "needs_reason": "reason", "not_settable": "state"}
            raise Invalid(messages[problem], field=field[problem])
        if answer is not None and answer.question_id == question.pk:
            raise Invalid(_("Point at an answer to another question."), field="answer")
        before = question.state
        was_public = _is_public(question)
        question.state = state
        question.decline_reason = reason if state == State.DECLINED else ""
        question.answered_elsewhere = answer if state == State.ANSWERED_ELSEWHERE else None
        question.updated_at = now()
        question.save(update_fields=["state", "decline_reason", "answered_elsewhere", "updated_at"])
        board = question.board
        if state == State.DECLINED and board.pinned_id == question.pk:
            Board.objects.filter(pk=board.pk).update(pinned=None)
            _announce(board, "pinned", {"id": None, "question": None})
        _log(board, Action.STATE, actor=actor, question=question, before=before, after=state)
        _announce_question(question, was_public=was_public)
        if state == State.DECLINED and question.author_id and question.author_id != actor.pk:
            _tell_asker(
                question,
                kind="declined",
                subject=gettext_noop("Your question was declined"),
                body=gettext_noop("Your question was declined: %(reason)s"),
                params={"reason": reason},
            )
    return question


def question_merge(*, actor: Actor, question: Question, into: Question) -> Question:
    """Merge the duplicate `question` into `into`: every voter of either counts once on
    `into`, answers and follow-ups move to `into`, the duplicate stays (state merged,
    pointing at `into`), nothing is lost. Returns `into` with its fresh vote count."""
    _moderate(actor, question)
    if question.pk == into.pk:
        raise Invalid(_("A question cannot be merged into itself."), field="into")
    if into.board_id != question.board_id:
        raise Invalid(_("Both questions must be on the same board."), field="into")
    if State.MERGED in (into.state, question.state):
        raise Conflict(_("One of these questions was already merged."))
    with transaction.atomic():
        first, second = sorted([question.pk, into.pk])
        locked = {
            q.pk: q
            for q in Question.objects.select_for_update()
            .select_related("board")
            .filter(pk__in=[first, second])
            .order_by("pk")
        }
        question, into = locked[question.pk], locked[into.pk]
        was_public = _is_public(question)
        moved = (
            Vote.objects.filter(question=question)
            .exclude(voter_id__in=Vote.objects.filter(question=into).values("voter_id"))
            .update(question=into)
        )
        into.vote_count = Vote.objects.filter(question=into).count()
        into.updated_at = now()
        into.save(update_fields=["vote_count", "updated_at"])
        Answer.objects.filter(question=question).update(question=into)
        Question.objects.filter(parent=question).update(parent=into)
        Question.objects.filter(merged_into=question).update(merged_into=into)
        question.state = State.MERGED
        question.merged_into = into
        question.vote_count = Vote.objects.filter(question=question).count()
        question.updated_at = now()
        question.save(update_fields=["state", "merged_into", "vote_count", "updated_at"])
        board = question.board
        if board.pinned_id == question.pk:
            Board.objects.filter(pk=board.pk).update(pinned=into)
            _announce(board, "pinned", {"id": into.pk, "question": question_data(into)})
        _log(board, Action.MERGED, actor=actor, question=question, into=into.pk, votes=moved)
        _announce_question(question, was_public=was_public)
        _announce_question(into, was_public=_is_public(into))
        # Its answers and follow-ups moved to `into`: open pages read the board again.
        _announce(board, "board", {"reload": True})
    return into


def question_moderate(
    *,
    actor: Actor,
    question: Question,
    action: str,
    text: str | None = None,
    reason: str = "",
    state: str = "",
    into_id: int | None = None,
    answer_id: int | None = None,
) -> Question:
    """One moderation `action` on `question`, as the moderation page and the API take it:
    approve (with `text` fixed if given), decline (`reason`), hide, show, pin, unpin,
    edit (`text`), merge (into question `into_id`), state (`state`, with `reason` for a
    decline and `answer_id` for "answered elsewhere"). Returns the question as it is now.
    Side effects and announcements: those of the service each action calls."""

    def pin(target: Question | None) -> Question:
        question_pin(actor=actor, event=question_event(question), question=target)
        return question

    def merge() -> Question:
        question_merge(actor=actor, question=question, into=_merge_target(actor, into_id))
        question.refresh_from_db()
        return question

    def set_state() -> Question:
        answer = None
        if answer_id is not None:
            answer = Answer.objects.filter(pk=answer_id).first()
            if answer is None:
                raise Invalid(_("No such answer."), field="answer_id")
        return question_set_state(
            actor=actor, question=question, state=state, reason=reason, answer=answer
        )

    actions: dict[str, Callable[[], Question]] = {
        "approve": lambda: question_approve(actor=actor, question=question, text=text or None),
        "decline": lambda: question_decline(actor=actor, question=question, reason=reason),
        "hide": lambda: question_set_hidden(actor=actor, question=question, hidden=True),
        "show": lambda: question_set_hidden(actor=actor, question=question, hidden=False),
        "pin": lambda: pin(question),
        "unpin": lambda: pin(None),
        "edit": lambda: question_edit(actor=actor, question=question, text=text or ""),
        "merge": merge,
        "state": set_state,
    }
    if action not in actions:
        raise Invalid(_("Unknown moderation action."), field="action")
    return actions[action]()


def _merge_target(actor: Actor, pk: int | None) -> Question:
    if not pk:
        raise Invalid(_("Say which question to merge into."), field="into")
    try:
        return question_get(pk=pk, viewer=actor)
    except Question.DoesNotExist as exc:
        raise Invalid(_("No such question."), field="into") from exc


def question_pin(*, actor: Actor, event: Event, question: Question | None) -> Board:
    """Mark `question` "now answering" on every board page and the presenter view (None
    clears it). Announces `pinned` after commit."""
    board = board_current(event)
    _require_moderator(actor, event, board)
    if question is not None:
        if board.pk is None or question.board_id != board.pk:
            raise Invalid(_("That question is on another board."), field="question")
        if not _is_public(question):
            raise Conflict(_("Only a question on the board can be pinned."))
    with transaction.atomic():
        board = board_ensure(event=event)
        before = board.pinned_id
        board.pinned = question
        board.save(update_fields=["pinned", "updated_at"])
        _log(
            board,
            Action.PINNED if question else Action.UNPINNED,
            actor=actor,
            question=question,
            before=before,
        )
        _announce(
            board,
            "pinned",
            {
                "id": question.pk if question else None,
                "question": question_data(question) if question else None,
            },
        )
    return board


# ---------------------------------------------------------------- answers and follow-up


def can_answer(*, user: Actor, question: Question) -> bool:
    """Moderators of the board, and the person the question was assigned to."""
    if not _signed_in(user):
        return False
    if question.assignee_id == user.pk:
        return True
    return can_moderate(user=user, event=question_event(question), board=question.board)


def question_answer(
    *,
    actor: Actor,
    question: Question,
    text: str,
    by: str = "",
    mode: str = AnswerMode.WRITTEN,
    points_to: Answer | None = None,
    refers_to_previous: bool = False,
) -> Answer:
    """Add an answer given by `actor` on behalf of `by` ("MCDC", "Support staff"). An
    open or deferred question becomes answered (live or in writing); the asker is told.
    Announces `answer` after commit."""
    person = _require_signed_in(actor)
    if not can_answer(user=actor, question=question):
        raise NotAllowed(_("Only moderators and the assigned responder may answer."))
    if question.state == State.MERGED:
        raise Conflict(_("This question was merged into another one."))
    if mode not in AnswerMode.values:
        raise Invalid(_("Unknown kind of answer."), field="mode")
    cleaned = _clean_text(text, limit=ANSWER_LIMIT)
    by = (by or "").strip()
    if len(by) > BY_LIMIT:
        raise Invalid(_("The name of the body is too long."), field="by", code="too_long")
    with transaction.atomic():
        question = _lock(question)
        was_public = _is_public(question)
        position = question.answers.count()
        answer = Answer.objects.create(
            question=question,
            by=by,
            author=person,
            text=cleaned,
            mode=mode,
            refers_to_previous=refers_to_previous or points_to is not None,
            points_to=points_to,
            position=position,
            created_at=now(),
        )
        after = state_after_answer(question.state, live=mode == AnswerMode.LIVE)
        if after != question.state:
            question.state = after
            question.updated_at = now()
            question.save(update_fields=["state", "updated_at"])
        _log(question.board, Action.ANSWERED, actor=actor, question=question, answer=answer.pk)
        # A question the answer brings on the board arrives with its answers; one that
        # was there gets the answer added.
        _announce_question(question, was_public=was_public)
        _announce(
            question.board,
            "answer",
            {**answer_data(answer), "question_id": question.pk},
            public_data=(was_public and _is_public(question)) or None,
        )
        if question.author_id and question.author_id != actor.pk:
            _tell_asker(
                question,
                kind="answered",
                subject=gettext_noop("Your question was answered"),
                body=gettext_noop("%(by)s answered your question “%(question)s”:\n\n%(answer)s"),
                params={
                    "by": by or gettext_lazy("Someone"),
                    "question": question.text[:200],
                    "answer": cleaned,
                },
            )
    return answer


def question_assign(
    *, actor: Actor, question: Question, assignee: User | None, due_on: dt.date | None = None
) -> Question:
    """Give an unanswered question to a responder, with a due date (None unassigns)."""
    _moderate(actor, question)
    if question.state not in (State.OPEN, State.DEFERRED, State.PENDING):
        raise Conflict(_("Only unanswered questions can be assigned."))
    if assignee is not None and not getattr(assignee, "is_active", False):
        raise Invalid(_("That person cannot be assigned."), field="assignee")
    if due_on is not None and due_on < now().date():
        raise Invalid(_("The due date is in the past."), field="due_on")
    with transaction.atomic():
        question = _lock(question)
        question.assignee = assignee
        question.due_on = due_on if assignee is not None else None
        question.updated_at = now()
        question.save(update_fields=["assignee", "due_on", "updated_at"])
        _log(
            question.board,
            Action.ASSIGNED,
            actor=actor,
            question=question,
            assignee=assignee.pk if assignee else None,
            due_on=due_on.isoformat() if due_on else None,
        )
        if assignee is not None and assignee.pk != actor.pk:
            notice_send(
                recipient=assignee,
                kind="qa.assigned",
                url=reverse("qa:question", args=[question.pk]),
                subject=gettext_noop("A question for you to answer"),
                body=gettext_noop("Please answer “%(question)s” by %(due)s."),
                params={"question": question.text[:200], "due": _due_text(due_on)},
            )
    return question


def _due_text(due_on: dt.date | None) -> Callable[[Any, str], str]:
    def text(zone: Any, language: str) -> str:
        if due_on is None:
            return "-"
        return format_date(due_on, "long", locale=babel_locale(language))

    return text


def _tell_asker(
    question: Question, *, kind: str, subject: str, body: str, params: Mapping[str, Any]
) -> None:
    """Tell the asker (if known) through people's notices: on the site, e-mail after commit."""
    if question.author is None:
        return
    notice_send(
        recipient=question.author,
        kind=f"qa.{kind}",
        url=reverse("qa:question", args=[question.pk]),
        subject=subject,
        body=body,
        params=params,
    )


# ---------------------------------------------------------------- notes


def notes_import(
    *, actor: Actor, event: Event, items: Sequence[Mapping[str, Any]], replace: bool = False
) -> list[Question]:
    """Enter a session's Q&A from notes (the notes JSON: items with kind, text, answers
    [{by, text, refers_to_previous}], followups) as answered-in-writing questions.
    Idempotent with `replace=True`: the notes questions of this event are replaced.
    Not rate-limited; moderators only. Announces `board` after commit."""
    _require_moderator(actor, event)
    created: list[Question] = []
    with transaction.atomic():
        board = board_ensure(event=event)
        if replace:
            Question.objects.filter(board=board, event=event, position__gt=0).delete()
        counter = [0]
        for raw in items:
            created.extend(_import_item(board, event, raw, parent=None, counter=counter))
        _log(board, Action.ASKED, actor=actor, imported=len(created))
        _announce(board, "board", {"reload": True})
    return created


def notes_extend(
    *, actor: Actor, event: Event, items: Sequence[Mapping[str, Any]]
) -> list[Question]:
    """Add to an event's imported notes without touching what is there.

    An item with an "id" names a question of this event (under the same parent): its
    "answers" are appended and its "followups" walked; an item without one is a new
    notes question, placed after the existing ones. Votes, board answers, follow-ups
    and moderation of existing questions are left as they are. Moderators only.
    Announces `board` after commit. Returns the questions created."""
    _require_moderator(actor, event)
    created: list[Question] = []
    with transaction.atomic():
        board = board_ensure(event=event)
        last = Question.objects.filter(board=board).aggregate(last=Max("position"))["last"]
        counter = [last or 0]
        for raw in items:
            created.extend(_extend_item(board, event, raw, parent=None, counter=counter))
        _log(board, Action.ASKED, actor=actor, imported=len(created))
        _announce(board, "board", {"reload": True})
    return created


def _extend_item(
    board: Board,
    event: Event,
    raw: Mapping[str, Any],
    *,
    parent: Question | None,
    counter: list[int],
) -> list[Question]:
    if raw.get("id") is None:
        return _import_item(board, event, raw, parent=parent, counter=counter)
    question = Question.objects.filter(
        pk=raw["id"], board=board, event=event, parent=parent
    ).first()
    if question is None:
        raise Invalid(_("The notes name a question that is not here."), field="id")
    answers = list(raw.get("answers") or [])
    if answers:
        existing = list(Answer.objects.filter(question=question).order_by("position", "pk"))
        at = now()
        _add_written_answers(
            question,
            answers,
            parent=parent,
            previous=existing[-1] if existing else None,
            start=(max(a.position for a in existing) + 1) if existing else 0,
            at=at,
        )
        if question.kind == Kind.QUESTION and question.state == State.OPEN:
            question.state = State.ANSWERED_WRITTEN
            question.updated_at = at
            question.save(update_fields=["state", "updated_at"])
    made: list[Question] = []
    for child in raw.get("followups") or []:
        made.extend(_extend_item(board, event, child, parent=question, counter=counter))
    return made


def _import_item(
    board: Board,
    event: Event,
    raw: Mapping[str, Any],
    *,
    parent: Question | None,
    counter: list[int],
) -> list[Question]:
    counter[0] += 1
    kind = raw.get("kind") or Kind.QUESTION
    if kind not in Kind.values:
        raise Invalid(_("Unknown kind in the notes."), field="kind")
    text = _clean_text(str(raw.get("text") or ""))
    answers = list(raw.get("answers") or [])
    at = now()
    question = Question.objects.create(
        board=board,
        event=event,
        kind=kind,
        parent=parent,
        text=text,
        topic=str(raw.get("topic") or "")[:TOPIC_LIMIT],
        state=(State.ANSWERED_WRITTEN if answers else State.OPEN)
        if kind == Kind.QUESTION
        else State.OPEN,
        position=counter[0],
        created_at=at,
        updated_at=at,
    )
    _index_terms(question)
    _add_written_answers(question, answers, parent=parent, previous=None, start=0, at=at)
    made = [question]
    for child in raw.get("followups") or []:
        made.extend(_import_item(board, event, child, parent=question, counter=counter))
    return made


def _add_written_answers(
    question: Question,
    answers: Sequence[Mapping[str, Any]],
    *,
    parent: Question | None,
    previous: Answer | None,
    start: int,
    at: dt.datetime,
) -> None:
    """Write the notes' answers [{by, text, refers_to_previous}] to `question` in
    order from position `start`; `previous` is the answer they continue from (an
    answer that refers to the previous one with none before it points to the
    parent's last answer)."""
    for index, raw_answer in enumerate(answers):
        refers = bool(raw_answer.get("refers_to_previous"))
        points_to = previous
        if refers and points_to is None and parent is not None:
            points_to = Answer.objects.filter(question=parent).order_by("-position").first()
        previous = Answer.objects.create(
            question=question,
            by=str(raw_answer.get("by") or "")[:BY_LIMIT],
            text=_clean_text(str(raw_answer.get("text") or ""), limit=ANSWER_LIMIT),
            mode=AnswerMode.WRITTEN,
            refers_to_previous=refers,
            points_to=points_to if refers else None,
            position=start + index,
            created_at=at,
        )
