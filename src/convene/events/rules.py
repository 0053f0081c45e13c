"""What an event shows at an instant, from its fields alone (no query, no Event needed):
its registration state and whether its call link shows to a reader. The services and
queries answer with these for an Event; the API's cached list (events/api_list.py)
keeps the fields and answers with them for each reader and instant."""

import datetime as dt

from convene.events.models import Audience, Status


def registration_state_at(
    *,
    status: str,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    sort_end: dt.datetime,
    at: dt.datetime,
) -> str:
    """'open', 'not_yet', 'closed' or 'cancelled'."""
    if status == Status.CANCELLED:
        return "cancelled"
    if opens_at and at < opens_at:
        return "not_yet"
    if at >= (closes_at or sort_end):
        return "closed"
    return "open"


def link_shown(
    *,
    call_link: str,
    status: str,
    release_at: dt.datetime | None,
    audience: str,
    organiser: bool,
    confirmed: bool,
    at: dt.datetime,
) -> bool:
    """The call link is shown to organisers always; to its audience (everyone, or
    confirmed registrants: `confirmed`) from its release time on; never for a cancelled
    event."""
    if not call_link:
        return False
    if organiser:
        return True
    if status == Status.CANCELLED:
        return False
    if release_at is None or at < release_at:
        return False
    return audience == Audience.EVERYONE or confirmed
