"""The checks every write makes first: who acts, what they wrote, how often.

Each refuses with one of `convene.core.errors`.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from convene.core import inputs
from convene.core.actors import refuse_blocked, signed_in
from convene.core.actors import require_person as require_signed_in
from convene.core.errors import Invalid, NotAllowed, TooMany
from convene.core.types import Actor
from convene.events.models import Event
from convene.qa import ratelimit
from convene.qa.models import TEXT_LIMIT, Answer, Board, Question
from convene.qa.queries import can_moderate, question_event
from convene.qa.states import PUBLIC

LANGUAGE_LIMIT = 16


LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}")


TOPIC_LIMIT = 200


REASON_LIMIT = 500


BY_LIMIT = 120

__all__ = ["refuse_blocked", "require_signed_in", "signed_in"]


def clean_text(text: str, *, field: str = "text", limit: int = TEXT_LIMIT) -> str:
    return inputs.clean_text(text, field=field, limit=limit)


def rate_check(action: str, *, actor: Actor, ip: str) -> None:
    keys = []
    if signed_in(actor):
        keys.append(f"user:{actor.pk}")
    if ip:
        keys.append(f"ip:{ip}")
    wait = ratelimit.hit(action, keys=keys)
    if wait:
        raise TooMany(
            ngettext(
                "Too many at once. Try again in %(seconds)s second.",
                "Too many at once. Try again in %(seconds)s seconds.",
                wait,
            )
            % {"seconds": wait},
            retry_after=wait,
        )


def require_moderator(actor: Actor, event: Event, board: Board | None = None) -> None:
    require_signed_in(actor)
    if not can_moderate(user=actor, event=event, board=board):
        raise NotAllowed(_("Only the organisers and the moderators they named may do that."))


def require_board_moderator(actor: Actor, question: Question) -> Event:
    event = question_event(question)
    require_moderator(actor, event, question.board)
    return event


def is_public(question: Question) -> bool:
    return question.state in PUBLIC and not question.hidden


def referable_answer(question: Question, answer_id: int | None, *, field: str) -> Answer | None:
    """The answer `answer_id` that an answer to `question` (or `question` itself, as
    "answered elsewhere") may refer to: a public one (its question on its board, not
    hidden, so anyone, the actor included, may open it) on the same board as `question`
    or on a board of the same event series. Anything else, an unknown id included, is
    one field error on `field` (which does not tell a hidden answer from none)."""
    if answer_id is None:
        return None
    answer = (
        Answer.objects.select_related("question__board", "question__event")
        .filter(pk=answer_id)
        .first()
    )
    if answer is None or not is_public(answer.question) or not _same_place(answer, question):
        raise Invalid(
            _("Point at a public answer on this board or in this event series."), field=field
        )
    return answer


def _same_place(answer: Answer, question: Question) -> bool:
    there = answer.question
    if there.board_id == question.board_id:
        return True
    series = _series_id(question)
    return series is not None and _series_id(there) == series


def _series_id(question: Question) -> int | None:
    if question.board.series_id is not None:
        return question.board.series_id
    try:
        return question_event(question).series_id
    except Question.DoesNotExist:
        return None
