"""An event's and a series' pages, registration, and the organisers' tools: create,
edit, status, registrants (as a page or CSV)."""

import datetime as dt
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed
from convene.core.forms import apply_refusal
from convene.core.fragments import cached_fragment
from convene.core.text import render_markdown
from convene.events import queries, services
from convene.events.export import registrants_csv
from convene.events.forms import CommentForm, EventForm, SeriesForm, StatusForm
from convene.events.models import Event, Registration, RegistrationStatus, Series
from convene.events.page_reads import event_comments, event_resources
from convene.events.views.common import event_or_404, reader_zone, require_organiser
from convene.events.zones import zones_html
from convene.people.pickers import picker_reader_languages, pickers_put_first


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
    zone = reader_zone(request)
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
            "zones_html": zones_html(event),
            # A pure function of the text: cached under it.
            "description_html": cached_fragment(
                "events-description",
                [event.description],
                partial(render_markdown, event.description),
            ),
            "editions": editions,
            "share_url": request.build_absolute_uri(
                f"{reverse('events:detail', args=[event.pk])}?tz={zone.key}"
            ),
            "comments": event_comments(event=event, viewer=request.user, moderator=organiser),
            "resources": event_resources(event=event),
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
    zone = reader_zone(request)
    return render(
        request,
        "events/series.html",
        {
            "series": series,
            "editions": editions,
            "organiser": queries.is_series_organiser(request.user, series),
            "resources": queries.resources_for(series=series),
            "share_url": request.build_absolute_uri(
                f"{reverse('events:series', args=[series.pk])}?tz={zone.key}"
            ),
        },
    )


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
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


@login_required
@require_GET
def registrants(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require_organiser(request, event)
    rows = list(queries.registrants(event=event))
    if request.GET.get("format") == "csv":
        return registrants_csv(event, rows)
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
    zone = reader_zone(request)
    form = EventForm(request.POST or None, initial={"timezone": zone.key})
    pickers_put_first(form, picker_reader_languages(request))
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
    return _form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require_organiser(request, event)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event))
    pickers_put_first(form, picker_reader_languages(request))
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
    return _form_page(request, form, event)


def _form_page(request: HttpRequest, form: EventForm, event: Event | None) -> HttpResponse:
    """The event form (new or edit; 400 when sent back with errors)."""
    context: dict[str, Any] = {"form": form, "event": event}
    if event is not None:
        context["status_form"] = StatusForm(initial={"status": event.status})
    return render(request, "events/form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require_organiser(request, event)
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
    pickers_put_first(form, picker_reader_languages(request))
    if request.method == "POST" and form.is_valid():
        series = services.series_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Series created. Now plan its editions."))
        return HttpResponseRedirect(reverse("events:planner", args=[series.pk]))
    return render(
        request, "events/series_form.html", {"form": form}, status=400 if form.is_bound else 200
    )
