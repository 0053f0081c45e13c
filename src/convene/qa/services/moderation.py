"""Moderation: approve, decline, hide, edit, set the state, merge, pin, and the one
entry point (`question_moderate`) the moderation page and the API both call.
"""

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid
from convene.core.types import Actor
from convene.events.models import Event
from convene.qa.models import Action, Answer, Board, Question, State, Vote
from convene.qa.payloads import question_data
from convene.qa.queries import board_current, question_event, question_get
from convene.qa.services.boards import board_ensure
from convene.qa.services.effects import (
    announce,
    announce_question,
    index_terms,
    lock,
    log_action,
    tell_asker,
)
from convene.qa.services.rules import (
    REASON_LIMIT,
    clean_text,
    is_public,
    referable_answer,
    require_board_moderator,
    require_moderator,
)
from convene.qa.states import transition_error

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


def question_edit(*, actor: Actor, question: Question, text: str) -> Question:
    """A moderator fixes the wording (a typo) of a question; the original is logged."""
    require_board_moderator(actor, question)
    cleaned = clean_text(text)
    with transaction.atomic():
        question = lock(question)
        before = question.text
        question.text = cleaned
        question.updated_at = now()
        question.save(update_fields=["text", "updated_at"])
        index_terms(question)
        log_action(question.board, Action.EDITED, actor=actor, question=question, before=before)
        announce_question(question, was_public=is_public(question))
    return question


def question_approve(*, actor: Actor, question: Question, text: str | None = None) -> Question:
    """Approve a question waiting for moderation (optionally with its text fixed)."""
    require_board_moderator(actor, question)
    cleaned = clean_text(text) if text is not None else None
    with transaction.atomic():
        question = lock(question)
        if question.state != State.PENDING:
            raise Conflict(_("This question is not waiting for approval."))
        if cleaned is not None and cleaned != question.text:
            log_action(
                question.board, Action.EDITED, actor=actor, question=question, before=question.text
            )
            question.text = cleaned
            index_terms(question)
        question.state = State.OPEN
        question.updated_at = now()
        question.save(update_fields=["text", "state", "updated_at"])
        log_action(question.board, Action.APPROVED, actor=actor, question=question)
        announce_question(question, was_public=False)
    return question


def question_decline(*, actor: Actor, question: Question, reason: str) -> Question:
    """Decline with a reason the asker sees."""
    return question_set_state(actor=actor, question=question, state=State.DECLINED, reason=reason)


def question_set_hidden(*, actor: Actor, question: Question, hidden: bool) -> Question:
    """Hide a question from the board (or show it again); its votes are kept."""
    require_board_moderator(actor, question)
    with transaction.atomic():
        question = lock(question)
        if question.hidden == hidden:
            return question
        was_public = is_public(question)
        question.hidden = hidden
        question.updated_at = now()
        question.save(update_fields=["hidden", "updated_at"])
        board = question.board
        if hidden and board.pinned_id == question.pk:
            Board.objects.filter(pk=board.pk).update(pinned=None)
            announce(board, "pinned", {"id": None, "question": None})
        log_action(board, Action.HIDDEN if hidden else Action.SHOWN, actor=actor, question=question)
        announce_question(question, was_public=was_public)
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
    require_board_moderator(actor, question)
    reason = (reason or "").strip()
    if len(reason) > REASON_LIMIT:
        raise Invalid(_("The reason is too long."), field="reason", code="too_long")
    with transaction.atomic():
        question = lock(question)  # checked against the row as it is now
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
            field = {"needs_answer": "answer_id", "needs_reason": "reason", "not_settable": "state"}
            raise Invalid(messages[problem], field=field[problem])
        if answer is not None and answer.question_id == question.pk:
            raise Invalid(_("Point at an answer to another question."), field="answer_id")
        if answer is not None:  # checked again: a caller may pass any answer
            referable_answer(question, answer.pk, field="answer_id")
        before = question.state
        was_public = is_public(question)
        question.state = state
        question.decline_reason = reason if state == State.DECLINED else ""
        question.answered_elsewhere = answer if state == State.ANSWERED_ELSEWHERE else None
        question.updated_at = now()
        question.save(update_fields=["state", "decline_reason", "answered_elsewhere", "updated_at"])
        board = question.board
        if state == State.DECLINED and board.pinned_id == question.pk:
            Board.objects.filter(pk=board.pk).update(pinned=None)
            announce(board, "pinned", {"id": None, "question": None})
        log_action(board, Action.STATE, actor=actor, question=question, before=before, after=state)
        announce_question(question, was_public=was_public)
        _tell_decision(question, actor=actor, answer=answer)
    return question


