"""Bulk data for `make bench`: the reference data, then many communities, organisations
of every kind and hubs at every stage, with their countries, languages, roles, members and
stage histories. Written with bulk_create (a few seconds for the default sizes)."""

import datetime as dt
import random
from typing import Any

from django.db import transaction

from convene.core.clock import now
from convene.directory.models import (
    STAGE_ORDER,
    Change,
    Community,
    HubRole,
    HubRoleKind,
    HubRoleStatus,
    Kind,
    Organisation,
    Region,
    ScopeType,
    Stage,
    StageChange,
    TerritoryLanguage,
)
from convene.directory.reference import reference_load

BATCH = 2000
OTHER_KINDS = [
    Kind.CHAPTER, Kind.THEMATIC_ORGANISATION, Kind.USER_GROUP, Kind.USER_GROUP,
    Kind.USER_GROUP, Kind.NON_AFFILIATED_GROUP, Kind.NON_AFFILIATED_GROUP,
    Kind.REGIONAL_COLLABORATIVE, Kind.COMMITTEE, Kind.STAFF_TEAM,
]  # fmt: skip
THEMES = ["advocacy", "capacity building", "partnerships", "research", "technology"]


def _through(model_field: Any, rows: list[tuple[int, Any]], left: str, right: str) -> None:
    through = model_field.through
    through.objects.bulk_create(
        [through(**{left: a, right: b}) for a, b in rows], batch_size=BATCH, ignore_conflicts=True
    )


def generate(  # noqa: PLR0912, PLR0915 - one straight-line loader reads best in one piece
    *, organisations: int = 2000, hubs: int = 300, communities: int = 5000
) -> dict[str, Any]:
    """Fill the directory; returns what the page list needs (a hub slug, a country, a
    language that have data)."""
    rng = random.Random(15)
    reference_load()
    # Languages with a place: those official somewhere, with the countries they are spoken in.
    spoken = list(
        TerritoryLanguage.objects.exclude(official_status="").values_list(
            "language_id", "country_id"
        )
    )
    regions = list(Region.objects.values_list("id", flat=True))
    today = now().date()

    with transaction.atomic():
        community_rows = [
            Community(slug=f"bench-community-{i}", name=f"Bench community {i}", is_sample=True,
                      projects=[f"w{i}.example.org"])
            for i in range(communities)
        ]  # fmt: skip
        Community.objects.bulk_create(community_rows, batch_size=BATCH)
        community_ids = list(
            Community.objects.filter(slug__startswith="bench-community-").values_list(
                "id", flat=True
            )
        )
        c_lang, c_country = [], []
        for cid in community_ids:
            lang, country = rng.choice(spoken)
            c_lang.append((cid, lang))
            c_country.append((cid, country))
            if rng.random() < 0.3:
                c_country.append((cid, rng.choice(spoken)[1]))
        _through(Community.languages, c_lang, "community_id", "language_id")
        _through(Community.countries, c_country, "community_id", "country_id")

        org_rows = []
        for i in range(organisations):
            kind = OTHER_KINDS[i % len(OTHER_KINDS)]
            legal = kind in (Kind.CHAPTER, Kind.THEMATIC_ORGANISATION) or rng.random() < 0.1
            org_rows.append(
                Organisation(
                    slug=f"bench-org-{i}", name=f"Bench {kind.label} {i}", kind=kind,
                    has_legal_entity=legal, is_sample=True,
                    founded_on=today - dt.timedelta(days=rng.randint(100, 5000)),
                )
            )  # fmt: skip
        scopes = [ScopeType.REGIONAL, ScopeType.REGIONAL, ScopeType.LINGUISTIC, ScopeType.THEMATIC]
        for i in range(hubs):
            scope = scopes[i % len(scopes)]
            org_rows.append(
                Organisation(
                    slug=f"bench-hub-{i}", name=f"Bench hub {i}", kind=Kind.HUB, scope_type=scope,
                    theme=rng.choice(THEMES) if scope == ScopeType.THEMATIC else "",
                    stage=STAGE_ORDER[i % len(STAGE_ORDER)], has_legal_entity=i % 3 == 0,
                    formation=["enhancement", "collaboration", "new_structure"][i % 3],
                    accountable_to="the communities it serves", is_sample=True,
                    founded_on=today - dt.timedelta(days=rng.randint(100, 2000)),
                )
            )  # fmt: skip
        Organisation.objects.bulk_create(org_rows, batch_size=BATCH)
        created = dict(
            Organisation.objects.filter(slug__startswith="bench-").values_list("slug", "id")
        )
        org_ids = [created[f"bench-org-{i}"] for i in range(organisations)]
        hub_ids = [created[f"bench-hub-{i}"] for i in range(hubs)]

        o_country, o_lang, o_region, o_comm, o_member = [], [], [], [], []
        for oid in org_ids:
            lang, country = rng.choice(spoken)
            o_country.append((oid, country))
            o_lang.append((oid, lang))
            o_comm.extend((oid, rng.choice(community_ids)) for _ in range(rng.randint(0, 3)))
        roles, stages = [], []
        for index, hid in enumerate(hub_ids):
            scope = scopes[index % len(scopes)]
            if scope == ScopeType.REGIONAL:
                if index % 2:
                    o_region.append((hid, rng.choice(regions)))
                else:
                    o_country.extend((hid, rng.choice(spoken)[1]) for _ in range(3))
            elif scope == ScopeType.LINGUISTIC:
                o_lang.extend((hid, rng.choice(spoken)[0]) for _ in range(2))
            o_comm.extend((hid, rng.choice(community_ids)) for _ in range(rng.randint(2, 6)))
            o_member.extend((hid, rng.choice(org_ids)) for _ in range(2))
            stage = STAGE_ORDER[index % len(STAGE_ORDER)]
            for n, role in enumerate(rng.sample(list(HubRoleKind.values[:-1]), rng.randint(1, 4))):
                if role == HubRoleKind.GRANTMAKING and index % 3:
                    continue
                status = HubRoleStatus.ACTIVE if n % 2 == 0 else HubRoleStatus.INTENDED
                roles.append(HubRole(organisation_id=hid, role=role, status=status))
            previous = ""
            for step, value in enumerate(STAGE_ORDER[: STAGE_ORDER.index(stage) + 1]):
                stages.append(
                    StageChange(
                        organisation_id=hid, from_stage=previous, to_stage=value,
                        changed_on=today - dt.timedelta(days=900 - 120 * step),
                    )
                )  # fmt: skip
                previous = value
        _through(Organisation.countries, o_country, "organisation_id", "country_id")
        _through(Organisation.languages, o_lang, "organisation_id", "language_id")
        _through(Organisation.regions, o_region, "organisation_id", "region_id")
        _through(Organisation.communities, o_comm, "organisation_id", "community_id")
        _through(
            Organisation.member_organisations, o_member, "from_organisation_id",
            "to_organisation_id",
        )  # fmt: skip
        HubRole.objects.bulk_create(roles, batch_size=BATCH, ignore_conflicts=True)
        StageChange.objects.bulk_create(stages, batch_size=BATCH)
        # Cached whole-directory figures are keyed by the latest Change: mark the load.
        Change.objects.create(at=now(), action="bulk_load", summary="Bench data loaded")

    busiest = max(range(hubs), key=lambda i: STAGE_ORDER.index(STAGE_ORDER[i % 6]))
    return {
        "hub_slug": f"bench-hub-{busiest}",
        "country": "IN",
        "language": "es",
        "region": "south-asia",
        "stage": Stage.PILOT,
    }
