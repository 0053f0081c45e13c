"""A session's Q&A from its notes: imported as answered-in-writing questions, or
extended without touching what is there.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from convene.core.clock import now
from convene.core.errors import Invalid
from convene.core.generations import bump
from convene.core.types import Actor
from convene.events.generations import RECORDS_GENERATION
from convene.events.models import Event
from convene.qa.models import ANSWER_LIMIT, Action, Answer, AnswerMode, Board, Kind, Question, State
from convene.qa.queries.questions import FROM_NOTES
from convene.qa.services.boards import board_ensure
from convene.qa.services.effects import announce, index_terms, log_action
from convene.qa.services.rules import BY_LIMIT, TOPIC_LIMIT, clean_text, require_moderator


def notes_import(
    *, actor: Actor, event: Event, items: Sequence[Mapping[str, Any]], replace: bool = False
) -> list[Question]:
    """Enter a session's Q&A from notes (the notes JSON: items with kind, text, answers
    [{by, text, refers_to_previous}], followups) as answered-in-writing questions.
    Idempotent with `replace=True`: the notes questions of this event are replaced.
    Not rate-limited; moderators only. Announces `board` after commit."""
    require_moderator(actor, event)
    created: list[Question] = []
    with transaction.atomic():
        bump(RECORDS_GENERATION)  # answers come (or go, replaced): the front page's records
        board = board_ensure(event=event)
        if replace:
            Question.objects.filter(FROM_NOTES, board=board, event=event).delete()
        counter = [0]
        for raw in items:
            created.extend(_import_item(board, event, raw, parent=None, counter=counter))
        log_action(board, Action.ASKED, actor=actor, imported=len(created))
        announce(board, "board", {"reload": True})
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
    require_moderator(actor, event)
    created: list[Question] = []
    with transaction.atomic():
        bump(RECORDS_GENERATION)  # answers come: the front page's records
        board = board_ensure(event=event)
        last = Question.objects.filter(board=board).aggregate(last=Max("position"))["last"]
        counter = [last or 0]
        for raw in items:
            created.extend(_extend_item(board, event, raw, parent=None, counter=counter))
        log_action(board, Action.ASKED, actor=actor, imported=len(created))
        announce(board, "board", {"reload": True})
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
    text = clean_text(str(raw.get("text") or ""))
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
    index_terms(question)
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
            text=clean_text(str(raw_answer.get("text") or ""), limit=ANSWER_LIMIT),
            mode=AnswerMode.WRITTEN,
            refers_to_previous=refers,
            points_to=points_to if refers else None,
            position=start + index,
            created_at=at,
        )
