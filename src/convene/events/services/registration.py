"""Registering and cancelling, with the waiting list that fills freed seats."""

import datetime as dt

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from convene.core.clock import now
from convene.core.errors import Conflict, NotAllowed
from convene.core.types import Actor
from convene.events.models import Event, Registration, RegistrationStatus
from convene.events.queries import is_organiser
from convene.events.rules import registration_state_at
from convene.events.services.common import require_person, with_retry
from convene.events.services.notify import event_notify


def registration_state(event: Event, at: dt.datetime) -> str:
    """'open', 'not_yet', 'closed' or 'cancelled'."""
    return registration_state_at(
        status=event.status,
        opens_at=event.registration_opens_at,
        closes_at=event.registration_closes_at,
        sort_end=event.sort_end,
        at=at,
    )


def registration_register(*, actor: Actor, event: Event) -> Registration:
    """Register the actor: confirmed while there is room, else on the waiting list.
    Registering again after cancelling puts the person at the back of the queue."""
    person = require_person(actor, _("Sign in to register."))
    state = registration_state(event, now())
    if state == "cancelled":
        raise Conflict(_("This event is cancelled."), code="cancelled")
    if state == "not_yet":
        raise Conflict(_("Registration has not opened yet."), code="not_open")
    if state == "closed":
        raise Conflict(_("Registration is closed."), code="closed")
    return with_retry(lambda: _register(person, event))


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
    person = require_person(actor, _("Sign in first."))
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
            waitlist_promote(event)
        return registration

    return with_retry(work)


def waitlist_promote(event: Event) -> list[Registration]:
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
        event_notify(
            registration.user,
            event,
            kind="seat",
            subject=gettext_noop("You have a seat: %(title)s"),
            body=gettext_noop("A seat became free and it is yours: %(title)s, %(when)s."),
        )
    return promoted
