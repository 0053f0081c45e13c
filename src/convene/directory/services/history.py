"""What happened, recorded: every write leaves a `Change` (who, when, what changed)."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from convene.core.clock import now
from convene.directory.models import (
    Change,
    Community,
    Organisation,
)


def record_change(
    *,
    actor: User | None,
    action: str,
    summary: str,
    organisation: Organisation | None = None,
    community: Community | None = None,
    changes: dict[str, Any] | None = None,
) -> Change:
    return Change.objects.create(
        organisation=organisation,
        community=community,
        actor=actor,
        at=now(),
        action=action,
        summary=summary[:500],
        changes=changes or {},
    )


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def snapshot(org: Organisation) -> dict[str, Any]:
    scalars = [
        "name",
        "short_name",
        "slug",
        "kind",
        "description",
        "wiki_url",
        "website",
        "founded_on",
        "recognised_on",
        "has_legal_entity",
        "legal_jurisdiction_id",
        "parent_id",
        "scope_type",
        "theme",
        "formation",
        "stage",
        "accountable_to",
        "accountable_to_organisation_id",
        "status",
    ]
    snap = {name: jsonable(getattr(org, name)) for name in scalars}
    if org.pk:
        snap["countries"] = sorted(org.countries.values_list("code", flat=True))
        snap["regions"] = sorted(org.regions.values_list("slug", flat=True))
        snap["languages"] = sorted(org.languages.values_list("code", flat=True))
        snap["communities"] = sorted(org.communities.values_list("slug", flat=True))
        snap["member_organisations"] = sorted(
            org.member_organisations.values_list("slug", flat=True)
        )
    return snap


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }
