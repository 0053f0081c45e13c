"""Boards and rights: which board an event's questions go to, who moderates it,
whether it takes questions, which event pages show it.
"""

from django.db.models import Exists, OuterRef, Q

from convene.core.actors import signed_in
from convene.core.types import Actor
from convene.events.models import Event, Series
from convene.events.queries import is_organiser
from convene.qa.models import Board


def event_with_board(*, event_id: int, viewer: Actor) -> Event:
    """The event with its own board, its series and the series' board, and whether
    `viewer` moderates it (`event.viewer_moderates`), in one query. Raises
    Event.DoesNotExist."""
    rows = Event.objects.select_related("series", "qa_board", "series__qa_board").filter(
        pk=event_id
    )
    if signed_in(viewer) and not viewer.is_staff:
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
    if not signed_in(viewer):
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
    if not signed_in(user):
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
