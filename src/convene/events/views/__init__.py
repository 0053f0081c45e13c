"""Pages for events, one module per purpose: lists and the month view (`lists`), an
event's and a series' pages with the organisers' tools (`event`), the planner
(`planner`), a person's own events (`person`), comments (`comments`). The URLconf and
other apps use the names below."""

from convene.events.views.comments import comment, comment_moderate
from convene.events.views.event import (
    cancel_registration,
    create,
    detail,
    edit,
    register,
    registrants,
    series_create,
    series_detail,
    set_status,
)
from convene.events.views.lists import home, index, month
from convene.events.views.person import my_events
from convene.events.views.planner import planner

__all__ = [
    "cancel_registration",
    "comment",
    "comment_moderate",
    "create",
    "detail",
    "edit",
    "home",
    "index",
    "month",
    "my_events",
    "planner",
    "register",
    "registrants",
    "series_create",
    "series_detail",
    "set_status",
]
