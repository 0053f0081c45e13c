"""The front page, the list of events and the month view."""

import datetime as dt
from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from convene.core.clock import now
from convene.core.fragments import cached_fragment
from convene.core.generations import generation
from convene.directory.queries import directory_version
from convene.events import queries
from convene.events.cards import cards_with_tags
from convene.events.forms import FilterForm
from convene.events.listing import (
    cached_cards,
    card_page,
    cards_html,
    recent_with_notes_ids,
    registration_tags,
)
from convene.events.models import Event
from convene.events.month import MONTH_FIELDS, month_bounds, month_weeks, weekday_names
from convene.events.views.common import filters_from, reader_zone

PAGE_SIZE = 30
MONTH_LIMIT = 1000
HOME_EVENTS = 6
HOME_RECENT = 4
PAST_MATCHES = 5


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The site's front page: what Convene is, and the next sessions in the reader's zone.

    Served by the events app (the root URL is routed here) because core, which owns the
    page's frame, may not import events. The cards are cached (events/listing.py); which
    past sessions have notes or answers (written by the apps above) is read each time."""
    zone = reader_zone(request)
    versions = f"{generation('events')}:{directory_version()}"
    events = cached_cards(
        "events-home-upcoming",
        [HOME_EVENTS],
        lambda: queries.events_upcoming(viewer=None, limit=HOME_EVENTS),
        zone=zone,
        versions=versions,
    )
    recent_ids = recent_with_notes_ids(limit=HOME_RECENT)
    recent = (
        cached_cards(
            "events-home-recent",
            [recent_ids],
            lambda: queries.events_recent_with_notes(viewer=None, limit=HOME_RECENT),
            zone=zone,
            versions=versions,
        )
        if recent_ids
        else ()
    )
    tags = registration_tags(
        viewer=request.user, event_ids=[pk for pk, _head, _tail in events + recent]
    )
    return render(
        request,
        "events/home.html",
        {
            "events": events,
            "recent": recent,
            "upcoming_cards": cards_with_tags(events, tags),
            "recent_cards": cards_with_tags(recent, tags),
        },
    )


def filter_fields(form: FilterForm) -> SafeString:
    """The filters' fields. Valid (or no) filters are the same HTML for every reader of a
    language who chose the same, until the choices change: cached under the choices' key
    and the values given (what the fields show). Errors are written each time."""
    if not form.choices_key or (form.is_bound and not form.is_valid()):
        return mark_safe(render_to_string("events/_filter_fields.html", {"form": form}))  # noqa: S308
    # repr: a value given as "None" is not one left out
    given = [repr(form.data.get(name)) for name in form.fields] if form.is_bound else []
    return cached_fragment(
        "events-filter-fields",
        [form.choices_key, form.is_bound, *given],
        lambda: render_to_string("events/_filter_fields.html", {"form": form}),
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)  # Django's form fields refuse NUL characters
    filters = filters_from(form)
    page = card_page(
        filters=filters,
        page=request.GET.get("page"),
        zone=reader_zone(request),
        size=PAGE_SIZE,
        versions=form.choices_key,
    )
    query = request.GET.copy()
    query.pop("page", None)
    # A search looks at past sessions too: the first few, and a link to all of them.
    past_events: list[Event] = []
    past_count = 0
    past_query = ""
    if filters.q and filters.when == "upcoming":
        past = queries.events_cards(viewer=request.user, filters=replace(filters, when="past"))
        past_count = past.count()
        past_events = list(past[:PAST_MATCHES]) if past_count else []
        more = query.copy()
        more["when"] = "past"
        past_query = more.urlencode()
    return render(
        request,
        "events/index.html",
        {
            "form": form,
            "form_fields": filter_fields(form),
            "filters": filters,
            "page": page,
            "events": page.cards,
            "cards": cards_html(page, viewer=request.user),
            "query": query.urlencode(),
            "can_organise": queries.can_organise(request.user),
            "past_events": past_events,
            "past_count": past_count,
            "past_query": past_query,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def month(request: HttpRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    zone = reader_zone(request)
    today = now().astimezone(zone).date()
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404
    bounds = month_bounds(year, month, zone)
    first, last = bounds.first, bounds.last
    form = FilterForm(request.GET or None)
    filters = filters_from(form)
    filters = queries.EventFilters(**{**filters.__dict__, "when": "all"})

    def build() -> str:
        rows = queries.events_between(
            viewer=request.user, start=bounds.start, end=bounds.end, filters=filters
        )
        events = list(rows.select_related(None).only(*MONTH_FIELDS)[:MONTH_LIMIT])
        previous = first - dt.timedelta(days=1)
        following = last + dt.timedelta(days=1)
        return render_to_string(
            "events/_month.html",
            {
                "weeks": month_weeks(events, bounds=bounds, zone=zone),
                "first": first,
                "previous": previous,
                "following": following,
                "today": today,
                "weekdays": weekday_names(),
                "reader_tz_name": zone.key,
            },
        )

    # The grid is the same for every reader of a language in a zone (it shows titles and
    # times, nothing of the reader's own): built from up to MONTH_LIMIT events, it is
    # cached until an event changes (the events' generation), or the day changes.
    month_html = cached_fragment(
        "events-month",
        [first, zone.key, today, filters, generation("events")],
        build,
    )
    return render(request, "events/month.html", {"month_html": month_html})
