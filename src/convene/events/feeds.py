"""Calendar feeds (.ics): per event, series, organisation or hub, region, site-wide, and
each person's private feed of their registrations (secret address, resettable)."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from convene.core.clock import now
from convene.core.types import Actor
from convene.directory.models import Organisation, Region
from convene.events import queries
from convene.events.ical import render_calendar
from convene.events.models import Event, Series

FEED_LIMIT = 1000
PAST_DAYS = 60


def _respond(
    request: HttpRequest, events: list[Event], *, name: str, viewer: Actor | None
) -> HttpResponse:
    at = now()

    def link_for(event: Event) -> str | None:
        registration = queries.viewer_registration(event=event, viewer=viewer)
        shown = queries.link_visible(
            event=event, viewer=viewer, registration=registration, organiser=False, at=at
        )
        return event.call_link if shown else None

    body = render_calendar(
        events, name=name, base_url=request.build_absolute_uri("/").rstrip("/"), link_for=link_for
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="convene.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _recent(rows: Any) -> list[Event]:
    since = now() - dt.timedelta(days=PAST_DAYS)
    rows = rows.filter(sort_start__gte=since).order_by("sort_start", "id")
    return list(rows[:FEED_LIMIT])


def _public_rows() -> Any:
    return queries.events_filtered(filters=queries.EventFilters(when="all"))


@require_GET
def site(request: HttpRequest) -> HttpResponse:
    return _respond(request, _recent(_public_rows()), name="Convene", viewer=AnonymousUser())


@require_GET
def event_feed(request: HttpRequest, pk: int) -> HttpResponse:
    events = list(_public_rows().filter(pk=pk))
    if not events:
        raise Http404
    return _respond(request, events, name=events[0].display_title, viewer=AnonymousUser())


@require_GET
def series_feed(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series, pk=pk)
    events = list(_public_rows().filter(series=series)[:FEED_LIMIT])
    return _respond(request, events, name=series.title, viewer=AnonymousUser())


@require_GET
def organisation_feed(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug, status="active")
    rows = _public_rows()
    rows = rows.filter(
        queries._through_exists("organisers", organisation=organisation)
        | queries._through_exists("hubs", organisation=organisation)
    )
    return _respond(request, _recent(rows), name=organisation.name, viewer=AnonymousUser())


@require_GET
def region_feed(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    rows = queries.events_filtered(filters=queries.EventFilters(when="all", region=slug))
    return _respond(request, _recent(rows), name=region.name, viewer=AnonymousUser())


@require_GET
def person_feed(request: HttpRequest, token: str) -> HttpResponse:
    found = queries.person_feed_events(token=token)
    if found is None:
        raise Http404
    user, events = found
    return _respond(request, events, name="Convene: my events", viewer=user)
