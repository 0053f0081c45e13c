"""Reads for events, with the joins the pages need and visibility applied.

`is_organiser(actor, event)` and `events_upcoming(viewer=)` are what other apps (Q&A) use.
Whoever reads or acts is an `Actor` (a person or an anonymous visitor); `None` where no
one in particular reads (feeds, lists shown the same to all).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from convene.core.actors import signed_in
from convene.core.clock import now
from convene.core.generations import LOCAL_TTL_S, generation
from convene.core.types import Actor
from convene.directory.models import Kind as OrganisationKind
from convene.directory.models import (
    Language,
    Membership,
    Organisation,
    Region,
    StageChange,
)
from convene.directory.queries import (
    directory_version,
    organisation_can_edit,
    organisation_for_action,
)
from convene.events.event_parts import event_parts_attach
from convene.events.models import (
    Comment,
    Event,
    PersonSettings,
    Registration,
    RegistrationStatus,
    Resource,
    Series,
)
from convene.events.rules import link_shown

ORGANISING_ROLES = ("coordinator", "board", "contact")
# "Upcoming" includes events going on now that started at most this long ago: the bound
# lets the database walk the start-time index instead of sorting every future event.
ONGOING_WINDOW = dt.timedelta(days=62)
WHEN_CHOICES = ("upcoming", "past", "all")


def can_organise(actor: Actor | None) -> bool:
    """Staff, and coordinators (board members, contacts) of any organisation."""
    if not signed_in(actor):
        return False
    if actor.is_staff:
        return True
    return Membership.objects.filter(user=actor, role__in=ORGANISING_ROLES).exists()


def is_series_organiser(actor: Actor | None, series: Series) -> bool:
    """Staff and the series' organisers (anonymous: never)."""
    if not signed_in(actor):
        return False
    if actor.is_staff:
        return True
    return series.organisers_people.filter(pk=actor.pk).exists()


@overload
def is_organiser(actor: Actor | None, event: Event) -> bool: ...


@overload
def is_organiser(*, user: Actor | None, event: Event) -> bool: ...


def is_organiser(
    actor: Actor | None = None, event: Event | None = None, *, user: Actor | None = None
) -> bool:
    """Whether `actor` organises `event`: staff, its organisers, its series' organisers
    (anonymous: never). `user=` is the former name of `actor`, kept for callers in other
    apps until they move."""
    if actor is None:
        actor = user
    if event is None:
        raise TypeError("is_organiser() needs an event")
    if not signed_in(actor):
        return False
    if actor.is_staff:
        return True
    cached = getattr(event, "_organiser_ids", None)
    if cached is not None:
        return bool(actor.pk in cached)
    if event.organisers_people.filter(pk=actor.pk).exists():
        return True
    return event.series_id is not None and bool(
        Series.organisers_people.through.objects.filter(
            series_id=event.series_id, user_id=actor.pk
        ).exists()
    )


