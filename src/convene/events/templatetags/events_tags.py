"""Template helpers: an event's time in the reader's zone, as a <time> element; Markdown."""

import datetime as dt
import zoneinfo
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from convene.core.clock import now
from convene.core.formatting import describe_dates, describe_when, iso_z
from convene.core.templatetags.convene_tags import instant, reader_zone
from convene.core.text import render_markdown
from convene.events.cards import event_cards as cards

register = template.Library()
# `instant` is core's; registered here too so that `{% load events_tags %}` pages keep it.
register.simple_tag(instant, takes_context=True)


@register.simple_tag(takes_context=True)
def event_when(context: Any, event: Any, zone_name: str = "") -> SafeString:
    """'<time datetime="…Z" data-local>Friday, 4 November 2022, 14:45 to 16:15 (…)</time>';
    a date range is shown as dates (a <time> with the date, never shifted)."""
    language = get_language() or "en"
    if event.starts_at is None:
        return format_html(
            '<time datetime="{}">{}</time>',
            event.start_date.isoformat(),
            describe_dates(event.start_date, event.end_date, language),
        )
    zone = zoneinfo.ZoneInfo(zone_name) if zone_name else reader_zone(context)
    text = describe_when(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        start_date=None,
        end_date=None,
        zone=zone,
        language=language,
    )
    return format_html(
        '<time datetime="{}" data-event-start data-end="{}">{}</time>',
        iso_z(event.starts_at),
        iso_z(event.ends_at),
        text,
    )


@register.simple_tag(takes_context=True)
def event_cards(context: Any, events: Any) -> SafeString:
    """The `<li>` cards of a list of events, in the reader's zone (events/cards.py)."""
    return cards(events, zone=reader_zone(context))


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def local_hour(value: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%H:%M")


@register.filter
def held(event: Any) -> bool:
    """Whether the event is over: lists and pages mark it as held."""
    return bool(event.sort_end <= now())
