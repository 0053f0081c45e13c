"""The events API: lists and details (instants in UTC; with ?tz= also local times),
series, registration, the call link (only when allowed), the time-slot planner."""

import datetime as dt
import zoneinfo
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from convene.core.api import (
    ErrorOut,
    Limit,
    Offset,
    PageOut,
    SearchQuery,
    check_page,
    next_page_url,
    one_of,
)
from convene.core.clock import now
from convene.core.errors import Invalid, NotAllowed, NotFound
from convene.core.formatting import iso_z
from convene.core.timezones import parse_zone, valid_zone_names
from convene.core.types import Actor
from convene.directory.models import Language, Region
from convene.events import api_list, queries, services
from convene.events.models import (
    Event,
    Kind,
    Registration,
    RegistrationStatus,
    Resource,
    Series,
)
from convene.events.planner import FIRST_DAY, LAST_DAY, Target, plan, region_target
from convene.people.auth import person_auth, reader_auth

router = Router(tags=["events"])


class RegistrationInfoOut(Schema):
    opens_at: str | None
    closes_at: str | None
    capacity: int | None
    state: str
    viewer_status: str | None


class ResourceOut(Schema):
    id: int
    kind: str
    title: str
    languages: list[str]
    date: str | None
    url: str  # the link, or the address of the uploaded file
    file: bool
    translations: list["ResourceOut"] = []


class EventOut(Schema):
    id: int
    url: str
    title: str
    edition_label: str
    series_id: int | None
    kind: str
    status: str
    status_reason: str
    format: str
    place: str
    description: str
    all_day: bool
    starts_at: str | None
    ends_at: str | None
    start_date: str | None
    end_date: str | None
    timezone: str
    local_start: str | None = None
    local_end: str | None = None
    languages: list[str]
    interpretation_languages: list[str]
    organisers: list[str]
    recording_policy: str
    call_link_release: str | None
    call_link: str | None
    registration: RegistrationInfoOut
    resources: list[ResourceOut] = []  # filled by GET /events/{id} only


class SeriesOut(Schema):
    id: int
    title: str
    kind: str
    description: str
    editions: list[EventOut]
    resources: list[ResourceOut]


class RegistrationOut(Schema):
    event_id: int
    status: str


class LinkOut(Schema):
    event_id: int
    call_link: str | None
    call_link_release: str | None
    audience: str


class SlotOut(Schema):
    start: str
    score: float
    gain: float
    reached: list[str]


class PlanOut(Schema):
    day: str
    coverage: float
    slots: list[SlotOut]


# An IANA zone name (old names too), or "" for none: `local_start`/`local_end` in it.
Zone = Annotated[str, one_of(sorted(valid_zone_names()))]


class EventFiltersIn(Schema):
    when: Annotated[str, one_of(queries.WHEN_CHOICES, blank=False)] = "upcoming"
    q: SearchQuery = ""
    region: str = Field("", description="a region's slug (GET /api/regions)")
    language: str = Field("", description="a language code (GET /api/languages)")
    kind: Annotated[str, one_of(Kind.values)] = ""
    tz: Zone = ""
    limit: Limit = 50
    offset: Offset = 0


def _zone_or_400(name: str) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    zone = parse_zone(name)
    if zone is None:
        raise Invalid(f"unknown time zone {name!r}", field="tz")
    return zone


def _serialise(
    events: list[Event], *, viewer: Actor | None, zone: zoneinfo.ZoneInfo | None
) -> list[EventOut]:
    at = now()
    organised = queries.organised_ids(
        viewer=viewer, events=[(event.pk, event.series_id) for event in events]
    )
    out = []
    for event in events:
        registration = queries.viewer_registration(event=event, viewer=viewer)
        shown = queries.link_visible(
            event=event,
            viewer=viewer,
            registration=registration,
            organiser=event.pk in organised,
            at=at,
        )
        out.append(
            EventOut(
                id=event.pk,
                url=reverse("events:detail", args=[event.pk]),
                title=event.title,
                edition_label=event.edition_label,
                series_id=event.series_id,
                kind=event.kind,
                status=event.status,
                status_reason=event.status_reason,
                format=event.format,
                place=event.place,
                description=event.description,
                all_day=event.is_all_day,
                starts_at=iso_z(event.starts_at),
                ends_at=iso_z(event.ends_at),
                start_date=event.start_date.isoformat() if event.start_date else None,
                end_date=event.end_date.isoformat() if event.end_date else None,
                timezone=event.timezone,
                local_start=api_list.local_instant(event.starts_at, zone),
                local_end=api_list.local_instant(event.ends_at, zone),
                languages=[lang.code for lang in event.language_list],  # type: ignore[attr-defined]
                interpretation_languages=[lang.code for lang in event.interpretation_list],  # type: ignore[attr-defined]
                organisers=[org.slug for org in event.organiser_list],  # type: ignore[attr-defined]
                recording_policy=event.recording_policy,
                call_link_release=iso_z(event.link_release_at) if event.call_link else None,
                call_link=event.call_link if shown else None,
                registration=RegistrationInfoOut(
                    opens_at=iso_z(event.registration_opens_at),
                    closes_at=iso_z(event.registration_closes_at),
                    capacity=event.capacity,
                    state=services.registration_state(event, at),
                    viewer_status=registration.status if registration else None,
                ),
            )
        )
    return out


