"""Pages for events: lists, month view, event and series pages, registration, the
organisers' tools (create, edit, status, registrants, planner), notices, comments."""

import calendar
import csv
import datetime as dt
import zoneinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed
from convene.core.forms import apply_refusal
from convene.core.timezones import UTC, parse_zone
from convene.events import queries, services
from convene.events.forms import (
    CommentForm,
    EventForm,
    FilterForm,
    PlannerForm,
    SeriesForm,
    StatusForm,
)
from convene.events.models import Comment, Event, Registration, RegistrationStatus, Series
from convene.events.planner import Target, hour_band, plan, region_target
from convene.events.timeutil import main_zones

PAGE_SIZE = 30
MONTH_LIMIT = 1000
PER_DAY = 6  # a busy day shows six events and "N more" (the list has them all)
MONTH_FIELDS = ("id", "title", "edition_label", "starts_at", "ends_at", "start_date",
                "end_date", "sort_start", "sort_end")  # fmt: skip
_UTC_KEYS = {"UTC", "Etc/UTC"}


def _reader_zone(request: HttpRequest) -> zoneinfo.ZoneInfo:
    zone = getattr(request, "reader_tz", UTC)
    return zone if isinstance(zone, zoneinfo.ZoneInfo) else UTC


def _filters(form: FilterForm) -> queries.EventFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return queries.EventFilters(
        when=data.get("when") or "upcoming",
        q=data.get("q") or "",
        region=data.get("region") or "",
        language=data.get("language") or "",
        kind=data.get("kind") or "",
        format=data.get("format") or "",
        topic=data.get("topic") or "",
        organiser=data.get("organiser") or "",
    )