def viewer_registration(*, event: Event, viewer: Actor | None) -> Registration | None:
    if not signed_in(viewer):
        return None
    prefetched = getattr(event, "viewer_registrations", None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return Registration.objects.filter(event=event, user=viewer).first()


def link_visible(
    *,
    event: Event,
    viewer: Actor | None,
    registration: Registration | None,
    organiser: bool,
    at: dt.datetime | None = None,
) -> bool:
    """The call link is shown to organisers always; to its audience (everyone, or
    confirmed registrants) from its release time on; never for a cancelled event."""
    return link_shown(
        call_link=event.call_link,
        status=event.status,
        release_at=event.link_release_at,
        audience=event.link_audience,
        organiser=organiser,
        confirmed=registration is not None and registration.status == RegistrationStatus.CONFIRMED,
        at=at or now(),
    )


def visible_link(
    *, event: Event, viewer: Actor | None, at: dt.datetime | None = None
) -> str | None:
    registration = viewer_registration(event=event, viewer=viewer)
    organiser = is_organiser(viewer, event)
    shown = link_visible(
        event=event, viewer=viewer, registration=registration, organiser=organiser, at=at
    )
    return event.call_link if shown else None


@dataclass(frozen=True)
class EventFilters:
    when: str = "upcoming"
    q: str = ""
    region: str = ""  # Region slug
    language: str = ""  # Language code
    kind: str = ""
    topic: str = ""  # Organisation slug (hub or other organisation the event is about)
    format: str = ""
    organiser: str = ""  # Organisation slug
    series: int | None = None


@dataclass(frozen=True)
class FilterChoices:
    """What the list's filters offer, as (value, label) pairs."""

    regions: tuple[tuple[str, str], ...]
    languages: tuple[tuple[str, str], ...]
    organisers: tuple[tuple[str, str], ...]
    topics: tuple[tuple[str, str], ...]
    # The cache key they were read under: what is made from them is cached under it too.
    key: str = ""


def filter_choices() -> FilterChoices:
    """The regions, the languages events are held in, and the active organisations that
    organise or are the topic of some event. Cached under the events' generation (which
    their services bump) and the directory's version (its last recorded change), so a
    change shows at once."""
    key = f"events:filter-choices:{generation('events')}:{directory_version()}"
    cached = cache.get(key)
    if cached is None:
        cached = _filter_choices(key)
        cache.set(key, cached, LOCAL_TTL_S)
    return cached  # type: ignore[no-any-return]


def _filter_choices(key: str) -> FilterChoices:
    used = Event.languages.through.objects.filter(language_id=OuterRef("code"))
    # Only organisations that organise, or are the topic of, some event: a directory of
    # thousands would make every list page heavy for a slow connection.
    organising = Event.organisers.through.objects.filter(organisation_id=OuterRef("pk"))
    about = Event.hubs.through.objects.filter(organisation_id=OuterRef("pk"))
    active = Organisation.objects.filter(status="active").order_by("name")
    return FilterChoices(
        regions=tuple(Region.objects.order_by("name").values_list("slug", "name")),
        languages=tuple(
            Language.objects.filter(Exists(used)).order_by("name").values_list("code", "name")
        ),
        organisers=tuple(active.filter(Exists(organising)).values_list("slug", "name")),
        topics=tuple(active.filter(Exists(about)).values_list("slug", "name")),
        key=key,
    )


def _through_exists(field: str, **lookup: Any) -> Exists:
    through = getattr(Event, field).through
    return Exists(through.objects.filter(event_id=OuterRef("pk"), **lookup))


def events_list(*, viewer: Actor | None, filters: EventFilters | None = None) -> QuerySet[Event]:
    """Events matching `filters`, upcoming soonest first or past latest first, with their
    series, languages and organisers prefetched (and the viewer's registration)."""
    return with_related(events_filtered(filters=filters), viewer=viewer)


def events_filtered(*, filters: EventFilters | None = None) -> QuerySet[Event]:
    """Events matching `filters`, in list order, with nothing prefetched (feeds)."""
    f = filters or EventFilters()
    rows = Event.objects.select_related("series")
    at = now()
    if f.when == "upcoming":
        rows = rows.filter(sort_end__gt=at, sort_start__gte=at - ONGOING_WINDOW)
        rows = rows.order_by("sort_start", "id")
    elif f.when == "past":
        rows = rows.filter(sort_end__lte=at, sort_start__lte=at).order_by("-sort_start", "-id")
    else:
        rows = rows.order_by("sort_start", "id")
    if f.q:
        rows = rows.filter(
            Q(title__icontains=f.q)
            | Q(description__icontains=f.q)
            | Q(edition_label__icontains=f.q)
        )
    if f.region:
        rows = rows.filter(_through_exists("regions", region__slug=f.region))
    if f.language:
        rows = rows.filter(
            _through_exists("languages", language_id=f.language)
            | _through_exists("interpretation_languages", language_id=f.language)
        )
    if f.kind:
        rows = rows.filter(kind=f.kind)
    if f.format:
        rows = rows.filter(format=f.format)
    if f.topic:
        rows = rows.filter(_through_exists("hubs", organisation__slug=f.topic))
    if f.organiser:
        rows = rows.filter(_through_exists("organisers", organisation__slug=f.organiser))
    if f.series is not None:
        rows = rows.filter(series_id=f.series)
    return rows


# What a card of a list (events/cards.py) shows: the rows read nothing else.
CARD_FIELDS = (
    "id", "title", "edition_label", "kind", "format", "status", "starts_at", "ends_at",
    "start_date", "end_date", "sort_start", "sort_end", "series_id", "series__id",
    "series__title",
)  # fmt: skip


def events_cards(*, viewer: Actor | None, filters: EventFilters | None = None) -> QuerySet[Event]:
    """Like `events_list`, with only what a card shows: its columns, its languages and
    organisers (as `language_list`, `organiser_list`), the viewer's registration."""
    rows = events_filtered(filters=filters).only(*CARD_FIELDS)
    rows = rows.prefetch_related(
        Prefetch("languages", Language.objects.only("code", "name"), to_attr="language_list"),
        Prefetch("organisers", Organisation.objects.only("id", "name"), to_attr="organiser_list"),
    )
    return _with_registration(rows, viewer=viewer)


def with_related(rows: QuerySet[Event], *, viewer: Actor | None) -> QuerySet[Event]:
    # As lists (`language_list`, `interpretation_list`, `organiser_list`): a page reads
    # them for every event, and each `event.languages.all` would make a manager.
    rows = rows.prefetch_related(
        Prefetch("languages", to_attr="language_list"),
        Prefetch("interpretation_languages", to_attr="interpretation_list"),
        Prefetch("organisers", to_attr="organiser_list"),
    )
    return _with_registration(rows, viewer=viewer)


def _with_registration(rows: QuerySet[Event], *, viewer: Actor | None) -> QuerySet[Event]:
    if signed_in(viewer):
        rows = rows.prefetch_related(
            Prefetch(
                "registrations",
                queryset=Registration.objects.filter(user=viewer).exclude(
                    status=RegistrationStatus.CANCELLED
                ),
                to_attr="viewer_registrations",
            )
        )
    return rows


def events_recent_with_notes(*, viewer: Actor | None, limit: int = 4) -> QuerySet[Event]:
    """Past events with a record to read, latest first: answered questions or imported
    notes. (The lookups name the qa and notes apps' reverse relations on Event, without
    importing those apps, which sit above events.)"""
    answered = Event.objects.filter(questions__answers__isnull=False).values("pk")
    noted = Event.objects.filter(note_imports__isnull=False).values("pk")
    rows = events_cards(viewer=viewer, filters=EventFilters(when="past"))
    return rows.filter(Q(pk__in=answered) | Q(pk__in=noted))[:limit]


def events_upcoming(*, viewer: Actor | None, limit: int | None = None) -> QuerySet[Event]:
    rows = events_cards(viewer=viewer, filters=EventFilters(when="upcoming"))
    return rows[:limit] if limit else rows


def event_get(*, pk: int, viewer: Actor | None) -> Event:
    """One event with everything its page shows; raises Event.DoesNotExist.

    Its related rows (`language_list`, `interpretation_list`, `organiser_list`,
    `hub_list`, `region_list`) are cached under the event's last change (its services
    save it, and so its `updated_at`, whenever they change what it relates to) and the
    directory's version (names of organisations, languages, regions' countries): two
    queries on a visit after the first, rather than seven."""
    rows = Event.objects.select_related("series").filter(pk=pk)
    event = _with_registration(rows, viewer=viewer).get()
    event_parts_attach(event, version=directory_version())
    if not signed_in(viewer) or viewer.is_staff:
        # is_organiser answers them without the organisers (and asks for anyone else).
        return event
    organiser_ids = set(event.organisers_people.values_list("pk", flat=True))
    if event.series_id is not None:
        organiser_ids |= set(
            Series.organisers_people.through.objects.filter(series_id=event.series_id).values_list(
                "user_id", flat=True
            )
        )
    event._organiser_ids = organiser_ids  # type: ignore[attr-defined]
    return event


def series_get(*, pk: int) -> Series:
    return Series.objects.prefetch_related("organisers").get(pk=pk)


def series_editions(*, series: Series, viewer: Actor | None) -> list[Event]:
    rows = Event.objects.filter(series=series).select_related("series")
    rows = rows.prefetch_related("regions", "regions__countries").order_by("sort_start", "id")
    return list(with_related(rows, viewer=viewer))


def registrants(*, event: Event) -> QuerySet[Registration]:
    """Everyone registered or waiting (not cancelled), in queue order."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user", "user__profile")
        .order_by("status", "queued_at", "id")
    )


def registration_counts(*, event: Event) -> dict[str, int]:
    counts = {s.value: 0 for s in RegistrationStatus}
    for status in Registration.objects.filter(event=event).values_list("status", flat=True):
        counts[status] += 1
    return counts


def person_registrations(*, user: Actor) -> QuerySet[Registration]:
    """The person's registrations that stand, soonest event first (anonymous: none)."""
    if not signed_in(user):
        return Registration.objects.none()
    return (
        Registration.objects.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event", "event__series")
        .order_by("event__sort_start")
    )


def person_feed_events(*, token: str) -> tuple[User, list[Event]] | None:
    """The person owning feed `token` and the events they registered for, or None."""
    row = PersonSettings.objects.select_related("user").filter(feed_token=token).first()
    if row is None or not row.user.is_active:
        return None
    rows = Event.objects.filter(
        registrations__user=row.user,
        registrations__status=RegistrationStatus.CONFIRMED,
    ).select_related("series")
    rows = rows.prefetch_related(
        Prefetch(
            "registrations",
            queryset=Registration.objects.filter(user=row.user),
            to_attr="viewer_registrations",
        )
    )
    return row.user, list(rows.order_by("sort_start")[:1000])


def comments_for(*, event: Event, viewer: Actor | None, moderator: bool) -> list[Comment]:
    """The comments in thread order (each reply after its parent) with `.depth` set.
    A hidden comment keeps its place (so its replies stay readable) but, for readers who
    are not moderators, its text is removed."""
    rows = Comment.objects.filter(event=event).select_related("author", "author__profile")
    if moderator:
        rows = rows.annotate(report_count=Count("reports"))
    items = list(rows.order_by("created_at", "id"))
    children: dict[int | None, list[Comment]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    ordered: list[Comment] = []

    def walk(parent: int | None, depth: int) -> None:
        for item in children.get(parent, []):
            item.depth = min(depth, 4)  # type: ignore[attr-defined]
            ordered.append(item)
            walk(item.pk, depth + 1)

    walk(None, 0)
    if not moderator:
        for item in ordered:
            if item.hidden:
                item.body = ""
    return ordered


def events_between(
    *,
    viewer: Actor | None,
    start: dt.datetime,
    end: dt.datetime,
    filters: EventFilters | None = None,
) -> QuerySet[Event]:
    """Events overlapping [start, end), soonest first (month view), with no prefetching:
    the month grid shows titles and times only."""
    rows = events_filtered(filters=filters or EventFilters(when="all"))
    rows = rows.filter(
        sort_start__lt=end, sort_end__gt=start, sort_start__gte=start - ONGOING_WINDOW
    )
    return rows.order_by("sort_start", "id")


def organised_ids(*, viewer: Actor | None, events: Sequence[tuple[int, int | None]]) -> set[int]:
    """Which of `events` ((id, series id) pairs) the viewer organises (two queries,
    whatever the number)."""
    if not signed_in(viewer) or not events:
        return set()
    ids = {pk for pk, _series in events}
    if viewer.is_staff:
        return ids
    found = set(
        Event.organisers_people.through.objects.filter(
            user_id=viewer.pk, event_id__in=ids
        ).values_list("event_id", flat=True)
    )
    series_ids = {series for _pk, series in events if series is not None}
    if series_ids:
        mine = set(
            Series.organisers_people.through.objects.filter(
                user_id=viewer.pk, series_id__in=series_ids
            ).values_list("series_id", flat=True)
        )
        found |= {pk for pk, series in events if series in mine}
    return found


@dataclass(frozen=True)
class ResourceGroup:
    """One resource and its translations, listed together."""

    original: Resource
    translations: list[Resource]

    @property
    def versions(self) -> list[Resource]:
        return [self.original, *self.translations]


def _grouped(resources: list[Resource]) -> list[ResourceGroup]:
    translations: dict[int, list[Resource]] = {}
    for resource in resources:
        if resource.translation_of_id is not None:
            translations.setdefault(resource.translation_of_id, []).append(resource)
    return [
        ResourceGroup(original=r, translations=translations.get(r.pk, []))
        for r in resources
        if r.translation_of_id is None
    ]


def _resource_rows(condition: Q) -> list[Resource]:
    rows = Resource.objects.filter(condition).prefetch_related("languages")
    return list(rows.order_by(F("published_on").asc(nulls_last=True), "id"))


def resources_for(
    *,
    event: Event | None = None,
    series: Series | None = None,
    hub: Organisation | None = None,
    stage_change: StageChange | None = None,
) -> list[ResourceGroup]:
    """The resources of an event, a series, a hub or a timeline entry (a hub's stage
    change), each with its translations, by date (undated ones last). Two queries."""
    owners = {"event": event, "series": series, "hub": hub, "stage_change": stage_change}
    given = {field: owner for field, owner in owners.items() if owner is not None}
    if len(given) != 1:
        return []
    return _grouped(_resource_rows(Q(**given)))


def resources_for_stage_changes(ids: Sequence[int]) -> dict[int, list[ResourceGroup]]:
    """The resources of each of these timeline entries (stage changes), grouped as
    `resources_for` does; entries without any are left out. Two queries for any number."""
    by_entry: dict[int, list[Resource]] = {}
    for resource in _resource_rows(Q(stage_change_id__in=list(ids))) if ids else []:
        assert resource.stage_change_id is not None
        by_entry.setdefault(resource.stage_change_id, []).append(resource)
    return {entry: _grouped(rows) for entry, rows in by_entry.items()}


@dataclass(frozen=True)
class HubResources:
    """What a hub's page lists: its own resources and those of its timeline entries."""

    own: list[ResourceGroup]
    entries: list[tuple[StageChange, list[ResourceGroup]]]


def resources_of_hub(*, hub: Organisation, with_empty_entries: bool = False) -> HubResources:
    """A hub's resources and its stage changes' (those with resources, or every stage
    change when `with_empty_entries`, for the people who may add some). Three queries."""
    rows = _resource_rows(Q(hub=hub) | Q(stage_change__organisation=hub))
    own = [r for r in rows if r.hub_id == hub.pk]
    by_entry: dict[int, list[Resource]] = {}
    for resource in rows:
        if resource.stage_change_id is not None:
            by_entry.setdefault(resource.stage_change_id, []).append(resource)
    changes = StageChange.objects.filter(organisation=hub).order_by("changed_on", "id")
    if not with_empty_entries:
        changes = changes.filter(pk__in=list(by_entry))
    entries = (
        [(change, _grouped(by_entry.get(change.pk, []))) for change in changes]
        if by_entry or with_empty_entries
        else []
    )
    return HubResources(own=_grouped(own), entries=entries)


def hub_for_resources(*, viewer: Actor, slug: str) -> Organisation | None:
    """A hub the viewer may see, by its address, to list or add resources."""
    hub = organisation_for_action(viewer=viewer, slug=slug)
    return hub if hub is not None and hub.kind == OrganisationKind.HUB else None


def timeline_entry_for_resources(*, viewer: Actor, pk: int) -> StageChange | None:
    """A timeline entry (stage change) of an organisation the viewer may see."""
    change = StageChange.objects.select_related("organisation").filter(pk=pk).first()
    if change is None:
        return None
    visible = organisation_for_action(viewer=viewer, slug=change.organisation.slug)
    return change if visible is not None else None


def may_change_resources(
    actor: Actor | None,
    *,
    event: Event | None = None,
    series: Series | None = None,
    hub: Organisation | None = None,
    stage_change: StageChange | None = None,
) -> bool:
    """Who adds and removes resources: an event's or a series' organisers; a hub's
    coordinators (and staff); for a timeline entry, whoever may edit its hub."""
    if event is not None:
        return is_organiser(actor, event)
    if series is not None:
        return is_series_organiser(actor, series)
    organisation = hub if hub is not None else stage_change.organisation if stage_change else None
    if organisation is None or actor is None:
        return False
    return organisation_can_edit(viewer=actor, organisation=organisation)


def may_change_resource(actor: Actor | None, resource: Resource) -> bool:
    """Whoever may add a resource where `resource` is may change or remove it."""
    return may_change_resources(
        actor,
        event=resource.event,
        series=resource.series,
        hub=resource.hub,
        stage_change=resource.stage_change,
    )
