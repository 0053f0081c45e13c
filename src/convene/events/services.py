"""Writes for events: create and edit events and series, register and cancel (with the
waiting list), release call links, send reminders and notices, comments, feed tokens.

Every function checks permission and input, refusing with `convene.core.errors` (NotSignedIn,
NotAllowed, Invalid naming the field, Conflict for a state that forbids it now), and
writes inside a transaction.
"""

import datetime as dt
import logging
import time
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed, NotSignedIn
from convene.core.formatting import describe_when
from convene.core.timezones import UTC, parse_zone
from convene.core.types import Actor
from convene.directory.models import Language, Organisation, Region
from convene.events.models import (
    DEFAULT_LINK_LEAD,
    DEFAULT_REMINDERS,
    Audience,
    Comment,
    Event,
    Format,
    Kind,
    PersonSettings,
    Registration,
    RegistrationStatus,
    ReminderSent,
    Series,
    Status,
)
from convene.events.queries import can_organise, is_organiser, is_series_organiser
from convene.people.models import Notice
from convene.people.notices import notice_send

logger = logging.getLogger(__name__)

MAX_CAPACITY = 1_000_000
T = TypeVar("T")


@dataclass(frozen=True)
class When:
    """Either a timed event (`starts_at`, `ends_at`, aware) or a date range (inclusive)."""

    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


def _signed_in(actor: Actor) -> User | None:
    """The person acting, or None for an anonymous visitor."""
    if isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return None
    return actor


def _person(actor: Actor, message: str) -> User:
    """The person acting; refuses an anonymous visitor with `message`."""
    person = _signed_in(actor)
    if person is None:
        raise NotSignedIn(message)
    return person


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
        created_by=_signed_in(actor),
    )
    _apply_when(event, when)
    _compute_release(event)
    with transaction.atomic():
        event.save()
        event.languages.set(languages)
        event.interpretation_languages.set(interpretation_languages)
        event.organisers.set(organisers)
        people = list(organisers_people)
        person = _signed_in(actor)
        if person is not None and person not in people:
            people.append(person)
        event.organisers_people.set(people)
        event.hubs.set(hubs)
        event.regions.set(regions)
    return event


_EDITABLE = {
    "title", "kind", "description", "timezone", "format", "place", "edition_label",
    "recording_policy", "call_link", "link_lead", "link_audience", "registration_opens_at",
    "registration_closes_at", "capacity", "reminder_offsets",
}  # fmt: skip
_M2M = {"languages", "interpretation_languages", "organisers", "organisers_people", "hubs",
        "regions"}  # fmt: skip


def event_update(*, actor: Actor, event: Event, when: When | None = None, **changes: Any) -> Event:
    """Change an event; bumps its calendar SEQUENCE. Registrants are told when the time
    changes. A link whose release time moves later is released again on the new time."""
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
        for name in _M2M & set(changes):
            getattr(event, name).set(changes[name])
        moved = old_start != (event.starts_at, event.start_date, event.end_date, event.ends_at)
        if moved:
            _notify_registrants(
                event,
                kind="moved",
                subject=gettext_noop("New time: %(title)s"),
                body=gettext_noop("%(title)s now takes place on %(when)s."),
            )
        if "capacity" in changes:
            _promote_waitlist(event)
    return event


def event_set_status(*, actor: Actor, event: Event, status: str, reason: str = "") -> Event:
    """Schedule, postpone or cancel; postponing or cancelling needs a reason, and every
    registrant is told (site notice and e-mail)."""
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
        _notify_registrants(
            event,
            kind="status",
            subject=subject,
            body=gettext_noop("%(title)s (%(when)s): %(reason)s"),
            reason=reason,
        )
    return event


