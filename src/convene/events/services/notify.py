"""Telling people about an event, through people's notice service (`notice_send`)."""

import zoneinfo

from django.contrib.auth.models import User
from django.urls import reverse

from convene.core.formatting import describe_when
from convene.events.models import Event, Registration, RegistrationStatus
from convene.people.models import Notice
from convene.people.notices import notice_send


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


def registrants_notify(event: Event, *, kind: str, subject: str, body: str, **values: str) -> int:
    registrations = Registration.objects.filter(
        event=event,
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
    ).select_related("user", "user__profile")
    count = 0
    for registration in registrations:
        event_notify(registration.user, event, kind=kind, subject=subject, body=body, **values)
        count += 1
    return count
