"""iCalendar (RFC 5545) feeds: stable UIDs, SEQUENCE, VTIMEZONE trimmed to the feed's
dates, and the call link only where the feed's reader may see it."""

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable

from icalendar import Calendar
from icalendar import Event as VEvent

from convene.core.timezones import UTC, parse_zone
from convene.events.models import Event, Status

PRODID = "-//Convene//Events//EN"
_STATUS = {
    Status.SCHEDULED: "CONFIRMED",
    Status.POSTPONED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}


def event_uid(event: Event) -> str:
    return f"{event.uid}@convene"


def render_calendar(
    events: Iterable[Event],
    *,
    name: str,
    base_url: str,
    link_for: Callable[[Event], str | None],
) -> bytes:
    """The events as one VCALENDAR. `link_for(event)` answers the call link the reader of
    this feed may see (or None); `base_url` makes event page addresses absolute."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    first: dt.date | None = None
    last: dt.date | None = None
    for event in events:
        item = VEvent()
        item.add("uid", event_uid(event))
        item.add("sequence", event.sequence)
        item.add("dtstamp", event.updated_at.astimezone(UTC))
        item.add("summary", event.display_title)
        url = f"{base_url}/events/{event.pk}/"
        item.add("url", url)
        if event.starts_at is not None and event.ends_at is not None:
            zone: zoneinfo.ZoneInfo = parse_zone(event.timezone) or UTC
            item.add("dtstart", event.starts_at.astimezone(zone))
            item.add("dtend", event.ends_at.astimezone(zone))
            begin, end = event.starts_at.date(), event.ends_at.date()
        else:
            assert event.start_date is not None and event.end_date is not None  # noqa: PT018
            item.add("dtstart", event.start_date)
            item.add("dtend", event.end_date + dt.timedelta(days=1))
            begin, end = event.start_date, event.end_date
        first = begin if first is None or begin < first else first
        last = end if last is None or end > last else last
        item.add("status", _STATUS.get(Status(event.status), "CONFIRMED"))
        link = link_for(event)
        lines = [event.description.strip()] if event.description.strip() else []
        if event.status != Status.SCHEDULED and event.status_reason:
            lines.insert(0, f"{event.get_status_display()}: {event.status_reason}")
        if link:
            lines.append(f"Call link: {link}")
        lines.append(url)
        item.add("description", "\n\n".join(lines))
        location = event.place or link or ""
        if location:
            item.add("location", location)
        cal.add_component(item)
    if first is not None and last is not None:
        # Only the transitions around the feed's dates: small VTIMEZONEs.
        cal.add_missing_timezones(
            first_date=first - dt.timedelta(days=1), last_date=last + dt.timedelta(days=2)
        )
    return bytes(cal.to_ical())
