"""Writes for events: create and edit events and series, register and cancel (with the
waiting list), release call links, send reminders and notices, comments, feed tokens.

Every function checks permission and input, refusing with `convene.core.errors` (NotSignedIn,
NotAllowed, Invalid naming the field, Conflict for a state that forbids it now), and
writes inside a transaction. Each module holds one purpose; the names other apps use are
importable from here.
"""

from convene.events.services.comments import comment_add, comment_report, comment_set_hidden
from convene.events.services.editions import (
    MAX_CAPACITY,
    When,
    event_create,
    event_set_status,
    event_start_instant,
    event_update,
    series_add_editions,
    series_create,
)
from convene.events.services.notify import (
    event_notify,
    registrants_notice,
    registrants_notify,
    registrants_tell,
)
from convene.events.services.person import feed_token_reset, person_set_reminders, person_settings
from convene.events.services.registration import (
    registration_cancel,
    registration_register,
    registration_state,
    waitlist_promote,
)
from convene.events.services.reminders import (
    event_release_link,
    links_release_due,
    reminders_send_due,
)
from convene.events.services.resources import resource_add, resource_remove, resource_update

__all__ = [
    "MAX_CAPACITY",
    "When",
    "comment_add",
    "comment_report",
    "comment_set_hidden",
    "event_create",
    "event_notify",
    "event_release_link",
    "event_set_status",
    "event_start_instant",
    "event_update",
    "feed_token_reset",
    "links_release_due",
    "person_set_reminders",
    "person_settings",
    "registrants_notice",
    "registrants_notify",
    "registrants_tell",
    "registration_cancel",
    "registration_register",
    "registration_state",
    "reminders_send_due",
    "resource_add",
    "resource_remove",
    "resource_update",
    "series_add_editions",
    "series_create",
    "waitlist_promote",
]