def _tell_decision(question: Question, *, actor: Actor, answer: Answer | None) -> None:
    """The asker learns that their question was declined (with the reason) or marked
    answered (live, in writing, or elsewhere: with that answer)."""
    text = question.text[:200]
    if question.state == State.DECLINED:
        tell_asker(
            question,
            actor=actor,
            kind="declined",
            subject=gettext_noop("Your question was declined"),
            body=gettext_noop("Your question “%(question)s” was declined: %(reason)s"),
            params={"question": text, "reason": question.decline_reason},
        )
    elif question.state == State.ANSWERED_ELSEWHERE and answer is not None:
        tell_asker(
            question,
            actor=actor,
            kind="answered",
            subject=gettext_noop("Your question was answered"),
            body=gettext_noop(
                "Your question “%(question)s” was answered elsewhere, in reply to "
                "“%(other)s”:\n\n%(answer)s"
            ),
            params={"question": text, "other": answer.question.text[:200], "answer": answer.text},
            about=answer.question,
        )
    elif question.state in (State.ANSWERED_LIVE, State.ANSWERED_WRITTEN):
        tell_asker(
            question,
            actor=actor,
            kind="answered",
            subject=gettext_noop("Your question was answered"),
            body=gettext_noop("Your question “%(question)s” was marked answered: %(how)s"),
            params={"question": text, "how": State(question.state).label},
        )


def question_merge(*, actor: Actor, question: Question, into: Question) -> Question:
    """Merge the duplicate `question` into `into`: every voter of either counts once on
    `into`, answers and follow-ups move to `into`, the duplicate stays (state merged,
    pointing at `into`), nothing is lost. Returns `into` with its fresh vote count."""
    require_board_moderator(actor, question)
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
        was_public = is_public(question)
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
            announce(board, "pinned", {"id": into.pk, "question": question_data(into)})
        log_action(board, Action.MERGED, actor=actor, question=question, into=into.pk, votes=moved)
        announce_question(question, was_public=was_public)
        announce_question(into, was_public=is_public(into))
        # Its answers and follow-ups moved to `into`: open pages read the board again.
        announce(board, "board", {"reload": True})
        tell_asker(
            question,
            actor=actor,
            kind="merged",
            subject=gettext_noop("Your question was merged with a similar one"),
            body=gettext_noop(
                "Your question “%(question)s” was merged into the same question asked "
                "earlier, “%(into)s”: your vote counts there, and its answers answer yours."
            ),
            params={"question": question.text[:200], "into": into.text[:200]},
            about=into,
        )
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
        answer = referable_answer(question, answer_id, field="answer_id")
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
    require_moderator(actor, event, board)
    if question is not None:
        if board.pk is None or question.board_id != board.pk:
            raise Invalid(_("That question is on another board."), field="question")
        if not is_public(question):
            raise Conflict(_("Only a question on the board can be pinned."))
    with transaction.atomic():
        board = board_ensure(event=event)
        before = board.pinned_id
        board.pinned = question
        board.save(update_fields=["pinned", "updated_at"])
        log_action(
            board,
            Action.PINNED if question else Action.UNPINNED,
            actor=actor,
            question=question,
            before=before,
        )
        announce(
            board,
            "pinned",
            {
                "id": question.pk if question else None,
                "question": question_data(question) if question else None,
            },
        )
    return board