@router.get(
    "/events",
    response={200: PageOut[EventOut], 400: ErrorOut},
    auth=reader_auth,
    summary="Events (upcoming by default)",
)
def events_list(request: HttpRequest, filters: Query[EventFiltersIn]) -> HttpResponse:
    for name in ("region", "language", "kind", "when", "tz"):
        if "\x00" in getattr(filters, name):
            # PostgreSQL refuses NUL in text: answer 400, not a database error.
            raise Invalid(f"{name} must not contain NUL", field=name)
    zone = _zone_or_400(filters.tz)
    if filters.when not in queries.WHEN_CHOICES:
        raise Invalid("when must be upcoming, past or all", field="when")
    if filters.kind and filters.kind not in Kind.values:
        raise Invalid(f"unknown kind {filters.kind!r}", field="kind")
    if filters.region and not Region.objects.filter(slug=filters.region).exists():
        raise Invalid(f"unknown region {filters.region!r}", field="region")
    if filters.language and not Language.objects.filter(code=filters.language).exists():
        raise Invalid(f"unknown language {filters.language!r}", field="language")
    limit, offset = filters.limit, filters.offset
    check_page(limit=limit, offset=offset)
    # Built as JSON text from the cached public part (see events/api_list.py), not as
    # EventOut objects: the same body, without validating what the query made.
    page = api_list.public_page(
        filters=queries.EventFilters(
            when=filters.when,
            q=filters.q,
            region=filters.region,
            language=filters.language,
            kind=filters.kind,
        ),
        limit=limit,
        offset=offset,
        zone=zone,
    )
    next_url = next_page_url(request, count=page.count, limit=limit, offset=offset)
    text = api_list.page_json(page, viewer=request.user, next_url=next_url)
    return HttpResponse(text, content_type="application/json; charset=utf-8")


def _event_or_404(pk: int, viewer: Actor | None) -> Event:
    try:
        return queries.event_get(pk=pk, viewer=viewer)
    except Event.DoesNotExist as exc:
        raise NotFound("No such event.") from exc


@router.get(
    "/events/{event_id}",
    response={200: EventOut, 400: ErrorOut, 404: ErrorOut},
    auth=reader_auth,
    summary="One event",
)
def event_detail(request: HttpRequest, event_id: int, tz: Zone = "") -> EventOut:
    zone = _zone_or_400(tz)
    event = _event_or_404(event_id, request.user)
    out = _serialise([event], viewer=request.user, zone=zone)[0]
    out.resources = resources_out(request, queries.resources_for(event=event))
    return out


def resource_out(request: HttpRequest, resource: Resource) -> ResourceOut:
    url = (
        request.build_absolute_uri(reverse("events:resource_file", args=[resource.pk]))
        if resource.file
        else resource.url
    )
    return ResourceOut(
        id=resource.pk,
        kind=resource.kind,
        title=resource.title,
        languages=[language.code for language in resource.languages.all()],
        date=resource.published_on.isoformat() if resource.published_on else None,
        url=url,
        file=bool(resource.file),
    )


def resources_out(request: HttpRequest, groups: list[queries.ResourceGroup]) -> list[ResourceOut]:
    """Each resource with its translations nested."""
    out = []
    for group in groups:
        item = resource_out(request, group.original)
        item.translations = [resource_out(request, t) for t in group.translations]
        out.append(item)
    return out


@router.get(
    "/events/{event_id}/link",
    response={200: LinkOut, 403: ErrorOut, 404: ErrorOut},
    auth=reader_auth,
    summary="The call link, when the reader may see it",
)
def event_link(request: HttpRequest, event_id: int) -> LinkOut:
    event = _event_or_404(event_id, request.user)
    link = queries.visible_link(event=event, viewer=request.user)
    if link is None and event.call_link:
        release = iso_z(event.link_release_at)
        raise NotAllowed(f"The link is not shown to you (release: {release}).")
    return LinkOut(
        event_id=event.pk,
        call_link=link,
        call_link_release=iso_z(event.link_release_at) if event.call_link else None,
        audience=event.link_audience,
    )