def series_create(
    *,
    actor: Actor,
    title: str,
    kind: str = Kind.SESSION,
    description: str = "",
    organisers: Sequence[Organisation] = (),
) -> Series:
    """Create a series; the actor becomes one of its organisers."""
    person = _signed_in(actor)
    if person is None or not can_organise(person):
        raise NotAllowed(_("You may not create events."))
    if not title.strip():
        raise Invalid(_("Give the series a title."), field="title")
    if kind not in Kind.values:
        raise Invalid(_("Unknown kind of event."), field="kind")
    with transaction.atomic():
        series = Series.objects.create(
            title=title.strip(),
            slug=slugify(title)[:120],
            kind=kind,
            description=description,
            created_by=person,
        )
        series.organisers.set(organisers)
        series.organisers_people.add(person)
    return series


def series_add_editions(
    *,
    actor: Actor,
    series: Series,
    starts: Sequence[dt.datetime],
    length: dt.timedelta,
    labels: Sequence[str] = (),
    timezone_name: str = "UTC",
    regions: Sequence[Region] = (),
) -> list[Event]:
    """One edition of `series` per start instant (the planner's "create these")."""
    if not is_series_organiser(actor, series):
        raise NotAllowed(_("Only the organisers of this series may add editions."))
    if not starts:
        raise Invalid(_("Pick at least one time."), field="starts")
    if length <= dt.timedelta(0):
        raise Invalid(_("The length must be positive."), field="length")
    out = []
    with transaction.atomic():
        for index, start in enumerate(starts):
            label = labels[index] if index < len(labels) else ""
            event = event_create(
                actor=actor,
                title=series.title,
                kind=series.kind,
                description=series.description,
                when=When(starts_at=start, ends_at=start + length),
                timezone_name=timezone_name,
                series=series,
                edition_label=label,
                organisers=list(series.organisers.all()),
                regions=regions,
            )
            out.append(event)
    return out


# Registration ---------------------------------------------------------------------------


def registration_state(event: Event, at: dt.datetime) -> str:
    """'open', 'not_yet', 'closed' or 'cancelled'."""
    if event.status == Status.CANCELLED:
        return "cancelled"
    if event.registration_opens_at and at < event.registration_opens_at:
        return "not_yet"
    closes = event.registration_closes_at or event.sort_end
    if at >= closes:
        return "closed"
    return "open"


def _with_retry(work: Callable[[], T]) -> T:
    """Run `work` in a transaction, retrying a few times when SQLite reports a lock
    (two writers at once); PostgreSQL waits on the row lock instead."""
    attempts = 30
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as exc:
            nested = transaction.get_connection().in_atomic_block
            if "locked" not in str(exc) or nested or attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


def registration_register(*, actor: Actor, event: Event) -> Registration:
    """Register the actor: confirmed while there is room, else on the waiting list.
    Registering again after cancelling puts the person at the back of the queue."""
    person = _person(actor, _("Sign in to register."))
    state = registration_state(event, now())
    if state == "cancelled":
        raise Conflict(_("This event is cancelled."), code="cancelled")
    if state == "not_yet":
        raise Conflict(_("Registration has not opened yet."), code="not_open")
    if state == "closed":
        raise Conflict(_("Registration is closed."), code="closed")
    return _with_retry(lambda: _register(person, event))


def _register(person: User, event: Event) -> Registration:
    # Lock the event row so that two registrations cannot both take the last seat.
    locked = Event.objects.select_for_update().get(pk=event.pk)
    existing = Registration.objects.filter(event=locked, user=person).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        return existing
    confirmed = Registration.objects.filter(
        event=locked, status=RegistrationStatus.CONFIRMED
    ).count()
    has_room = locked.capacity is None or confirmed < locked.capacity
    status = RegistrationStatus.CONFIRMED if has_room else RegistrationStatus.WAITLISTED
    if existing is None:
        registration = Registration.objects.create(
            event=locked, user=person, status=status, queued_at=now()
        )
    else:
        registration = existing
        registration.status = status
        registration.queued_at = now()
        registration.save(update_fields=["status", "queued_at", "updated_at"])
    return registration


