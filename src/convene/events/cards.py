"""An event's card in a list (the events list, its past matches, the front page), written
in Python: through Django's template engine (an include, a `{% url %}`, filters and tags)
the 30 cards of a list cost more CPU than the rest of the page; the same HTML written with
`format_html` costs a tenth of that.

The card shows the event (its title, time in the reader's zone, kind, format, status, held,
languages, organisers, series) and the reader's registration, if any."""

import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from convene.core.clock import now
from convene.core.formatting import describe_dates, describe_when, iso_z
from convene.events.models import Event, Status

# One card: its event's id, the HTML before the reader's registration tag, the HTML after.
CardParts = tuple[int, str, str]

# A number no event has, replaced by each event's id in one reversed address.
_PLACEHOLDER = 987654321


def _address(name: str) -> tuple[str, str]:
    head, _, tail = reverse(name, args=[_PLACEHOLDER]).partition(str(_PLACEHOLDER))
    return head, tail


def event_time(event: Event, zone: zoneinfo.ZoneInfo, language: str) -> SafeString:
    """'<time datetime="…Z" data-event-start data-end="…Z">Friday, 4 November 2022,
    14:45 to 16:15 (…)</time>'; a date range is shown as dates (never shifted)."""
    if event.starts_at is None:
        assert event.start_date is not None
        assert event.end_date is not None
        return format_html(
            '<time datetime="{}">{}</time>',
            event.start_date.isoformat(),
            describe_dates(event.start_date, event.end_date, language),
        )
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


def event_cards(events: Iterable[Any], *, zone: zoneinfo.ZoneInfo) -> SafeString:
    """The `<li>` cards of `events` (read from `queries.events_cards`: `language_list`,
    `organiser_list` and, for a signed-in reader, `viewer_registrations`), one after the
    other, each beginning and ending with a line break."""
    events = list(events)
    tags = {
        event.pk: registration_tag(registrations[0])
        for event in events
        if (registrations := getattr(event, "viewer_registrations", None))
    }
    return cards_with_tags(event_card_parts(events, zone=zone), tags)


def registration_tag(registration: Any) -> str:
    """The reader's registration on a card: '<span class="tag ok">Registered</span>'."""
    return f'<span class="tag ok">{conditional_escape(registration.get_status_display())}</span>'


def cards_with_tags(parts: Iterable[tuple[int, str, str]], tags: dict[int, str]) -> SafeString:
    """The cards of `event_card_parts`, each with its reader's tag (`tags`, by event id)."""
    return mark_safe("".join(f"{head}{tags.get(pk, '')}{tail}" for pk, head, tail in parts))  # noqa: S308


def event_card_parts(events: Iterable[Any], *, zone: zoneinfo.ZoneInfo) -> list[CardParts]:
    """The cards of `events`, each as (its id, the HTML before the reader's registration
    tag, the HTML after it): what is the same for every reader, to be cached."""
    language = get_language() or "en"
    at = now()
    detail = _address("events:detail")
    series = _address("events:series")
    held = format_html('<span class="tag held">{}</span>', gettext("held"))
    by = conditional_escape(gettext("By"))
    editions = gettext("All editions of “%(title)s”")
    esc = conditional_escape
    parts: list[CardParts] = []
    for event in events:
        state: str
        if event.status != Status.SCHEDULED:
            state = format_html('<span class="tag warn">{}</span>', event.get_status_display())
        else:
            state = held if event.sort_end <= at else ""
        languages = "".join(
            f'<span class="tag" lang="{esc(item.code)}">{esc(item.name)}</span>'
            for item in event.language_list
        )
        organisers = (
            f'<p class="meta">{by} '
            + ", ".join(f"<bdi>{esc(org.name)}</bdi>" for org in event.organiser_list)
            + "</p>"
            if event.organiser_list
            else ""
        )
        in_series = (
            f'<p class="meta"><a href="{series[0]}{event.series_id}{series[1]}">'
            f"{editions % {'title': esc(event.series.title)}}</a></p>"
            if event.series_id is not None
            else ""
        )
        head = (
            '\n<li class="card event-card">\n'
            f'  <h3><a href="{detail[0]}{event.pk}{detail[1]}" dir="auto">'
            f"{esc(event.display_title)}</a></h3>\n"
            f"  <p>{event_time(event, zone, language)}</p>\n"
            '  <p class="meta">\n'
            f'    <span class="tag">{esc(event.get_kind_display())}</span>\n'
            f'    <span class="tag">{esc(event.get_format_display())}</span>\n'
            f"    {state}\n"
            f"    {languages}\n"
            "    "
        )
        tail = f"\n  </p>\n  {organisers}\n  {in_series}\n</li>\n"
        parts.append((event.pk, head, tail))
    return parts
