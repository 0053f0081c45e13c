"""Template helpers: an event's time in the reader's zone, as a <time> element; Markdown."""

import datetime as dt
import zoneinfo
from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from convene.core.clock import now
from convene.core.templatetags.convene_tags import instant, reader_zone
from convene.core.text import render_markdown
from convene.events.cards import event_cards as cards
from convene.events.cards import event_time

register = template.Library()
# `instant` is core's; registered here too so that `{% load events_tags %}` pages keep it.
register.simple_tag(instant, takes_context=True)


@register.simple_tag(takes_context=True)
def event_when(context: Any, event: Any, zone_name: str = "") -> SafeString:
    """The event's time in the reader's zone (or `zone_name`), as a <time> element."""
    zone = zoneinfo.ZoneInfo(zone_name) if zone_name else reader_zone(context)
    return event_time(event, zone, get_language() or "en")


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
