"""Resources of an event or a series: the organisers' form, removing one, and serving an
uploaded file."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.core.errors import NotAllowed, Refusal
from convene.core.forms import apply_refusal
from convene.events import queries, services
from convene.events.forms import ResourceForm
from convene.events.models import Event, Resource, Series
from convene.people.pickers import picker_reader_languages, pickers_put_first

# Served inline; anything else is downloaded (an uploaded page must not run here).
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "video/mp4", "audio/mpeg"}


def _owner_url(event: Event | None, series: Series | None) -> str:
    if event is not None:
        return reverse("events:detail", args=[event.pk]) + "#resources-heading"
    assert series is not None
    return reverse("events:series", args=[series.pk]) + "#resources-heading"


def _add(request: HttpRequest, *, event: Event | None, series: Series | None) -> HttpResponse:
    allowed = (
        queries.is_organiser(request.user, event)
        if event is not None
        else series is not None and queries.is_series_organiser(request.user, series)
    )
    if not allowed:
        raise NotAllowed(_("Only the organisers may add resources."))
    originals = Resource.objects.filter(
        event=event, series=series, translation_of__isnull=True
    ).order_by("title")
    form = ResourceForm(request.POST or None, request.FILES or None, originals=originals)
    pickers_put_first(form, picker_reader_languages(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.resource_add(
                actor=request.user,
                event=event,
                series=series,
                kind=data["kind"],
                title=data["title"],
                languages=list(data["languages"]),
                published_on=data["published_on"],
                url=data["url"] or "",
                file=data["file"],
                translation_of=data["translation_of"],
            )
        except Refusal as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Resource added."))
            return HttpResponseRedirect(_owner_url(event, series))
    return render(
        request,
        "events/resource_form.html",
        {"form": form, "event": event, "series": series, "back": _owner_url(event, series)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_resource_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(request, event=get_object_or_404(Event, pk=pk), series=None)


@login_required
@require_http_methods(["GET", "POST"])
def series_resource_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(request, event=None, series=get_object_or_404(Series, pk=pk))


@login_required
@require_POST
def resource_remove(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = get_object_or_404(Resource.objects.select_related("event", "series"), pk=resource_id)
    back = _owner_url(resource.event, resource.series)
    services.resource_remove(actor=request.user, resource=resource)
    messages.success(request, _("Resource removed."))
    return HttpResponseRedirect(back)


@require_GET
def resource_file(request: HttpRequest, resource_id: int) -> FileResponse:
    resource = get_object_or_404(Resource, pk=resource_id)
    if not resource.file:
        raise Http404(_("This resource is a link, not a file."))
    name = resource.file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        resource.file.open("rb"),
        as_attachment=content_type not in INLINE_TYPES,
        filename=name,
        content_type=content_type,
    )