def registration_cancel(*, actor: Actor, registration: Registration) -> Registration:
    """Cancel a registration (its owner or an organiser); the first on the waiting list
    takes the freed seat and is told."""
    person = _person(actor, _("Sign in first."))
    if registration.user_id != person.pk and not is_organiser(actor, registration.event):
        raise NotAllowed(_("You may cancel only your own registration."))

    def work() -> Registration:
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        changed = (
            Registration.objects.filter(pk=registration.pk)
            .exclude(status=RegistrationStatus.CANCELLED)
            .update(status=RegistrationStatus.CANCELLED, updated_at=now())
        )
        registration.refresh_from_db()
        if changed:
            _promote_waitlist(event)
        return registration

    return _with_retry(work)


def _promote_waitlist(event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, oldest first (inside the caller's transaction,
    with the event row locked)."""
    if event.capacity is None:
        free = None
    else:
        confirmed = Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).count()
        free = max(0, event.capacity - confirmed)
        if free == 0:
            return []
    waiting = Registration.objects.filter(
        event=event, status=RegistrationStatus.WAITLISTED
    ).order_by("queued_at", "id")
    promoted = list(waiting if free is None else waiting[:free])
    for registration in promoted:
        Registration.objects.filter(pk=registration.pk).update(
            status=RegistrationStatus.CONFIRMED, updated_at=now()
        )
        registration.status = RegistrationStatus.CONFIRMED
        _notify(
            registration.user,
            event,
            kind="seat",
            subject=gettext_noop("You have a seat: %(title)s"),
            body=gettext_noop("A seat became free and it is yours: %(title)s, %(when)s."),
        )
    return promoted


# Notices ---------------------------------------------------------------------------------


def person_settings(user: Actor) -> PersonSettings:
    """The person's event settings (made on first use); refuses an anonymous visitor."""
    person = _person(user, _("Sign in first."))
    settings_row, _created = PersonSettings.objects.get_or_create(user=person)
    return settings_row


def _notify(
    user: User, event: Event, *, kind: str, subject: str, body: str, **values: str
) -> Notice:
    """Tell `user` about `event` (people's notice service: on the site, and by e-mail after
    commit), with its time in their own zone and language. `subject`/`body` are
    gettext_noop templates with %(title)s, %(when)s and the names in `values`."""

    def when(zone: zoneinfo.ZoneInfo, language: str) -> str:
        return describe_when(
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            start_date=event.start_date,
            end_date=event.end_date,
            zone=zone,
            language=language,
        )

    return notice_send(
        recipient=user,
        kind=f"events.{kind}",
        subject=subject,
        body=body,
        params={"title": event.display_title, "when": when, **values},
        url=reverse("events:detail", args=[event.pk]),
    )


def _notify_registrants(event: Event, *, kind: str, subject: str, body: str, **values: str) -> int:
    registrations = Registration.objects.filter(
        event=event,
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
    ).select_related("user", "user__profile")
    count = 0
    for registration in registrations:
        _notify(registration.user, event, kind=kind, subject=subject, body=body, **values)
        count += 1
    return count


# Call link release -----------------------------------------------------------------------


def event_release_link(*, event_id: int) -> bool:
    """Mark the link released and tell confirmed registrants (site notice and e-mail, with
    the time in their zone and the link). Exactly once: the conditional UPDATE lets one
    caller win even when two workers run at the same moment. Returns True for the winner."""
    at = now()

    def work() -> bool:
        won = Event.objects.filter(
            pk=event_id, link_released_at__isnull=True, link_release_at__lte=at
        ).update(link_released_at=at)
        if won != 1:
            return False
        event = Event.objects.get(pk=event_id)
        if event.status != Status.SCHEDULED or not event.call_link or at >= event.sort_end:
            return True  # released, with no one to tell (or nothing to tell)
        registrations = Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).select_related("user", "user__profile")
        start = event_start_instant(event)
        # The link notice carries what a reminder would (date, time, link): the reminders
        # already due count as sent, so nobody gets two messages at T-48 h.
        due = [o for o in event.reminder_offsets if start - dt.timedelta(minutes=o) <= at]
        for registration in registrations:
            _notify(
                registration.user,
                event,
                kind="link_released",
                subject=gettext_noop("Call link: %(title)s"),
                body=gettext_noop("%(title)s starts %(when)s. Join with this link: %(link)s"),
                link=event.call_link,
            )
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(registration=registration, offset_minutes=o, sent_at=at)
                    for o in due
                ],
                ignore_conflicts=True,
            )
        return True

    return _with_retry(work)


