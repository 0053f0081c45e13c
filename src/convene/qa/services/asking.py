"""Asking and voting: what participants do on a board."""

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed, NotSignedIn
from convene.core.types import Actor
from convene.events.models import Event
from convene.qa.models import Action, Kind, Question, State, Vote
from convene.qa.queries import board_current, board_is_open, can_moderate, question_event
from convene.qa.services.boards import board_ensure
from convene.qa.services.effects import announce, announce_question, index_terms, log_action
from convene.qa.services.rules import (
    LANGUAGE_RE,
    TOPIC_LIMIT,
    clean_text,
    is_public,
    rate_check,
    refuse_blocked,
    require_signed_in,
    signed_in,
)


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
    refuse_blocked(actor)
    board = board_current(event)
    if not board_is_open(board, event):
        raise Conflict(_("This board is closed to new questions."), code="closed")
    if kind not in Kind.values:
        raise Invalid(_("Unknown kind."), field="kind")
    if not signed_in(actor) or anonymous:
        if not board.allow_anonymous:
            if not signed_in(actor):
                raise NotSignedIn(_("Sign in to ask a question."))
            raise NotAllowed(
                _("This board does not take anonymous questions."), code="anonymous_off"
            )
        anonymous = True
    cleaned = clean_text(text)
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
        if parent.state == State.MERGED or not (is_public(parent) or parent.author_id == actor.pk):
            raise Invalid(_("That question cannot be followed up."), field="parent")
    rate_check("ask", actor=actor, ip=ip)
    moderator = signed_in(actor) and can_moderate(user=actor, event=event, board=board)
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
            author=actor if signed_in(actor) else None,
            anonymous=anonymous,
            state=State.PENDING if board.premoderation and not moderator else State.OPEN,
            created_at=at,
            updated_at=at,
        )
        index_terms(question)
        log_action(board, Action.ASKED, actor=actor, question=question)
        announce_question(question, was_public=False)
    return question


def _votable(actor: Actor, question: Question) -> User:
    person = require_signed_in(actor)
    if not is_public(question) or question.kind != Kind.QUESTION:
        raise Conflict(_("Only questions on the board can get votes."), code="not_votable")
    question_event(question)  # a question whose event is gone raises here
    return person


def question_vote(*, actor: Actor, question: Question, ip: str = "") -> Question:
    """Add `actor`'s vote (idempotent: a second vote changes nothing). Returns the
    question with its vote count fresh. Announces `vote` after commit when it counted."""
    person = _votable(actor, question)
    rate_check("vote", actor=actor, ip=ip)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Vote.objects.create(question=question, voter=person, created_at=now())
        except IntegrityError:
            return _count_votes(question, change=0)
        return _count_votes(question, change=1)


def question_unvote(*, actor: Actor, question: Question, ip: str = "") -> Question:
    """Withdraw `actor`'s vote (idempotent). Announces `vote` after commit."""
    person = require_signed_in(actor)
    rate_check("vote", actor=actor, ip=ip)
    with transaction.atomic():
        deleted, _rows = Vote.objects.filter(question=question, voter=person).delete()
        return _count_votes(question, change=-deleted)


def _count_votes(question: Question, *, change: int) -> Question:
    """Move the question's vote count by `change` and read it back fresh; announce
    `vote` after commit when it changed."""
    if change:
        Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + change)
    question.vote_count = Question.objects.values_list("vote_count", flat=True).get(pk=question.pk)
    if change:
        announce(question.board, "vote", {"id": question.pk, "votes": question.vote_count})
    return question
