"""What the event pages share: the reader's zone, list filters, the event or 404, and
the organisers-only check."""

import zoneinfo

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from convene.core.errors import NotAllowed
from convene.core.timezones import UTC
from convene.events import queries
from convene.events.forms import FilterForm
from convene.events.models import Event


def reader_zone(request: HttpRequest) -> zoneinfo.ZoneInfo:
    zone = getattr(request, "reader_tz", UTC)
    return zone if isinstance(zone, zoneinfo.ZoneInfo) else UTC


def filters_from(form: FilterForm) -> queries.EventFilters:
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


def event_or_404(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("series"), pk=pk)


def require_organiser(request: HttpRequest, event: Event) -> None:
    if not queries.is_organiser(request.user, event):
        raise NotAllowed(_("Only the event's organisers may do that."))
