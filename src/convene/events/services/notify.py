"""Telling people about an event, through people's notice service (`notice_send`).

One person (a freed seat, a reminder) is told at once. All registrants of a change (a
new time, a new status) are told by a background task queued after the change commits,
so the request answers as fast with 2,000 registrants as with 2; a rolled-back change
queues nothing, and a retried task tells each person once (`ChangeTold`).
"""

import logging
import zoneinfo
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_tasks import task

from convene.core.clock import now
from convene.core.formatting import describe_when
from convene.events.models import ChangeTold, Event, Registration, RegistrationStatus
from convene.people.models import Notice
from convene.people.notices import notice_send

logger = logging.getLogger(__name__)


def event_notify(
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


def registrants_notify(event: Event, *, kind: str, subject: str, body: str, **values: str) -> None:
    """Tell everyone registered or waiting for `event` about its latest change (the one
    that set `event.sequence`): after the caller's transaction commits, the
    `registrants_notice` task is queued. Nothing is sent if the transaction rolls back."""
    event_id, change = event.pk, event.sequence

    def queue() -> None:
        try:
            registrants_notice.enqueue(
                event_id=event_id,
                change=change,
                kind=kind,
                subject=subject,
                body=body,
                values=dict(values),
            )
        except Exception:  # a queue that cannot take it must not break the committed change
            logger.exception("could not queue the notices of event %s change %s", event_id, change)

    transaction.on_commit(queue)


def registrants_tell(
    *, event_id: int, change: int, kind: str, subject: str, body: str, values: Mapping[str, str]
) -> int:
    """Tell each person registered or waiting for event `event_id` about change `change`,
    unless they were told already; how many were told now.

    Each person's `ChangeTold` row and notice are written in one transaction: a run that
    stops half-way and is retried skips those already told.
    """
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    told_before = ChangeTold.objects.filter(event_id=event_id, change=change).values("user_id")
    registrations = (
        Registration.objects.filter(
            event=event,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
        )
        .exclude(user_id__in=told_before)
        .select_related("user", "user__profile")
        .order_by("pk")
    )
    told = 0
    for registration in registrations:
        try:
            with transaction.atomic():
                ChangeTold.objects.create(
                    event=event, change=change, user=registration.user, told_at=now()
                )
                event_notify(
                    registration.user, event, kind=kind, subject=subject, body=body, **values
                )
        except IntegrityError:
            continue  # another run of the task told this person
        told += 1
    return told


@task()
def registrants_notice(
    *, event_id: int, change: int, kind: str, subject: str, body: str, values: dict[str, str]
) -> int:
    """The queued task: tell an event's registrants of one change (each person once)."""
    return registrants_tell(
        event_id=event_id, change=change, kind=kind, subject=subject, body=body, values=values
    )
