"""Template helpers every template has (a builtin): an instant in the reader's zone, and
dates and times written with one set of Babel formats in the reader's language:

    {{ day|day }}            November 4, 2022       {{ day|day:"medium" }}  Nov 4, 2022
    {{ day|month }}          November 2022
    {{ local|clock }}        2:45 PM (14:45 in fr)  {{ local|day_clock }}   Fri, Nov 4, 2:45 PM
    {% instant at %}         an instant in the reader's zone, the zone named

`clock` and `day_clock` write the zone the value carries (a place's own time); `day` of
an instant takes its date in the reader's zone.
"""

import datetime as dt
import zoneinfo
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from convene.core.formatting import (
    clock_text,
    day_clock_text,
    day_text,
    describe_instant,
    iso_z,
    month_text,
)
from convene.core.frame import frame_part

register = template.Library()


def reader_zone(context: Any) -> zoneinfo.ZoneInfo:
    """The zone the page is shown in (the middleware's `reader_tz`, else the active one)."""
    zone = context.get("reader_tz")
    if isinstance(zone, zoneinfo.ZoneInfo):
        return zone
    current = timezone.get_current_timezone()
    return current if isinstance(current, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo("UTC")


@register.simple_tag(takes_context=True)
def instant(context: Any, value: dt.datetime | None) -> SafeString:
    """Any instant in the reader's zone, zone named, as a <time> element."""
    if value is None:
        return format_html("{}", "")
    return format_html(
        '<time datetime="{}" data-local>{}</time>',
        iso_z(value),
        describe_instant(value, reader_zone(context), get_language() or "en"),
    )


def _language() -> str:
    return get_language() or "en"


@register.filter
def day(value: dt.date | None, width: str = "long") -> str:
    """A date; an instant's date in the reader's zone."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return day_text(value, _language(), width=width) if value else ""


@register.filter
def month(value: dt.date | None) -> str:
    return month_text(value, _language()) if value else ""


@register.filter
def clock(value: dt.datetime | None) -> str:
    return clock_text(value, _language()) if value else ""


@register.filter
def day_clock(value: dt.datetime | None) -> str:
    return day_clock_text(value, _language()) if value else ""


@register.simple_tag(takes_context=True)
def panels(context: template.Context, place: str, subject: Any) -> SafeString:
    """What higher apps add to this page at `place` (see convene.core.panels)."""
    from convene.core.panels import panels_render

    return panels_render(place, context["request"], subject)


# The base layout's parts that are the same on every page (core/frame.py).
register.tag("frame_part", frame_part)
