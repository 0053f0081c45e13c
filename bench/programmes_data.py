"""Programmes data for `make bench`: a round with 1,000 accepted ambassadors (languages,
regions and communities from the directory's bench data) and a grant programme with
5,000 proposals in every state across the countries, written with bulk_create.

Context for the page benches (`bench.programmes_pages`): `language` (a language with
ambassadors), `region` (a region slug with ambassadors)."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from convene.core.clock import now
from convene.directory.models import Community, Country, Language, Region
from convene.programmes.models import (
    Ambassador,
    AmbassadorStatus,
    GrantKind,
    GrantProgramme,
    GrantState,
    Proposal,
    Round,
)

BATCH = 2000
SEED = 14
UNUSABLE = "!"  # Django's mark for an account that cannot sign in with a password
CURRENCIES = ["USD", "EUR", "INR", "BDT", "BRL", "NGN", "IDR"]


def generate(*, ambassadors: int = 1000, proposals: int = 5000) -> dict[str, Any]:
    rng = random.Random(SEED)
    at = now()
    users = get_user_model()
    languages = list(Language.objects.filter(communities__isnull=False).distinct()[:200])
    regions = list(Region.objects.all())
    communities = list(Community.objects.order_by("pk")[:2000])
    countries = list(Country.objects.all())
    with transaction.atomic():
        staff, _ = users.objects.get_or_create(
            username="bench-programmes", defaults={"is_staff": True}
        )
        programme_round = Round.objects.create(
            slug="bench-round", title="Bench ambassadors",
            starts_on=at.date() - dt.timedelta(days=30), ends_on=at.date() + dt.timedelta(days=90),
        )  # fmt: skip
        people = users.objects.bulk_create(
            [users(username=f"bench-amb-{i}", password=UNUSABLE) for i in range(ambassadors)],
            batch_size=BATCH,
        )
        rows = Ambassador.objects.bulk_create(
            [
                Ambassador(
                    round=programme_round, user=person, status=AmbassadorStatus.ACCEPTED,
                    activities=["host", "translate"], motivation="Bench", created_at=at,
                    decided_by=staff, decided_at=at, facilitator=staff,
                )
                for person in people
            ],
            batch_size=BATCH,
        )  # fmt: skip
        _links(Ambassador.languages.through, rows, languages, "language_id", rng=rng, n=2)
        _links(Ambassador.regions.through, rows, regions, "region_id", rng=rng, n=1)
        _links(Ambassador.communities.through, rows, communities, "community_id", rng=rng, n=1)
        grants = GrantProgramme.objects.create(
            slug="bench-grants", title="Bench grants", threshold=2,
            rubric=[{"key": "impact", "label": "Impact"}],
        )  # fmt: skip
        states = GrantState.values
        Proposal.objects.bulk_create(
            [
                Proposal(
                    programme=grants, kind=rng.choice(GrantKind.values), title=f"Grant {i}",
                    summary="Bench", applicant=rng.choice(people), country=rng.choice(countries),
                    amount=Decimal(rng.randint(100, 100_000)), currency=rng.choice(CURRENCIES),
                    budget_lines=[{"label": "Venue", "amount": "100.00"}],
                    state=states[i % len(states)], created_at=at, updated_at=at,
                )
                for i in range(proposals)
            ],
            batch_size=BATCH,
        )  # fmt: skip
    language = languages[0].code if languages else ""
    region = regions[0].slug if regions else ""
    return {"language": language, "region": region}


def _links(
    through: Any, rows: list[Any], targets: list[Any], column: str, *, rng: Any, n: int
) -> None:
    if not targets:
        return
    through.objects.bulk_create(
        [
            through(ambassador_id=row.pk, **{column: target.pk})
            for row in rows
            for target in rng.sample(targets, min(n, len(targets)))
        ],
        batch_size=BATCH,
    )
