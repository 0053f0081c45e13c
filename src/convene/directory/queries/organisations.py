"""Organisations: the filtered list, proposals, one organisation's page and history."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from convene.core.actors import signed_in
from convene.core.types import Actor
from convene.directory.models import (
    Change,
    Community,
    Country,
    HubRole,
    Kind,
    Language,
    Membership,
    Organisation,
    Region,
    StageChange,
    Status,
)
from convene.directory.queries.filters import DirectoryFilters, filters_apply
from convene.directory.queries.permissions import visible_to


def related(org: Organisation, name: str) -> list[Any]:
    """org.<name> as a list: the `<name>_list` that list queries prefetch (plain lists are
    much cheaper to read than a related manager per row), else the manager's rows."""
    cached = getattr(org, f"{name}_list", None)
    return list(cached) if cached is not None else list(getattr(org, name).all())


def list_prefetch(rows: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """What a list row shows, prefetched into plain lists (region_list, country_list,
    language_list, hub_roles_list)."""
    return rows.prefetch_related(
        Prefetch(
            "regions",
            queryset=Region.objects.only("id", "slug", "short_name", "name"),
            to_attr="regions_list",
        ),
        Prefetch("countries", queryset=Country.objects.only("code"), to_attr="countries_list"),
        Prefetch("languages", queryset=Language.objects.only("code"), to_attr="languages_list"),
        Prefetch("hub_roles", queryset=HubRole.objects.all(), to_attr="hub_roles_list"),
    )


def organisations_list(
    *, viewer: Actor, filters: DirectoryFilters, hubs_only: bool = False
) -> QuerySet[Organisation]:
    """Listed organisations matching `filters`, by name, with what a list row shows."""
    rows = Organisation.objects.filter(status=Status.ACTIVE)
    if hubs_only:
        rows = rows.filter(kind=Kind.HUB)
    return list_prefetch(filters_apply(rows, filters)).order_by("name", "id")


def proposals_for(*, viewer: Actor, limit: int | None = None) -> list[Organisation]:
    """Open proposals: all of them for staff, a person's own otherwise (with decisions),
    newest first, at most `limit`; none (and no query) for an anonymous visitor."""
    if not viewer.is_authenticated:
        return []
    if viewer.is_staff:
        rows = Organisation.objects.filter(status=Status.PROPOSED)
    else:
        rows = Organisation.objects.filter(proposed_by=viewer).exclude(status=Status.ACTIVE)
    rows = rows.select_related("proposed_by").order_by("-created_at", "-id")
    return list(rows[:limit] if limit is not None else rows)


def person_organisations(*, user: Actor) -> QuerySet[Organisation]:
    """The active organisations `user` is a member of (any role), by name; none for an
    anonymous visitor. One query when read."""
    if not signed_in(user):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(status=Status.ACTIVE, memberships__user=user)
        .distinct()
        .order_by("name", "pk")
    )


# --- one organisation -------------------------------------------------------------------


def organisation_for_page(*, viewer: Actor, slug: str) -> Organisation | None:
    """One organisation with everything its page shows, or None if the viewer may not see it."""
    return (
        Organisation.objects.filter(visible_to(viewer), slug=slug)
        .select_related(
            "parent",
            "legal_jurisdiction",
            "accountable_to_organisation",
            "recognition",
            "proposed_by",
        )
        .prefetch_related(
            "regions",
            Prefetch("countries", queryset=Country.objects.only("code")),
            Prefetch("languages", queryset=Language.objects.only("code")),
            Prefetch(
                "communities",
                queryset=Community.objects.prefetch_related(
                    Prefetch("languages", queryset=Language.objects.only("code")),
                    Prefetch("countries", queryset=Country.objects.only("code")),
                ),
            ),
            Prefetch(
                "member_organisations",
                queryset=Organisation.objects.filter(status=Status.ACTIVE),
            ),
            Prefetch("member_of", queryset=Organisation.objects.filter(status=Status.ACTIVE)),
            Prefetch("children", queryset=Organisation.objects.filter(status=Status.ACTIVE)),
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user", "user__profile").order_by(
                    "role", "user__username"
                ),
            ),
            "hub_roles",
            Prefetch("stage_changes", queryset=StageChange.objects.order_by("changed_on", "id")),
        )
        .first()
    )


def organisation_head(*, viewer: Actor, slug: str) -> Organisation | None:
    """Just enough of one visible organisation to decide how to show its page."""
    return (
        Organisation.objects.filter(visible_to(viewer), slug=slug)
        .only("id", "slug", "name", "status", "kind", "stage")
        .first()
    )


def organisation_for_action(*, viewer: Actor, slug: str) -> Organisation | None:
    """One visible organisation for a write: the fields only, nothing prefetched (the page
    is loaded again, with organisation_for_page, only if the form has to be shown again)."""
    return Organisation.objects.filter(visible_to(viewer), slug=slug).first()


def organisation_history(*, organisation: Organisation, limit: int = 50) -> list[Change]:
    return list(
        Change.objects.filter(organisation=organisation)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


LIST_FIELDS = ("id", "slug", "name", "short_name", "kind", "stage", "scope_type", "theme",
               "is_sample", "has_legal_entity")  # fmt: skip
