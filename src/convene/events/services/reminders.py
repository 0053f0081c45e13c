"""The periodic sweeps: release call links when their time comes, and send reminders."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from convene.core.clock import now
from convene.events.models import Event, Registration, RegistrationStatus, ReminderSent, Status
from convene.events.services.common import with_retry
from convene.events.services.editions import event_start_instant
from convene.events.services.notify import event_notify


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
            event_notify(
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

    return with_retry(work)


def links_release_due() -> int:
    """The periodic sweep: release every link whose time has come. Returns how many."""
    due = list(
        Event.objects.filter(link_released_at__isnull=True, link_release_at__lte=now())
        .exclude(call_link="")
        .order_by("link_release_at")
        .values_list("pk", flat=True)[:500]
    )
    return sum(1 for pk in due if event_release_link(event_id=pk))


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
                event_notify(
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
