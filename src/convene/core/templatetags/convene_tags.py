"""Template helpers every app may load: an instant in the reader's zone."""

import datetime as dt
import zoneinfo
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from convene.core.formatting import describe_instant, iso_z

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


@register.simple_tag(takes_context=True)
def panels(context: template.Context, place: str, subject: Any) -> SafeString:
    """What higher apps add to this page at `place` (see convene.core.panels)."""
    from convene.core.panels import panels_render

    return panels_render(place, context["request"], subject)