@router.get(
    "/series/{series_id}",
    response={200: SeriesOut, 400: ErrorOut, 404: ErrorOut},
    auth=reader_auth,
    summary="A series and its editions",
)
def series_detail(request: HttpRequest, series_id: int, tz: Zone = "") -> SeriesOut:
    zone = _zone_or_400(tz)
    try:
        series = queries.series_get(pk=series_id)
    except Series.DoesNotExist as exc:
        raise NotFound("No such series.") from exc
    editions = queries.series_editions(series=series, viewer=request.user)
    return SeriesOut(
        id=series.pk,
        title=series.title,
        kind=series.kind,
        description=series.description,
        editions=_serialise(editions, viewer=request.user, zone=zone),
        resources=resources_out(request, queries.resources_for(series=series)),
    )


@router.post(
    "/events/{event_id}/registration",
    response={200: RegistrationOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=person_auth,
    summary="Register (or join the waiting list)",
)
def register(request: HttpRequest, event_id: int) -> RegistrationOut:
    event = _event_or_404(event_id, request.user)
    registration = services.registration_register(actor=request.user, event=event)
    return RegistrationOut(event_id=event.pk, status=registration.status)


@router.delete(
    "/events/{event_id}/registration",
    response={200: RegistrationOut, 401: ErrorOut, 404: ErrorOut},
    auth=person_auth,
    summary="Cancel my registration",
)
def cancel(request: HttpRequest, event_id: int) -> RegistrationOut:
    registration = (
        Registration.objects.select_related("event")
        .filter(event_id=event_id, user_id=int(request.user.pk or 0))
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        raise NotFound("You are not registered for this event.")
    services.registration_cancel(actor=request.user, registration=registration)
    return RegistrationOut(event_id=event_id, status=RegistrationStatus.CANCELLED)


class PlanIn(Schema):
    """`day` and at least one of `regions` and `zones` are required."""

    day: dt.date = Field(description=f"{FIRST_DAY} to {LAST_DAY}")
    zones: str = Field("", description="IANA zone names, comma-separated (or give regions)")
    regions: str = Field("", description="region slugs, comma-separated (or give zones)")
    editions: int = Field(3, ge=1, le=4)
    length_minutes: int = Field(60, ge=15, le=600)
    earliest: int = Field(8, ge=0, le=23, description="the earliest local hour (< latest)")
    latest: int = Field(22, ge=1, le=24, description="the latest local hour (> earliest)")


@router.get(
    "/planner",
    response={200: PlanOut, 400: ErrorOut},
    auth=reader_auth,
    summary="Best edition times on a day for target regions or zones",
    description="Requires `day` and at least one of `regions` and `zones` (400 naming "
    "`zones` when neither is given).",
)
def planner(request: HttpRequest, params: Query[PlanIn]) -> PlanOut:
    if "\x00" in params.regions or "\x00" in params.zones:
        raise Invalid("regions and zones must not contain NUL", field="zones")
    targets: list[Target] = []
    for slug in [s.strip() for s in params.regions.split(",") if s.strip()]:
        region = Region.objects.prefetch_related("countries").filter(slug=slug).first()
        if region is None:
            raise Invalid(f"unknown region {slug!r}", field="regions")
        codes = [country.code for country in region.countries.all()]
        targets.append(region_target(region.short_name or region.name, codes))
    for name in [n.strip() for n in params.zones.split(",") if n.strip()]:
        named = parse_zone(name)
        if named is None:
            raise Invalid(f"unknown time zone {name!r}", field="zones")
        targets.append(Target(label=named.key, zones=((named, 1.0),)))
    if not targets:
        raise Invalid("give regions or zones", field="zones")
    if not 0 <= params.earliest < params.latest <= 24:
        raise Invalid("hours: 0 <= earliest < latest <= 24", field="earliest")
    if not FIRST_DAY <= params.day <= LAST_DAY:
        raise Invalid(f"day: {FIRST_DAY} to {LAST_DAY}", field="day")
    if not 15 <= params.length_minutes <= 600:
        raise Invalid("length_minutes: 15 to 600", field="length_minutes")
    try:
        result = plan(
            day=params.day,
            targets=targets,
            editions=params.editions,
            length=dt.timedelta(minutes=params.length_minutes),
            earliest=params.earliest,
            latest=params.latest,
        )
    except ValueError as exc:
        raise Invalid(str(exc), field="editions") from exc
    return PlanOut(
        day=params.day.isoformat(),
        coverage=round(result.coverage, 4),
        slots=[
            SlotOut(
                start=iso_z(slot.start) or "",
                score=round(slot.score, 4),
                gain=round(slot.gain, 4),
                reached=list(slot.reached),
            )
            for slot in result.slots
        ],
    )
