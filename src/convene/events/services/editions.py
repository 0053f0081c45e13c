"""Events and series: create, edit, change status, add a series' editions.

Registrants are told of a new time or status through `notify`; a larger capacity
fills seats from the waiting list (`registration`).
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from convene.core.clock import now
from convene.core.errors import Invalid, NotAllowed
from convene.core.generations import bump
from convene.core.timezones import UTC, parse_zone
from convene.core.types import Actor
from convene.directory.models import Language, Organisation, Region
from convene.events.models import (
    DEFAULT_LINK_LEAD,
    DEFAULT_REMINDERS,
    Audience,
    Event,
    Format,
    Kind,
    Series,
    Status,
)
from convene.events.queries import can_organise, is_organiser, is_series_organiser
from convene.events.services.common import signed_in_person
from convene.events.services.notify import registrants_notify
from convene.events.services.registration import waitlist_promote

MAX_CAPACITY = 1_000_000


@dataclass(frozen=True)
class When:
    """Either a timed event (`starts_at`, `ends_at`, aware) or a date range (inclusive)."""

    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


def _check_when(when: When) -> None:
    timed = when.starts_at is not None or when.ends_at is not None
    dated = when.start_date is not None or when.end_date is not None
    if timed == dated:
        raise Invalid(_("Give either a start and end time, or a first and last day."), field="when")
    if timed:
        if when.starts_at is None or when.ends_at is None:
            raise Invalid(_("Give both a start and an end time."), field="ends_at")
        if timezone.is_naive(when.starts_at) or timezone.is_naive(when.ends_at):
            raise Invalid(_("Times must say their time zone."), field="starts_at")
        if when.ends_at <= when.starts_at:
            raise Invalid(_("The end must be after the start."), field="ends_at")
    else:
        if when.start_date is None or when.end_date is None:
            raise Invalid(_("Give both a first and a last day."), field="end_date")
        if when.end_date < when.start_date:
            raise Invalid(_("The last day cannot be before the first day."), field="end_date")
    # Near year 1 or 9999 an instant overflows once moved to a zone or back by a reminder.
    edges = [when.starts_at, when.ends_at, when.start_date, when.end_date]
    if any(not 2 <= edge.year <= 9998 for edge in edges if edge is not None):
        raise Invalid(_("Give a year from 2 to 9998."), field="when")


def _zone(name: str) -> zoneinfo.ZoneInfo:
    zone = parse_zone(name)
    if zone is None:
        raise Invalid(
            _("“%(name)s” is not a time zone we know.") % {"name": name}, field="timezone"
        )
    return zone


def _apply_when(event: Event, when: When) -> None:
    event.starts_at, event.ends_at = when.starts_at, when.ends_at
    event.start_date, event.end_date = when.start_date, when.end_date
    if when.starts_at is not None and when.ends_at is not None:
        event.starts_at = when.starts_at.astimezone(UTC)
        event.ends_at = when.ends_at.astimezone(UTC)
        event.sort_start, event.sort_end = event.starts_at, event.ends_at
    elif when.start_date is not None and when.end_date is not None:
        event.sort_start = dt.datetime.combine(when.start_date, dt.time(0), tzinfo=UTC)
        event.sort_end = dt.datetime.combine(
            when.end_date + dt.timedelta(days=1), dt.time(0), tzinfo=UTC
        )


def event_start_instant(event: Event) -> dt.datetime:
    """The start as an instant: a date range starts at midnight in the event's zone."""
    if event.starts_at is not None:
        return event.starts_at
    assert event.start_date is not None
    zone = parse_zone(event.timezone) or UTC
    return dt.datetime.combine(event.start_date, dt.time(0), tzinfo=zone).astimezone(UTC)


def _compute_release(event: Event) -> None:
    event.link_release_at = event_start_instant(event) - event.link_lead


def _check_reminders(offsets: Iterable[int]) -> list[int]:
    out = sorted({int(o) for o in offsets}, reverse=True)
    if any(o <= 0 or o > 60 * 24 * 60 for o in out):
        raise Invalid(
            _("Reminders must be between 1 minute and 60 days before."), field="reminder_offsets"
        )
    return out


