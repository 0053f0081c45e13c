"""What each board sort means, once: for querysets (the page, the API's list) and for
payloads (the API's snapshot, a client applying live events).

- `votes`: most votes first, then the oldest, then the lowest id;
- `newest`: the newest first (then the highest id);
- `unanswered`: questions still waiting for an answer (open, deferred) first, then as
  `votes`.

The moderator's queue puts questions waiting for approval before all of these.
Follow-ups are not sorted by the board's sort: they stay in the order they were asked.
"""

import datetime as dt
from collections.abc import MutableSequence
from typing import Any

from django.db.models import Case, IntegerField, OrderBy, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from convene.qa.models import State
from convene.qa.states import UNANSWERED

SORTS = ("votes", "newest", "unanswered")
DEFAULT = "votes"
LABELS: dict[str, Promise] = {
    "votes": _("Most votes"),
    "newest": _("Newest"),
    "unanswered": _("Unanswered first"),
}


def _answered_last() -> Case:
    return Case(When(state__in=UNANSWERED, then=0), default=1, output_field=IntegerField())


def _pending_first() -> Case:
    return Case(When(state=State.PENDING, then=0), default=1, output_field=IntegerField())


def ordering(sort: str, *, queue: bool = False) -> list[str | OrderBy]:
    """`order_by` arguments for questions in `sort` order (`queue`: waiting ones first)."""
    by_sort: dict[str, list[str | OrderBy]] = {
        "votes": ["-vote_count", "created_at", "pk"],
        "newest": ["-created_at", "-pk"],
        "unanswered": [_answered_last().asc(), "-vote_count", "created_at", "pk"],
    }
    order = by_sort[sort]
    return [_pending_first().asc(), *order] if queue else order


def _instant(item: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(item["created_at"])


def sort_items(items: MutableSequence[dict[str, Any]], sort: str, *, queue: bool = False) -> None:
    """Sort question payloads (top-level board items) in place, as `ordering` does."""
    if sort == "newest":
        items[:] = sorted(items, key=lambda i: (_instant(i), i["id"]), reverse=True)
    elif sort == "unanswered":
        items[:] = sorted(
            items, key=lambda i: (i["state"] not in UNANSWERED, -i["votes"], _instant(i), i["id"])
        )
    else:
        items[:] = sorted(items, key=lambda i: (-i["votes"], _instant(i), i["id"]))
    if queue:
        items[:] = sorted(items, key=lambda i: i["state"] != State.PENDING)  # stable


def followup_key(item: dict[str, Any]) -> tuple[dt.datetime, int]:
    """Follow-ups and comments under a question: in the order they were asked."""
    return (_instant(item), item["id"])
