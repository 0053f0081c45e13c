"""Calendar feeds (.ics): per event, series, organisation or hub, region, site-wide, and
each person's private feed of their registrations (secret address, resettable)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from convene.core.clock import now
from convene.core.fragments import fragment_key
from convene.core.generations import LOCAL_TTL_S, generation
from convene.core.types import Actor
from convene.directory.models import Organisation, Region
from convene.directory.queries import directory_version
from convene.events import queries
from convene.events.ical import render_calendar
from convene.events.models import Event, Series

FEED_LIMIT = 1000
PAST_DAYS = 60


def _body(request: HttpRequest, events: list[Event], *, name: str, viewer: Actor | None) -> bytes:
    at = now()

    def link_for(event: Event) -> str | None:
        registration = queries.viewer_registration(event=event, viewer=viewer)
        shown = queries.link_visible(
            event=event, viewer=viewer, registration=registration, organiser=False, at=at
        )
        return event.call_link if shown else None

    return render_calendar(
        events, name=name, base_url=request.build_absolute_uri("/").rstrip("/"), link_for=link_for
    )


def _answer(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="convene.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _respond(
    request: HttpRequest, events: list[Event], *, name: str, viewer: Actor | None
) -> HttpResponse:
    return _answer(_body(request, events, name=name, viewer=viewer))


def _public(
    request: HttpRequest, feed: str, read: Callable[[], tuple[str, list[Event]] | None]
) -> HttpResponse:
    """The public (anonymous reader's) feed `feed` of `read()`'s (name, events), or 404
    when it answers None; cached under the events' generation, the directory's version
    (organisations' and regions' names), the site's address and the minute (which events
    are recent). A call link released within the minute is shown at once: the body is
    built again from its release on."""
    key = fragment_key(
        "events-feed",
        [
            feed,
            request.build_absolute_uri("/"),
            now().replace(second=0, microsecond=0),
            generation("events"),
            directory_version(),
        ],
    )
    kept = cache.get(key)
    if kept is None or (kept[0] is not None and now() >= kept[0]):
        found = read()
        if found is None:
            raise Http404
        name, events = found
        kept = (_next_release(events), _body(request, events, name=name, viewer=AnonymousUser()))
        cache.set(key, kept, LOCAL_TTL_S)
    return _answer(kept[1])


def _next_release(events: list[Event]) -> dt.datetime | None:
    """The first instant after now at which one of `events` shows its call link to
    everyone (None: no such instant)."""
    at = now()
    releases = [
        event.link_release_at
        for event in events
        if event.call_link and event.link_release_at is not None and event.link_release_at > at
    ]
    return min(releases, default=None)


def _recent(rows: Any) -> list[Event]:
    since = now() - dt.timedelta(days=PAST_DAYS)
    rows = rows.filter(sort_start__gte=since).order_by("sort_start", "id")
    return list(rows[:FEED_LIMIT])


def _public_rows() -> Any:
    return queries.events_filtered(filters=queries.EventFilters(when="all"))


@require_GET
def site(request: HttpRequest) -> HttpResponse:
    return _public(request, "site", lambda: ("Convene", _recent(_public_rows())))


def _one(pk: int) -> tuple[str, list[Event]] | None:
    events = list(_public_rows().filter(pk=pk))
    return (events[0].display_title, events) if events else None


@require_GET
def event_feed(request: HttpRequest, pk: int) -> HttpResponse:
    return _public(request, f"event:{pk}", lambda: _one(pk))


@require_GET
def series_feed(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series, pk=pk)
    return _public(
        request,
        f"series:{pk}:{series.title}",
        lambda: (series.title, list(_public_rows().filter(series=series)[:FEED_LIMIT])),
    )


@require_GET
def organisation_feed(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug, status="active")
    rows = _public_rows()
    rows = rows.filter(
        queries._through_exists("organisers", organisation=organisation)
        | queries._through_exists("hubs", organisation=organisation)
    )
    return _public(
        request, f"organisation:{organisation.pk}", lambda: (organisation.name, _recent(rows))
    )


@require_GET
def region_feed(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    rows = queries.events_filtered(filters=queries.EventFilters(when="all", region=slug))
    return _public(request, f"region:{region.pk}", lambda: (region.name, _recent(rows)))


@require_GET
def person_feed(request: HttpRequest, token: str) -> HttpResponse:
    found = queries.person_feed_events(token=token)
    if found is None:
        raise Http404
    user, events = found
    return _respond(request, events, name="Convene: my events", viewer=user)
