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
from convene.events.views.resources import (
    event_resource_add,
    hub_resource_add,
    resource_edit,
    resource_file,
    resource_remove,
    series_resource_add,
    timeline_resource_add,
)

__all__ = [
    "cancel_registration",
    "comment",
    "comment_moderate",
    "create",
    "detail",
    "edit",
    "event_resource_add",
    "home",
    "hub_resource_add",
    "index",
    "month",
    "my_events",
    "planner",
    "register",
    "registrants",
    "resource_edit",
    "resource_file",
    "resource_remove",
    "series_create",
    "series_detail",
    "series_resource_add",
    "set_status",
    "timeline_resource_add",
]
