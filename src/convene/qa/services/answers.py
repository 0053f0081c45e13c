"""Answers and responders: answering a question on behalf of a body, assigning it
to someone with a due date.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from babel.dates import format_date
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed
from convene.core.generations import bump
from convene.core.timezones import babel_locale
from convene.core.types import Actor
from convene.directory.models import Organisation
from convene.events.generations import RECORDS_GENERATION
from convene.people.notices import notice_send
from convene.qa.models import ANSWER_LIMIT, Action, Answer, AnswerMode, Question, State
from convene.qa.payloads import answer_data
from convene.qa.queries import answer_bodies, can_moderate, question_event
from convene.qa.services.effects import announce, announce_question, lock, log_action, tell_asker
from convene.qa.services.rules import (
    BY_LIMIT,
    clean_text,
    is_public,
    referable_answer,
    require_board_moderator,
    require_signed_in,
    signed_in,
)
from convene.qa.states import state_after_answer


def can_answer(*, user: Actor, question: Question) -> bool:
    """Moderators of the board, and the person the question was assigned to."""
    if not signed_in(user):
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
    organisation: Organisation | None = None,
    mode: str = AnswerMode.WRITTEN,
    points_to: Answer | None = None,
    points_to_id: int | None = None,
    refers_to_previous: bool = False,
) -> Answer:
    """Add an answer given by `actor`, in their own name or on behalf of a body: an
    `organisation` of the directory they belong to (the answer links to it), or, for
    staff only, any name `by` ("Support staff"). A `by` that names one of the actor's
    organisations (its short name or name) is taken as that organisation. An open or
    deferred question becomes answered (live or in writing); the asker is told. It may
    refer to an earlier answer (`points_to`, or its id `points_to_id`): a public one on
    this board or in this event series (`rules.referable_answer`).
    Announces `answer` after commit."""
    person = require_signed_in(actor)
    if not can_answer(user=actor, question=question):
        raise NotAllowed(_("Only moderators and the assigned responder may answer."))
    if question.state == State.MERGED:
        raise Conflict(_("This question was merged into another one."))
    if mode not in AnswerMode.values:
        raise Invalid(_("Unknown kind of answer."), field="mode")
    cleaned = clean_text(text, limit=ANSWER_LIMIT)
    organisation, by = _body(person, organisation, (by or "").strip())
    if points_to is not None:
        points_to_id = points_to.pk
    points_to = referable_answer(question, points_to_id, field="points_to")
    with transaction.atomic():
        question = lock(question)
        was_public = is_public(question)
        position = question.answers.count()
        answer = Answer.objects.create(
            question=question,
            by=by,
            organisation=organisation,
            author=person,
            text=cleaned,
            mode=mode,
            refers_to_previous=refers_to_previous or points_to is not None,
            points_to=points_to,
            position=position,
            created_at=now(),
        )
        bump(RECORDS_GENERATION)  # the session may now be among the front page's records
        after = state_after_answer(question.state, live=mode == AnswerMode.LIVE)
        if after != question.state:
            question.state = after
            question.updated_at = now()
            question.save(update_fields=["state", "updated_at"])
        log_action(
            question.board, Action.ANSWERED, actor=actor, question=question, answer=answer.pk
        )
        # A question the answer brings on the board arrives with its answers; one that
        # was there gets the answer added.
        announce_question(question, was_public=was_public)
        announce(
            question.board,
            "answer",
            {**answer_data(answer), "question_id": question.pk},
            public_data=(was_public and is_public(question)) or None,
        )
        tell_asker(
            question,
            actor=actor,
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


def _body(
    person: User, organisation: Organisation | None, by: str
) -> tuple[Organisation | None, str]:
    """The organisation an answer is given for and the name it shows, checked."""
    bodies = answer_bodies(user=person)
    if organisation is None and by:
        organisation = bodies.filter(Q(short_name=by) | Q(name=by)).first()
    if organisation is not None:
        if not person.is_staff and not bodies.filter(pk=organisation.pk).exists():
            raise Invalid(
                _("You can only answer for an organisation you belong to."), field="organisation"
            )
        return organisation, organisation.display_name[:BY_LIMIT]
    if by and not person.is_staff:
        raise Invalid(
            _("Pick one of your organisations; only staff may name another body."), field="by"
        )
    if len(by) > BY_LIMIT:
        raise Invalid(_("The name of the body is too long."), field="by", code="too_long")
    return None, by


def question_assign(
    *, actor: Actor, question: Question, assignee: User | None, due_on: dt.date | None = None
) -> Question:
    """Give an unanswered question to a responder, with a due date (None unassigns)."""
    require_board_moderator(actor, question)
    if question.state not in (State.OPEN, State.DEFERRED, State.PENDING):
        raise Conflict(_("Only unanswered questions can be assigned."))
    if assignee is not None and not getattr(assignee, "is_active", False):
        raise Invalid(_("That person cannot be assigned."), field="assignee")
    if due_on is not None and due_on < now().date():
        raise Invalid(_("The due date is in the past."), field="due_on")
    with transaction.atomic():
        question = lock(question)
        question.assignee = assignee
        question.due_on = due_on if assignee is not None else None
        question.updated_at = now()
        question.save(update_fields=["assignee", "due_on", "updated_at"])
        log_action(
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
