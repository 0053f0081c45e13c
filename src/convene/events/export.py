"""The registrants list as CSV, for organisers (one row per person, times in UTC)."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

from convene.core.timezones import UTC
from convene.events.models import Event, Registration

CSV_HEADER = ["username", "name", "email", "status", "registered_at", "time_zone"]


def registrants_csv(event: Event, rows: Iterable[Registration]) -> HttpResponse:
    """A download of `rows` (registrations with user and profile loaded)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrants-{event.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in rows:
        profile = getattr(row.user, "profile", None)
        writer.writerow(
            [
                row.user.get_username(),
                profile.name if profile else row.user.get_username(),
                row.user.email,
                row.status,
                row.queued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                profile.timezone if profile else "",
            ]
        )
    return response
