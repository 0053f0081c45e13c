"""The board's list of questions as HTML (`_board_live.html`: the pinned question, the
sorts, a page of questions with their answers and follow-ups, the pager), for the
participants' page and for board.js when it reads the list again.

Rendering a page of 40 questions through the template engine costs several times the
rest of the page, and every reader sees the same list: it is built once per board
version (every change the board shows bumps it), sort, page, language and zone, and
kept in the cache with the live cursor it was read at. What differs per reader is put in
afterwards: the template leaves a comment where a vote button goes, which
`with_votes` replaces by the reader's form (vote or withdraw, their CSRF token, the
address to come back to) or, for an anonymous reader, by nothing. A signed-in reader
whose own questions are not on the public board (waiting, declined, hidden) sees them in
their list: their list is built for them alone, as the moderator's queue is.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from convene.core.fragments import cached_fragment, cached_value
from convene.events.models import Event
from convene.qa import queries
from convene.qa.queries.sorts import LABELS

# Written by _item.html where a vote button goes (question text is escaped there, so no
# "<!--" comes from what people write).
_VOTE_SLOT = re.compile(r"<!--qa-vote (\d+) ([^ >]+)-->")


@dataclass(frozen=True)
class BoardList:
    """The list's HTML with its vote slots, the live cursor it was read at, and the
    questions that have a slot."""

    html: str
    cursor: str
    ids: tuple[int, ...]


def list_context(snapshot: queries.Snapshot, *, page: int, pages: int) -> dict[str, Any]:
    """What `_board_live.html` reads."""
    return {
        "snap": snapshot,
        "board": snapshot.board,
        "moderation": False,
        "sorts": list(LABELS.items()),
        "page": page,
        "pages": pages,
    }


def render_list(context: dict[str, Any], request: HttpRequest | None = None) -> str:
    return render_to_string("qa/_board_live.html", context, request)


def public_list(*, event: Event, sort: str, page: int, pages: int, size: int) -> BoardList:
    """The list as everyone sees it, from the cache when this board version's page was
    built before."""
    board = queries.board_of(event)
    # The creation instant keeps keys apart when a database is reset under the same cache.
    made = board.created_at.timestamp() if board.created_at else 0

    def build() -> BoardList:
        snapshot = queries.board_snapshot(
            event=event,
            viewer=AnonymousUser(),
            sort=sort,
            limit=size * pages,
            offset=size * (page - 1),
        )
        html = render_list(list_context(snapshot, page=page, pages=pages))
        ids = tuple(int(pk) for pk, _url in _VOTE_SLOT.findall(html))
        return BoardList(html=html, cursor=snapshot.cursor, ids=ids)

    parts = (board.pk, made, board.version, event.pk, sort, page, pages, size)
    zone = timezone.get_current_timezone_name()
    return cached_value("qa.board-list", (*parts, zone), build)


def board_nav(snapshot: queries.Snapshot) -> SafeString:
    """The board's links (`_board_nav.html`): the same for every reader of a board but
    for the moderator's."""
    event, board = snapshot.event, snapshot.board
    context = {"event": event, "board": board, "snap": snapshot}
    parts = (event.pk, board.series_id, snapshot.moderator)
    return cached_fragment(
        "qa.board-nav", parts, lambda: render_to_string("qa/_board_nav.html", context)
    )


def with_votes(html: str, request: HttpRequest, voted: set[int]) -> SafeString:
    """`html` with each vote slot replaced by the reader's vote form (nothing for an
    anonymous reader)."""
    if not request.user.is_authenticated:
        return mark_safe(_VOTE_SLOT.sub("", html))  # noqa: S308 (escaped by the template)
    token = escape(get_token(request))
    back = escape(request.get_full_path())
    vote = escape(gettext("Vote"))
    withdraw = escape(gettext("Withdraw vote"))

    def form(match: re.Match[str]) -> str:
        pk, action = match.group(1), match.group(2)
        head = (
            f'<form method="post" action="{action}"><input type="hidden"'
            f' name="csrfmiddlewaretoken" value="{token}"><input type="hidden" name="next"'
            f' value="{back}#q{pk}">'
        )
        if int(pk) in voted:
            button = (
                '<input type="hidden" name="action" value="withdraw"><button type="submit"'
                f' class="secondary" aria-pressed="true" aria-describedby="qt{pk}">'
                f"{withdraw}</button>"
            )
        else:
            button = (
                f'<button type="submit" aria-pressed="false" aria-describedby="qt{pk}">'
                f"{vote}</button>"
            )
        return f"{head}{button}</form>"

    return mark_safe(_VOTE_SLOT.sub(form, html))  # noqa: S308 (escaped above and by the template)
