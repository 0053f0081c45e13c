"""Resources of an event, a series, a hub or a timeline entry: the form to add one,
removing one, and serving an uploaded file."""

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.core.errors import NotAllowed, Refusal
from convene.core.formatting import day_text
from convene.core.forms import apply_refusal
from convene.events import queries, services
from convene.events.forms import ResourceForm
from convene.events.models import RESOURCE_OWNERS, Event, Resource, Series
from convene.people.pickers import picker_reader_languages, pickers_put_first

# Served inline; anything else is downloaded (an uploaded page must not run here).
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "video/mp4", "audio/mpeg"}


def _owners(resource: Resource) -> dict[str, Any]:
    return {field: getattr(resource, field) for field in RESOURCE_OWNERS}


def _owner_url(owners: dict[str, Any]) -> str:
    """Where a resource is listed: its event's or series' page, its hub's page."""
    if owners["event"] is not None:
        return reverse("events:detail", args=[owners["event"].pk]) + "#resources-heading"
    if owners["series"] is not None:
        return reverse("events:series", args=[owners["series"].pk]) + "#resources-heading"
    hub = owners["hub"] or owners["stage_change"].organisation
    return reverse("directory:organisation", args=[hub.slug]) + "#hub-resources"


def _owner_label(owners: dict[str, Any]) -> str:
    if owners["event"] is not None:
        return str(owners["event"].display_title)
    if owners["series"] is not None:
        return str(owners["series"].title)
    if owners["hub"] is not None:
        return str(owners["hub"].name)
    change = owners["stage_change"]
    return _("%(hub)s, timeline: %(stage)s (%(date)s)") % {
        "hub": change.organisation.name,
        "stage": change.get_to_stage_display(),
        "date": day_text(change.changed_on, get_language() or "en"),
    }


def _add(request: HttpRequest, **given: Any) -> HttpResponse:
    owners = {field: given.get(field) for field in RESOURCE_OWNERS}
    if not queries.may_change_resources(request.user, **owners):
        raise NotAllowed(_("Only the organisers may add resources."))
    originals = Resource.objects.filter(**owners, translation_of__isnull=True).order_by("title")
    form = ResourceForm(request.POST or None, request.FILES or None, originals=originals)
    pickers_put_first(form, picker_reader_languages(request))
    if request.method == "POST" and form.is_valid():
        fields: dict[str, Any] = {**owners, **form.resource_fields()}
        try:
            services.resource_add(actor=request.user, **fields)
        except Refusal as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Resource added."))
            return HttpResponseRedirect(_owner_url(owners))
    return render(
        request,
        "events/resource_form.html",
        {"form": form, "owner_label": _owner_label(owners), "back": _owner_url(owners)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_resource_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(request, event=get_object_or_404(Event, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def series_resource_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(request, series=get_object_or_404(Series, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def hub_resource_add(request: HttpRequest, slug: str) -> HttpResponse:
    hub = queries.hub_for_resources(viewer=request.user, slug=slug)
    if hub is None:
        raise Http404(_("No such hub."))
    return _add(request, hub=hub)


@login_required
@require_http_methods(["GET", "POST"])
def timeline_resource_add(request: HttpRequest, pk: int) -> HttpResponse:
    stage_change = queries.timeline_entry_for_resources(viewer=request.user, pk=pk)
    if stage_change is None:
        raise Http404(_("No such timeline entry."))
    return _add(request, stage_change=stage_change)


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = get_object_or_404(
        Resource.objects.select_related("event", "series", "hub", "stage_change__organisation"),
        pk=resource_id,
    )
    owners = _owners(resource)
    if not queries.may_change_resource(request.user, resource):
        raise NotAllowed(_("Only the organisers may change resources."))
    originals = (
        Resource.objects.filter(**owners, translation_of__isnull=True)
        .exclude(pk=resource.pk)
        .order_by("title")
    )
    initial = {
        "kind": resource.kind,
        "title": resource.title,
        "languages": [language.code for language in resource.languages.all()],
        "published_on": resource.published_on,
        "url": resource.url,
        "translation_of": resource.translation_of_id,
    }
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        originals=originals,
        keeps_file=bool(resource.file),
    )
    pickers_put_first(form, picker_reader_languages(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(
                actor=request.user,
                resource=resource,
                **form.resource_fields(),
            )
        except Refusal as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Resource changed."))
            return HttpResponseRedirect(_owner_url(owners))
    return render(
        request,
        "events/resource_form.html",
        {
            "form": form,
            "owner_label": _owner_label(owners),
            "back": _owner_url(owners),
            "resource": resource,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def resource_remove(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = get_object_or_404(
        Resource.objects.select_related("event", "series", "hub", "stage_change__organisation"),
        pk=resource_id,
    )
    back = _owner_url(_owners(resource))
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
