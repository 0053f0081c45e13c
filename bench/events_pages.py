"""Pages measured by `make bench` for events: the front page, the list, the month, one
event, a 1,000-event feed."""

from typing import Any


def urls(context: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("events_list", "/events/"),
        ("events_list_filtered", "/events/?kind=workshop&format=online"),
        ("events_month", "/events/month/"),
        ("event_detail", f"/events/{context['event_id']}/"),
        ("events_feed_1000", "/events/calendar/events.ics"),
        ("api_events", "/api/events?tz=Asia/Kathmandu"),
    ]
