"""Bulk data for `make bench`: many events (timed and date ranges, some in series) spread
over two years around today, with languages, regions and organisers, and registrations."""

import datetime as dt
import random
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from convene.core.clock import now
from convene.directory.models import Language, Organisation, Region
from convene.events.models import (
    DEFAULT_LINK_LEAD,
    Event,
    Format,
    Kind,
    Registration,
    RegistrationStatus,
    Series,
)

ZONES = ["UTC", "Asia/Kathmandu", "Europe/London", "America/Sao_Paulo", "Africa/Lagos"]
BATCH = 2000


def generate(*, events: int = 20000) -> dict[str, Any]:
    rng = random.Random(4)
    today = now().replace(minute=0, second=0, microsecond=0)
    users = get_user_model().objects
    organiser, _ = users.get_or_create(
        username="bench-events", defaults={"is_staff": True, "email": "bench-events@localhost"}
    )
    languages = [
        Language.objects.get_or_create(code=code, defaults={"name": code})[0]
        for code in ("en", "es", "fr", "ar", "zh", "ja", "bn", "hi")
    ]
    regions = list(Region.objects.all()[:8])
    organisations = list(Organisation.objects.all()[:20])
    kinds = list(Kind.values)
    formats = list(Format.values)
    with transaction.atomic():
        series = Series.objects.create(title="Bench series", created_by=organiser)
        rows = []
        for index in range(events):
            start = today + dt.timedelta(hours=rng.randint(-24 * 365, 24 * 365))
            dated = index % 10 == 0
            event = Event(
                title=f"Bench event {index}",
                kind=kinds[index % len(kinds)],
                description="A **bench** event.",
                timezone=ZONES[index % len(ZONES)],
                format=formats[index % len(formats)],
                series=series if index % 50 == 0 else None,
                call_link="https://meet.example.org/bench",
                link_lead=DEFAULT_LINK_LEAD,
                reminder_offsets=[2880, 60],
                uid=uuid.uuid4(),
                is_sample=True,
            )
            if dated:
                event.start_date = start.date()
                event.end_date = start.date() + dt.timedelta(days=rng.randint(0, 14))
                event.sort_start = dt.datetime.combine(event.start_date, dt.time(0), tzinfo=dt.UTC)
                event.sort_end = dt.datetime.combine(
                    event.end_date + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC
                )
                event.link_release_at = event.sort_start - DEFAULT_LINK_LEAD
            else:
                event.starts_at = start
                event.ends_at = start + dt.timedelta(minutes=90)
                event.sort_start, event.sort_end = event.starts_at, event.ends_at
                event.link_release_at = start - DEFAULT_LINK_LEAD
            rows.append(event)
        created = Event.objects.bulk_create(rows, batch_size=BATCH)
        lang_through = Event.languages.through
        lang_through.objects.bulk_create(
            [
                lang_through(event_id=e.pk, language_id=languages[i % len(languages)].pk)
                for i, e in enumerate(created)
            ],
            batch_size=BATCH,
        )
        if regions:
            region_through = Event.regions.through
            region_through.objects.bulk_create(
                [
                    region_through(event_id=e.pk, region_id=regions[i % len(regions)].pk)
                    for i, e in enumerate(created)
                ],
                batch_size=BATCH,
            )
        if organisations:
            org_through = Event.organisers.through
            org_through.objects.bulk_create(
                [
                    org_through(
                        event_id=e.pk, organisation_id=organisations[i % len(organisations)].pk
                    )
                    for i, e in enumerate(created)
                ],
                batch_size=BATCH,
            )
        people = users.bulk_create(
            [
                get_user_model()(username=f"bench-reg-{i}", email=f"bench-reg-{i}@localhost")
                for i in range(200)
            ],
            batch_size=BATCH,
        )
        upcoming = (
            Event.objects.filter(sort_start__gt=today, starts_at__isnull=False)
            .order_by("sort_start")
            .first()
        )
        assert upcoming is not None
        Registration.objects.bulk_create(
            [
                Registration(
                    event=upcoming,
                    user=person,
                    status=RegistrationStatus.CONFIRMED,
                    queued_at=today,
                )
                for person in people
            ]
        )
    return {"event_id": upcoming.pk, "events": events}
