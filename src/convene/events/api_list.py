"""The events API's list (GET /api/events), cached: a page's items are the same for every
reader until an event changes (the events' generation, which its services bump), the
directory does (organisers' slugs, language codes: its version) or the minute does (what
is upcoming). What differs per reader and instant is put in afterwards: the reader's
registration status and the call link (organisers always; its audience from its release
on), and the registration state (open, closed) at this very second.

The items are kept as JSON text, written as ninja writes `EventOut` (`json.dumps` with its
default separators) without building and validating a schema object per event."""

import datetime as dt
import json
import zoneinfo
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse

from convene.core.clock import now
from convene.core.formatting import iso_z
from convene.core.fragments import cached_value
from convene.core.generations import generation
from convene.core.types import Actor
from convene.directory.models import Language, Organisation
from convene.directory.queries import directory_version
from convene.events import queries
from convene.events.listing import viewer_registrations_by_event
from convene.events.models import Event, RegistrationStatus
from convene.events.rules import link_shown, registration_state_at

# The columns an item shows or decides with.
FIELDS = (
    "id", "title", "edition_label", "series_id", "kind", "status", "status_reason", "format",
    "place", "description", "starts_at", "ends_at", "start_date", "end_date", "timezone",
    "recording_policy", "call_link", "link_release_at", "link_audience",
    "registration_opens_at", "registration_closes_at", "capacity", "sort_end",
)  # fmt: skip


@dataclass(frozen=True)
class Item:
    """One event of a page: its JSON text around what depends on the reader and the
    instant, and the fields those are decided from."""

    head: str  # `{"id": ..., "call_link_release": ..., "call_link": `
    registration: str  # `, "registration": {"opens_at": ..., "capacity": ..., "state": `
    pk: int
    series_id: int | None
    call_link: str
    status: str
    release_at: dt.datetime | None
    audience: str
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    sort_end: dt.datetime


@dataclass(frozen=True)
class PublicPage:
    count: int
    items: tuple[Item, ...]


def local_instant(instant: dt.datetime | None, zone: zoneinfo.ZoneInfo | None) -> str | None:
    """`instant` in `zone`, to the second, as ISO 8601 with its offset (None without one)."""
    if instant is None or zone is None:
        return None
    return instant.astimezone(zone).replace(microsecond=0).isoformat()


def _item(event: Event, zone: zoneinfo.ZoneInfo | None) -> Item:
    # The keys in EventOut's order, as its fields are declared.
    public = {
        "id": event.pk,
        "url": reverse("events:detail", args=[event.pk]),
        "title": event.title,
        "edition_label": event.edition_label,
        "series_id": event.series_id,
        "kind": event.kind,
        "status": event.status,
        "status_reason": event.status_reason,
        "format": event.format,
        "place": event.place,
        "description": event.description,
        "all_day": event.is_all_day,
        "starts_at": iso_z(event.starts_at),
        "ends_at": iso_z(event.ends_at),
        "start_date": event.start_date.isoformat() if event.start_date else None,
        "end_date": event.end_date.isoformat() if event.end_date else None,
        "timezone": event.timezone,
        "local_start": local_instant(event.starts_at, zone),
        "local_end": local_instant(event.ends_at, zone),
        "languages": [language.code for language in event.language_list],  # type: ignore[attr-defined]
        "interpretation_languages": [language.code for language in event.interpretation_list],  # type: ignore[attr-defined]
        "organisers": [organisation.slug for organisation in event.organiser_list],  # type: ignore[attr-defined]
        "recording_policy": event.recording_policy,
        "call_link_release": iso_z(event.link_release_at) if event.call_link else None,
    }
    registration = {
        "opens_at": iso_z(event.registration_opens_at),
        "closes_at": iso_z(event.registration_closes_at),
        "capacity": event.capacity,
    }
    return Item(
        head=json.dumps(public)[:-1] + ', "call_link": ',
        registration=', "registration": ' + json.dumps(registration)[:-1] + ', "state": ',
        pk=event.pk,
        series_id=event.series_id,
        call_link=event.call_link,
        status=event.status,
        release_at=event.link_release_at,
        audience=event.link_audience,
        opens_at=event.registration_opens_at,
        closes_at=event.registration_closes_at,
        sort_end=event.sort_end,
    )


def public_page(
    *, filters: queries.EventFilters, limit: int, offset: int, zone: zoneinfo.ZoneInfo | None
) -> PublicPage:
    """The count of the events matching `filters` and the items of the page, cached (see
    the module's docstring)."""

    def build() -> PublicPage:
        only_code = Language.objects.only("code")
        rows = (
            queries.events_filtered(filters=filters)
            .select_related(None)
            .only(*FIELDS)
            .prefetch_related(
                Prefetch("languages", only_code, to_attr="language_list"),
                Prefetch("interpretation_languages", only_code, to_attr="interpretation_list"),
                Prefetch(
                    "organisers",
                    Organisation.objects.only("id", "slug"),
                    to_attr="organiser_list",
                ),
            )
        )
        count = rows.count()
        page = rows[offset : offset + limit] if count > offset else []
        return PublicPage(count=count, items=tuple(_item(event, zone) for event in page))

    minute = now().replace(second=0, microsecond=0)
    versions = f"{generation('events')}:{directory_version()}"
    parts = [filters, limit, offset, zone.key if zone else "", minute, versions]
    return cached_value("events-api-list", parts, build)


def page_json(page: PublicPage, *, viewer: Actor | None, next_url: str | None) -> str:
    """The page as ninja writes `PageOut[EventOut]`, with the reader's registration status
    and call links and the registration states now (one query for the reader's
    registrations, one or two for the events they organise; none when anonymous)."""
    at = now()
    items = page.items
    registrations = viewer_registrations_by_event(viewer=viewer, event_ids=[i.pk for i in items])
    with_link = [(item.pk, item.series_id) for item in items if item.call_link]
    organised = queries.organised_ids(viewer=viewer, events=with_link)
    dumps = json.dumps
    texts = []
    for item in items:
        registration = registrations.get(item.pk)
        status = registration.status if registration is not None else None
        shown = link_shown(
            call_link=item.call_link,
            status=item.status,
            release_at=item.release_at,
            audience=item.audience,
            organiser=item.pk in organised,
            confirmed=status == RegistrationStatus.CONFIRMED,
            at=at,
        )
        state = registration_state_at(
            status=item.status,
            opens_at=item.opens_at,
            closes_at=item.closes_at,
            sort_end=item.sort_end,
            at=at,
        )
        texts.append(
            f"{item.head}{dumps(item.call_link if shown else None)}{item.registration}"
            f'{dumps(state)}, "viewer_status": {dumps(status)}}}, "resources": []}}'
        )
    return f'{{"count": {page.count}, "next": {dumps(next_url)}, "items": [{", ".join(texts)}]}}'