def event_create(
    *,
    actor: Actor,
    title: str,
    when: When,
    timezone_name: str = "UTC",
    kind: str = Kind.SESSION,
    description: str = "",
    format: str = Format.ONLINE,  # noqa: A002  (the model's field name)
    place: str = "",
    series: Series | None = None,
    edition_label: str = "",
    languages: Sequence[Language] = (),
    interpretation_languages: Sequence[Language] = (),
    recording_policy: str = "",
    organisers: Sequence[Organisation] = (),
    organisers_people: Sequence[User] = (),
    hubs: Sequence[Organisation] = (),
    regions: Sequence[Region] = (),
    call_link: str = "",
    link_lead: dt.timedelta = DEFAULT_LINK_LEAD,
    link_audience: str = Audience.EVERYONE,
    registration_opens_at: dt.datetime | None = None,
    registration_closes_at: dt.datetime | None = None,
    capacity: int | None = None,
    reminder_offsets: Sequence[int] | None = None,
    is_sample: bool = False,
) -> Event:
    """Create an event (or an edition of `series`). The actor becomes one of its
    organisers. Needs an organiser's rights (staff, or a coordinator of an organisation,
    or an organiser of the series)."""
    if series is not None:
        if not is_series_organiser(actor, series):
            raise NotAllowed(_("Only the organisers of this series may add editions."))
    elif not can_organise(actor):
        raise NotAllowed(_("You may not create events."))
    if not title.strip():
        raise Invalid(_("Give the event a title."), field="title")
    if kind not in Kind.values:
        raise Invalid(_("Unknown kind of event."), field="kind")
    if len(edition_label) > Event._meta.get_field("edition_label").max_length:  # type: ignore[operator]
        raise Invalid(_("The edition label is too long."), field="edition_label")
    if format not in Format.values:
        raise Invalid(_("Unknown format."), field="format")
    if link_audience not in Audience.values:
        raise Invalid(_("Unknown audience for the link."), field="link_audience")
    if capacity is not None and not 0 < capacity <= MAX_CAPACITY:
        raise Invalid(_("Capacity must be a positive number."), field="capacity")
    if link_lead < dt.timedelta(0):
        raise Invalid(_("The link cannot be shown after the start."), field="link_lead")
    _check_when(when)
    _zone(timezone_name)
    event = Event(
        title=title.strip(),
        slug=slugify(title)[:120],
        kind=kind,
        description=description,
        timezone=timezone_name,
        format=format,
        place=place,
        series=series,
        edition_label=edition_label,
        recording_policy=recording_policy,
        call_link=call_link,
        link_lead=link_lead,
        link_audience=link_audience,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
        capacity=capacity,
        reminder_offsets=_check_reminders(
            DEFAULT_REMINDERS if reminder_offsets is None else reminder_offsets
        ),
        is_sample=is_sample,
        created_by=signed_in_person(actor),
    )
    _apply_when(event, when)
    _compute_release(event)
    with transaction.atomic():
        event.save()
        event.languages.set(languages)
        event.interpretation_languages.set(interpretation_languages)
        event.organisers.set(organisers)
        people = list(organisers_people)
        person = signed_in_person(actor)
        if person is not None and person not in people:
            people.append(person)
        event.organisers_people.set(people)
        event.hubs.set(hubs)
        event.regions.set(regions)
    # The lists' cards and the month grid show it; the filters offer its languages,
    # organisers and topics.
    bump("events")
    return event


_EDITABLE = {
    "title", "kind", "description", "timezone", "format", "place", "edition_label",
    "recording_policy", "call_link", "link_lead", "link_audience", "registration_opens_at",
    "registration_closes_at", "capacity", "reminder_offsets",
}  # fmt: skip
_M2M = {"languages", "interpretation_languages", "organisers", "organisers_people", "hubs",
        "regions"}  # fmt: skip


def _set_related(event: Event, changes: dict[str, Any]) -> None:
    related = _M2M & set(changes)
    for name in related:
        getattr(event, name).set(changes[name])


def event_update(*, actor: Actor, event: Event, when: When | None = None, **changes: Any) -> Event:
    """Change an event; bumps its calendar SEQUENCE. Registrants are told when the time
    changes (by a task queued after commit: see `notify.registrants_notify`). A link whose
    release time moves later is released again on the new time."""
    if not is_organiser(actor, event):
        raise NotAllowed(_("Only the event's organisers may change it."))
    unknown = set(changes) - _EDITABLE - _M2M
    if unknown:
        raise Invalid(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))},
            field=min(unknown),
        )
    if "timezone" in changes:
        _zone(changes["timezone"])
    if "reminder_offsets" in changes:
        changes["reminder_offsets"] = _check_reminders(changes["reminder_offsets"])
    capacity = changes.get("capacity", event.capacity)
    if capacity is not None and not 0 < capacity <= MAX_CAPACITY:
        raise Invalid(_("Capacity must be a positive number."), field="capacity")
    old_start = (event.starts_at, event.start_date, event.end_date, event.ends_at)
    with transaction.atomic():
        for name, value in changes.items():
            if name in _EDITABLE:
                setattr(event, name, value)
        if when is not None:
            _check_when(when)
            _apply_when(event, when)
        old_release = event.link_release_at
        _compute_release(event)
        if event.link_release_at != old_release and (
            old_release is None or (event.link_release_at or old_release) > now()
        ):
            event.link_released_at = None
        event.sequence = F("sequence") + 1
        event.save()
        event.refresh_from_db(fields=["sequence"])
        _set_related(event, changes)
        moved = old_start != (event.starts_at, event.start_date, event.end_date, event.ends_at)
        if moved:
            registrants_notify(
                event,
                kind="moved",
                subject=gettext_noop("New time: %(title)s"),
                body=gettext_noop("%(title)s now takes place on %(when)s."),
            )
        if "capacity" in changes:
            waitlist_promote(event)
    # The lists' cards, the month grid and the filters' choices show what changed.
    bump("events")
    return event