def links_release_due() -> int:
    """The periodic sweep: release every link whose time has come. Returns how many."""
    due = list(
        Event.objects.filter(link_released_at__isnull=True, link_release_at__lte=now())
        .exclude(call_link="")
        .order_by("link_release_at")
        .values_list("pk", flat=True)[:500]
    )
    return sum(1 for pk in due if event_release_link(event_id=pk))


# Reminders -------------------------------------------------------------------------------


def reminders_send_due() -> int:
    """The periodic sweep: send each due reminder once per registrant and offset, unless
    the person opted out. A reminder more than its offset late (the worker was down) is
    skipped when the event already started."""
    at = now()
    horizon = at + dt.timedelta(days=60)
    events = Event.objects.filter(
        status=Status.SCHEDULED, sort_start__gt=at, sort_start__lte=horizon
    ).exclude(reminder_offsets=[])
    sent = 0
    for event in events.only("pk", "sort_start", "reminder_offsets", "starts_at"):
        start = event_start_instant(event)
        due = [o for o in event.reminder_offsets if start - dt.timedelta(minutes=o) <= at < start]
        if not due:
            continue
        offset = min(due)  # the nearest one only: no burst of stale reminders
        sent += _send_reminders(event.pk, offset)
    return sent


def _send_reminders(event_id: int, offset: int) -> int:
    event = Event.objects.get(pk=event_id)
    registrations = (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .exclude(reminders_sent__offset_minutes__lte=offset)
        .exclude(user__event_settings__reminders=False)
        .select_related("user", "user__profile")
    )
    sent = 0
    for registration in registrations:
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    registration=registration, offset_minutes=offset, sent_at=now()
                )
                where = event.place
                if event.call_link and event.link_release_at and event.link_release_at <= now():
                    where = f"{where} {event.call_link}".strip()
                _notify(
                    registration.user,
                    event,
                    kind="reminder",
                    subject=gettext_noop("Reminder: %(title)s"),
                    body=gettext_noop("%(title)s starts %(when)s. %(where)s"),
                    where=where,
                )
        except IntegrityError:
            continue  # another worker sent this one
        sent += 1
    return sent


def person_set_reminders(*, actor: Actor, enabled: bool) -> PersonSettings:
    row = person_settings(actor)
    row.reminders = enabled
    row.save(update_fields=["reminders"])
    return row


def feed_token_reset(*, actor: Actor) -> PersonSettings:
    """A new secret for the person's calendar feed; the old address stops working."""
    import secrets

    row = person_settings(actor)
    row.feed_token = secrets.token_urlsafe(24)
    row.save(update_fields=["feed_token"])
    return row


# Comments --------------------------------------------------------------------------------


def comment_add(*, actor: Actor, event: Event, body: str, parent: Comment | None = None) -> Comment:
    author = _person(actor, _("Sign in to comment."))
    if getattr(getattr(author, "profile", None), "blocked", False):
        raise NotAllowed(_("This account is blocked."), code="blocked")
    body = body.strip()
    if not body:
        raise Invalid(_("Write something first."), field="body")
    if len(body) > 5000:
        raise Invalid(_("Keep comments under 5000 characters."), field="body", code="too_long")
    if parent is not None and parent.event_id != event.pk:
        raise Invalid(_("That reply belongs to another event."), field="parent")
    return Comment.objects.create(
        event=event, author=author, parent=parent, body=body, created_at=now()
    )


def comment_report(*, actor: Actor, comment: Comment) -> None:
    comment.reports.add(_person(actor, _("Sign in to report.")))


def comment_set_hidden(*, actor: Actor, comment: Comment, hidden: bool) -> Comment:
    """Moderators (staff or the event's organisers) hide or show a comment."""
    if not is_organiser(actor, comment.event):
        raise NotAllowed(_("Only moderators may hide comments."))
    comment.hidden = hidden
    comment.hidden_by = _signed_in(actor) if hidden else None
    comment.save(update_fields=["hidden", "hidden_by"])
    return comment
