"""Template helpers: an event's time in the reader's zone, as a <time> element; Markdown."""

import datetime as dt
import zoneinfo
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from convene.core.text import render_markdown
from convene.events.formatting import describe_dates, describe_when, zone_label
from convene.events.timeutil import iso_z

register = template.Library()


def _zone(context: Any) -> zoneinfo.ZoneInfo:
    zone = context.get("reader_tz")
    if isinstance(zone, zoneinfo.ZoneInfo):
        return zone
    current = timezone.get_current_timezone()
    return current if isinstance(current, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo("UTC")


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
    zone = zoneinfo.ZoneInfo(zone_name) if zone_name else _zone(context)
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
def instant(context: Any, value: dt.datetime | None) -> SafeString:
    """Any instant in the reader's zone, zone named."""
    if value is None:
        return format_html("{}", "")
    from babel.dates import format_datetime

    from convene.core.timezones import babel_locale

    zone = _zone(context)
    language = get_language() or "en"
    local = value.astimezone(zone)
    return format_html(
        '<time datetime="{}" data-local>{} ({})</time>',
        iso_z(value),
        format_datetime(local, "medium", locale=babel_locale(language)),
        zone_label(zone, value, language),
    )


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def local_hour(value: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%H:%M")