def event_set_status(*, actor: Actor, event: Event, status: str, reason: str = "") -> Event:
    """Schedule, postpone or cancel; postponing or cancelling needs a reason, and every
    registrant is told (site notice and e-mail, by a task queued after commit)."""
    if not is_organiser(actor, event):
        raise NotAllowed(_("Only the event's organisers may change its status."))
    if status not in Status.values:
        raise Invalid(_("Unknown status."), field="status")
    if status != Status.SCHEDULED and not reason.strip():
        raise Invalid(_("Say why, so that registrants know."), field="reason")
    with transaction.atomic():
        event.status = status
        event.status_reason = reason.strip()
        event.sequence = F("sequence") + 1
        event.save(update_fields=["status", "status_reason", "sequence", "updated_at"])
        event.refresh_from_db(fields=["sequence"])
        subject = {
            Status.CANCELLED: gettext_noop("Cancelled: %(title)s"),
            Status.POSTPONED: gettext_noop("Postponed: %(title)s"),
            Status.SCHEDULED: gettext_noop("Back on the calendar: %(title)s"),
        }[Status(status)]
        registrants_notify(
            event,
            kind="status",
            subject=subject,
            body=gettext_noop("%(title)s (%(when)s): %(reason)s"),
            reason=reason,
        )
    bump("events")  # the lists' cards show the status
    return event


def series_create(
    *,
    actor: Actor,
    title: str,
    kind: str = Kind.SESSION,
    description: str = "",
    organisers: Sequence[Organisation] = (),
    languages: Sequence[Language] = (),
    interpretation_languages: Sequence[Language] = (),
    recording_policy: str = "",
    link_lead: dt.timedelta = DEFAULT_LINK_LEAD,
    link_audience: str = Audience.EVERYONE,
) -> Series:
    """Create a series; the actor becomes one of its organisers. The organisers,
    languages, interpretation, recording and link policy are what its editions inherit
    (`series_add_editions`)."""
    person = signed_in_person(actor)
    if person is None or not can_organise(person):
        raise NotAllowed(_("You may not create events."))
    if not title.strip():
        raise Invalid(_("Give the series a title."), field="title")
    if kind not in Kind.values:
        raise Invalid(_("Unknown kind of event."), field="kind")
    if link_audience not in Audience.values:
        raise Invalid(_("Unknown audience for the link."), field="link_audience")
    if link_lead < dt.timedelta(0):
        raise Invalid(_("The link cannot be shown after the start."), field="link_lead")
    with transaction.atomic():
        series = Series.objects.create(
            title=title.strip(),
            slug=slugify(title)[:120],
            kind=kind,
            description=description,
            recording_policy=recording_policy,
            link_lead=link_lead,
            link_audience=link_audience,
            created_by=person,
        )
        series.organisers.set(organisers)
        series.organisers_people.add(person)
        series.languages.set(languages)
        series.interpretation_languages.set(interpretation_languages)
    return series


def series_add_editions(
    *,
    actor: Actor,
    series: Series,
    starts: Sequence[dt.datetime],
    length: dt.timedelta,
    labels: Sequence[str] = (),
    timezone_name: str = "UTC",
    regions: Sequence[Region] | Sequence[Sequence[Region]] = (),
) -> list[Event]:
    """One edition of `series` per start instant (the planner's "create these").

    `regions` is either the regions of every edition, or one list per edition (the
    regions that edition is for). Each edition inherits the series' organisers (bodies
    and people), languages, interpretation, recording and link policy, and description."""
    if not is_series_organiser(actor, series):
        raise NotAllowed(_("Only the organisers of this series may add editions."))
    if not starts:
        raise Invalid(_("Pick at least one time."), field="starts")
    if length <= dt.timedelta(0):
        raise Invalid(_("The length must be positive."), field="length")
    per_edition = [list(r) for r in regions if not isinstance(r, Region)]
    if per_edition and len(per_edition) != len(starts):
        raise Invalid(_("Give the regions of every edition."), field="regions")
    inherited: dict[str, Any] = {
        "organisers": list(series.organisers.all()),
        "organisers_people": list(series.organisers_people.all()),
        "languages": list(series.languages.all()),
        "interpretation_languages": list(series.interpretation_languages.all()),
        "recording_policy": series.recording_policy,
        "link_lead": series.link_lead,
        "link_audience": series.link_audience,
        "description": series.description,
    }
    out = []
    with transaction.atomic():
        for index, start in enumerate(starts):
            label = labels[index] if index < len(labels) else ""
            event = event_create(
                actor=actor,
                title=series.title,
                kind=series.kind,
                when=When(starts_at=start, ends_at=start + length),
                timezone_name=timezone_name,
                series=series,
                edition_label=label,
                regions=per_edition[index] if per_edition else regions,  # type: ignore[arg-type]
                **inherited,
            )
            out.append(event)
    return out