HOME_EVENTS = 6


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The site's front page: what Convene is, and the next sessions in the reader's zone.

    Served by the events app (the root URL is routed here) because core, which owns the
    page's frame, may not import events."""
    events = list(queries.events_upcoming(viewer=request.user, limit=HOME_EVENTS))
    return render(request, "events/home.html", {"events": events})


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)  # Django's form fields refuse NUL characters
    filters = _filters(form)
    rows = queries.events_list(viewer=request.user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/index.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "events": page.object_list,
            "query": query.urlencode(),
            "can_organise": queries.can_organise(request.user),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def month(request: HttpRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    zone = _reader_zone(request)
    today = now().astimezone(zone).date()
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    start = dt.datetime.combine(first, dt.time(0), tzinfo=zone).astimezone(UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=zone).astimezone(UTC)
    form = FilterForm(request.GET or None)
    filters = _filters(form)
    filters = queries.EventFilters(**{**filters.__dict__, "when": "all"})
    rows = queries.events_between(viewer=request.user, start=start, end=end, filters=filters)
    events = list(rows.select_related(None).only(*MONTH_FIELDS)[:MONTH_LIMIT])
    by_day: dict[dt.date, list[Event]] = {}
    for event in events:
        if event.starts_at is not None and event.ends_at is not None:
            begin = event.starts_at.astimezone(zone).date()
            finish = (event.ends_at - dt.timedelta(microseconds=1)).astimezone(zone).date()
        else:
            begin, finish = event.start_date, event.end_date  # type: ignore[assignment]
        day = max(begin, first)
        while day <= min(finish, last):
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    weeks = [
        [
            (
                day,
                by_day.get(day, [])[:PER_DAY],
                day.month == month,
                max(0, len(by_day.get(day, [])) - PER_DAY),
            )
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous = first - dt.timedelta(days=1)
    following = last + dt.timedelta(days=1)
    return render(
        request,
        "events/month.html",
        {
            "weeks": weeks,
            "first": first,
            "previous": previous,
            "following": following,
            "today": today,
            "weekdays": _weekday_names(),
        },
    )


def _weekday_names() -> list[str]:
    """Monday to Sunday, abbreviated, in the reader's language (CLDR via Babel)."""
    from babel.dates import get_day_names
    from django.utils.translation import get_language

    from convene.core.timezones import babel_locale

    names = get_day_names("abbreviated", locale=babel_locale(get_language() or "en"))
    return [str(names[i]) for i in range(7)]


def _zone_table(event: Event) -> list[dict[str, Any]]:
    """The event's start in the main zones of its target regions (and its own zone)."""
    if event.starts_at is None:
        return []
    codes = {country.code for region in event.regions.all() for country in region.countries.all()}
    rows = main_zones(codes, at=event.starts_at) if codes else []
    zones = [row.zone for row in rows]
    planned = parse_zone(event.timezone)
    if planned is not None and planned.key not in {*_UTC_KEYS, *(z.key for z in zones)}:
        zones.append(planned)
    if not _UTC_KEYS & {z.key for z in zones}:
        zones.append(UTC)
    table = []
    for zone in zones:
        local = event.starts_at.astimezone(zone)
        end = event.ends_at.astimezone(zone) if event.ends_at else None
        table.append(
            {
                "zone": zone,
                "offset": local.utcoffset() or dt.timedelta(0),
                # Naive on purpose: the template must not shift them to the reader's zone.
                "start": local.replace(tzinfo=None),
                "end": end.replace(tzinfo=None) if end else None,
                "band": hour_band(local),
            }
        )
    table.sort(key=lambda r: r["offset"])  # type: ignore[arg-type,return-value]
    return table


@require_GET
def detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    try:
        event = queries.event_get(pk=pk, viewer=request.user)
    except Event.DoesNotExist as exc:
        raise Http404(_("No such event.")) from exc
    organiser = queries.is_organiser(request.user, event)
    registration = queries.viewer_registration(event=event, viewer=request.user)
    link = (
        event.call_link
        if queries.link_visible(
            event=event, viewer=request.user, registration=registration, organiser=organiser
        )
        else None
    )
    editions = (
        [e for e in queries.series_editions(series=event.series, viewer=None) if e.pk != event.pk]
        if event.series
        else []
    )
    zone = _reader_zone(request)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "organiser": organiser,
            "registration": registration,
            "registration_state": services.registration_state(event, now()),
            "counts": queries.registration_counts(event=event) if organiser else None,
            "link": link,
            "link_pending": bool(event.call_link) and link is None,
            "zone_table": _zone_table(event),
            "editions": editions,
            "share_url": request.build_absolute_uri(
                f"{reverse('events:detail', args=[event.pk])}?tz={zone.key}"
            ),
            "comments": queries.comments_for(event=event, viewer=request.user, moderator=organiser),
            "comment_form": CommentForm(),
        },
    )


@require_GET
def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        series = queries.series_get(pk=pk)
    except Series.DoesNotExist as exc:
        raise Http404(_("No such series.")) from exc
    editions = queries.series_editions(series=series, viewer=request.user)
    zone = _reader_zone(request)
    return render(
        request,
        "events/series.html",
        {
            "series": series,
            "editions": editions,
            "organiser": queries.is_series_organiser(request.user, series),
            "share_url": request.build_absolute_uri(
                f"{reverse('events:series', args=[series.pk])}?tz={zone.key}"
            ),
        },
    )


def _event_or_404(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("series"), pk=pk)


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    try:
        registration = services.registration_register(actor=request.user, event=event)
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("You are registered."))
        else:
            messages.info(request, _("The event is full: you are on the waiting list."))
    return HttpResponseRedirect(reverse("events:detail", args=[pk]))


@login_required
@require_POST
def cancel_registration(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("event"), event_id=pk, user=request.user
    )
    services.registration_cancel(actor=request.user, registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return HttpResponseRedirect(reverse("events:detail", args=[pk]))


def _require_organiser(request: HttpRequest, event: Event) -> None:
    if not queries.is_organiser(request.user, event):
        raise NotAllowed(_("Only the event's organisers may do that."))


@login_required
@require_GET
def registrants(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    _require_organiser(request, event)
    rows = list(queries.registrants(event=event))
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="registrants-{event.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(["username", "name", "email", "status", "registered_at", "time_zone"])
        for row in rows:
            profile = getattr(row.user, "profile", None)
            writer.writerow(
                [
                    row.user.get_username(),
                    profile.name if profile else row.user.get_username(),
                    row.user.email,
                    row.status,
                    row.queued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    profile.timezone if profile else "",
                ]
            )
        return response
    return render(request, "events/registrants.html", {"event": event, "rows": rows})


def _event_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "edition_label": data.get("edition_label") or "",
        "kind": data["kind"],
        "description": data.get("description") or "",
        "format": data["format"],
        "place": data.get("place") or "",
        "languages": list(data.get("languages") or []),
        "interpretation_languages": list(data.get("interpretation_languages") or []),
        "recording_policy": data.get("recording_policy") or "",
        "organisers": list(data.get("organisers") or []),
        "organisers_people": list(data.get("co_organisers") or []),
        "hubs": list(data.get("hubs") or []),
        "regions": list(data.get("regions") or []),
        "call_link": data.get("call_link") or "",
        "link_lead": dt.timedelta(hours=data["link_lead_hours"]),
        "link_audience": data["link_audience"],
        "registration_opens_at": data.get("registration_opens_at"),
        "registration_closes_at": data.get("registration_closes_at"),
        "capacity": data.get("capacity"),
        "reminder_offsets": data.get("reminders") or [],
    }


def _when(data: dict[str, Any]) -> services.When:
    if data.get("all_day"):
        return services.When(start_date=data["start_date"], end_date=data["end_date"])
    return services.When(starts_at=data["starts_at"], ends_at=data["ends_at"])


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not queries.can_organise(request.user):
        raise NotAllowed(_("You may not create events."))
    zone = _reader_zone(request)
    form = EventForm(request.POST or None, initial={"timezone": zone.key})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user,
                when=_when(form.cleaned_data),
                timezone_name=form.cleaned_data["timezone"],
                **_event_kwargs(form.cleaned_data),
            )
        except (Invalid, Conflict) as exc:
            apply_refusal(form, exc)
        else:
            messages.success(request, _("Event created."))
            return HttpResponseRedirect(reverse("events:detail", args=[event.pk]))
    return render(
        request,
        "events/form.html",
        {"form": form, "event": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    _require_organiser(request, event)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        kwargs = _event_kwargs(form.cleaned_data)
        kwargs["timezone"] = form.cleaned_data["timezone"]
        if not kwargs["organisers_people"]:
            del kwargs["organisers_people"]  # an empty field leaves the organisers as they are
        try:
            services.event_update(
                actor=request.user, event=event, when=_when(form.cleaned_data), **kwargs
            )
        except (Invalid, Conflict) as exc:
            apply_refusal(form, exc)
        else:
            messages.success(request, _("Event saved."))
            return HttpResponseRedirect(reverse("events:detail", args=[event.pk]))
    return render(
        request,
        "events/form.html",
        {"form": form, "event": event, "status_form": StatusForm(initial={"status": event.status})},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    _require_organiser(request, event)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.event_set_status(
                actor=request.user,
                event=event,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except (Invalid, Conflict) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Status changed; registrants were told."))
    else:
        messages.error(request, _("Choose a status."))
    return HttpResponseRedirect(reverse("events:detail", args=[pk]))


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest) -> HttpResponse:
    if not queries.can_organise(request.user):
        raise NotAllowed(_("You may not create events."))
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        series = services.series_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Series created. Now plan its editions."))
        return HttpResponseRedirect(reverse("events:planner", args=[series.pk]))
    return render(
        request, "events/series_form.html", {"form": form}, status=400 if form.is_bound else 200
    )


def _targets(regions: list[Any], zones: list[str]) -> list[Target]:
    targets = []
    for region in regions:
        codes = [country.code for country in region.countries.all()]
        target = region_target(region.short_name or region.name, codes)
        if target.zones:
            targets.append(target)
    targets.extend(Target(label=name, zones=((zoneinfo.ZoneInfo(name), 1.0),)) for name in zones)
    return targets


def _short_label(label: str) -> str:
    """'America/Sao_Paulo' → 'Sao Paulo'; region names stay as they are."""
    return label.rsplit("/", 1)[-1].replace("_", " ")


def _grid_rows(targets: list[Target], day: dt.date, earliest: int, latest: int) -> list[Any]:
    """24 UTC hours by targets: each cell the local hour of the target's main zone."""
    hours = [dt.datetime.combine(day, dt.time(h), tzinfo=UTC) for h in range(24)]
    rows = []
    for target in targets:
        zone = max(target.zones, key=lambda zw: zw[1])[0]
        cells = []
        for hour in hours:
            local = hour.astimezone(zone)
            cells.append(
                {"local": local.replace(tzinfo=None), "band": hour_band(local, earliest, latest)}
            )
        rows.append({"label": target.label, "zone": zone, "cells": cells})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def planner(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series, pk=pk)
    if not queries.is_series_organiser(request.user, series):
        raise NotAllowed(_("Only the organisers of this series may plan it."))
    if request.method == "POST":
        return _planner_create(request, series)
    form = PlannerForm(request.GET or None, initial={"day": now().date() + dt.timedelta(days=14)})
    result = grid = None
    slots: list[dict[str, Any]] = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        regions = list(data["regions"].prefetch_related("countries"))
        targets = _targets(regions, data["zones"])
        result = plan(
            day=data["day"],
            targets=targets,
            editions=data["editions"],
            length=dt.timedelta(minutes=data["length_minutes"]),
            earliest=data["earliest"],
            latest=data["latest"],
        )
        grid = _grid_rows(targets, data["day"], data["earliest"], data["latest"])
        chosen = {slot.start.hour for slot in result.slots}
        for row in grid:
            for index, cell in enumerate(row["cells"]):
                cell["chosen"] = index in chosen
        slots = [
            {
                "slot": slot,
                "utc": slot.start.strftime("%H:%M"),
                "label": ", ".join(_short_label(label) for label in slot.reached),
            }
            for slot in result.slots
        ]
    return render(
        request,
        "events/planner.html",
        {
            "series": series,
            "form": form,
            "result": result,
            "slots": slots,
            "grid": grid,
            "utc_hours": list(range(24)),
            "region_slugs": [r.slug for r in form.cleaned_data["regions"]]
            if result is not None
            else [],
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _planner_create(request: HttpRequest, series: Series) -> HttpResponse:
    try:
        length = dt.timedelta(minutes=int(request.POST.get("length_minutes", "90")))
    except ValueError:
        length = dt.timedelta(minutes=90)
    except OverflowError:
        messages.error(request, _("The length could not be read."))
        return HttpResponseRedirect(reverse("events:planner", args=[series.pk]))
    starts = []
    for value in request.POST.getlist("start"):
        try:
            start = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if start.tzinfo is None:
                start = start.replace(tzinfo=UTC)
            start + length  # an end past year 9999 raises OverflowError here
        except (ValueError, OverflowError):
            messages.error(request, _("That time could not be read."))
            return HttpResponseRedirect(reverse("events:planner", args=[series.pk]))
        starts.append(start)
    from convene.directory.models import Region

    regions = list(Region.objects.filter(slug__in=request.POST.getlist("region")))
    labels = request.POST.getlist("label")
    try:
        services.series_add_editions(
            actor=request.user,
            series=series,
            starts=starts,
            length=length,
            labels=labels,
            regions=regions,
        )
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("events:planner", args=[series.pk]))
    messages.success(request, _("Editions created."))
    return HttpResponseRedirect(reverse("events:series", args=[series.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def my_events(request: HttpRequest) -> HttpResponse:
    """The person's registrations, reminder opt-out and private calendar feed."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reset-feed":
            services.feed_token_reset(actor=request.user)
            messages.success(
                request, _("Your calendar address is new; the old one stopped working.")
            )
        elif action == "reminders":
            services.person_set_reminders(
                actor=request.user, enabled=request.POST.get("reminders") == "on"
            )
            messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("events:mine"))
    settings_row = services.person_settings(request.user)
    return render(
        request,
        "events/mine.html",
        {
            "settings_row": settings_row,
            "feed_url": request.build_absolute_uri(
                reverse("events:feed_person", args=[settings_row.feed_token])
            ),
            "registrations": queries.person_registrations(user=request.user),
        },
    )


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], event=event).first()
        try:
            services.comment_add(
                actor=request.user, event=event, body=form.cleaned_data["body"], parent=parent
            )
        except (Invalid, Conflict) as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Write something first."))
    return HttpResponseRedirect(reverse("events:detail", args=[pk]) + "#comments")


@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    item = get_object_or_404(Comment.objects.select_related("event"), pk=comment_id, event_id=pk)
    action = request.POST.get("action")
    if action == "report":
        services.comment_report(actor=request.user, comment=item)
        messages.success(request, _("Thank you; moderators will look at it."))
    elif action in ("hide", "show"):
        services.comment_set_hidden(actor=request.user, comment=item, hidden=action == "hide")
    return HttpResponseRedirect(reverse("events:detail", args=[pk]) + "#comments")
