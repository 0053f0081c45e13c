"""Boards: made when first needed, configured (pre-moderation, anonymous questions,
one pool for a series), opened and closed, given moderators.
"""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed
from convene.core.types import Actor
from convene.events.models import Event
from convene.qa.models import Action, Board, LogEntry, Question
from convene.qa.queries import board_current, board_is_open
from convene.qa.services.effects import announce, log_action
from convene.qa.services.rules import require_moderator, require_signed_in


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
    require_moderator(actor, event)
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
        log_action(
            board,
            Action.CONFIGURED,
            actor=actor,
            premoderation=board.premoderation,
            allow_anonymous=board.allow_anonymous,
            pooled=board.series_id is not None,
        )
        announce(board, "board", _board_data(board, event))
        if pooled_now:  # the editions' questions are one board now: pages read it again
            announce(board, "board", {"reload": True})
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
    require_moderator(actor, event)
    with transaction.atomic():
        board = board_ensure(event=event)
        board.closed_at = None if is_open else (board.closed_at or now())
        board.save(update_fields=["closed_at", "updated_at"])
        log_action(board, Action.CONFIGURED, actor=actor, open=is_open)
        announce(board, "board", _board_data(board, event))
    return board


def board_add_moderator(*, actor: Actor, event: Event, user: User) -> Board:
    """Name `user` a moderator of the board (organisers only, not other moderators)."""
    require_signed_in(actor)
    from convene.events.queries import is_organiser

    if not is_organiser(user=actor, event=event):
        raise NotAllowed(_("Only the organisers may name moderators."))
    with transaction.atomic():
        board = board_ensure(event=event)
        board.moderators.add(user)
        log_action(board, Action.CONFIGURED, actor=actor, moderator=user.pk)
    return board
