"""The directory's JSON API: organisations and hubs (filterable, paginated), one
organisation, coverage by region or language, "who serves" a country or language, and
the regions, countries and languages whose slugs and codes the filters take.

Unknown filter values and codes answer 400 naming the field. Names of countries and
languages are given in the reader's language (Babel/CLDR).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from convene.core.api import ErrorOut, Limit, Offset, PageOut, SearchQuery, one_of, paginate
from convene.core.errors import Invalid, NotFound
from convene.directory import queries
from convene.directory.models import (
    Country,
    HubRoleKind,
    Kind,
    Language,
    Organisation,
    Region,
    Stage,
)
from convene.directory.names import country_name, language_name, reader_language
from convene.directory.worldmap import LEVEL_LABELS
from convene.people.auth import reader_auth

router = Router(tags=["directory"])


class FiltersIn(Schema):
    kind: Annotated[str, one_of([*Kind.values, queries.AFFILIATE_FILTER])] = ""
    region: str = Field("", description="a region's slug (GET /api/regions)")
    country: str = Field("", description="an ISO 3166-1 code (GET /api/countries)")
    language: str = Field("", description="a language code (GET /api/languages)")
    role: Annotated[str, one_of(HubRoleKind.values)] = ""
    stage: Annotated[str, one_of(Stage.values)] = ""
    legal: Annotated[str, one_of(["yes", "no", "true", "false", "1", "0"])] = ""
    q: SearchQuery = ""
    limit: Limit = 50
    offset: Offset = 0


class PageIn(Schema):
    limit: Limit = 50
    offset: Offset = 0


class RegionOut(Schema):
    slug: str
    name: str
    short_name: str
    countries: list[str]


class CodeNameOut(Schema):
    code: str
    name: str


class RoleOut(Schema):
    role: str
    label: str
    other: str
    status: str


class OrganisationOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    description: str
    wiki_url: str
    website: str
    founded_on: dt.date | None
    recognised_on: dt.date | None
    has_legal_entity: bool
    legal_jurisdiction: str | None
    countries: list[str]
    regions: list[str]
    languages: list[str]
    scope_type: str
    theme: str
    formation: str
    stage: str
    roles: list[RoleOut]
    is_sample: bool
    url: str


class CommunityOut(Schema):
    slug: str
    name: str
    kind: str
    projects: list[str]
    languages: list[str]
    countries: list[str]


class PersonOut(Schema):
    name: str
    role: str


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    changed_on: dt.date
    note: str


class RecognitionOut(Schema):
    decided_on: dt.date
    decided_by: str
    reference_url: str


class OrganisationDetailOut(OrganisationOut):
    parent: str | None
    children: list[str]
    member_organisations: list[str]
    member_of: list[str]
    communities: list[CommunityOut]
    people: list[PersonOut]
    accountable_to: str
    accountable_to_organisation: str | None
    stage_history: list[StageChangeOut]
    recognition: RecognitionOut | None
    status: str


class CoverageRowOut(Schema):
    key: str
    name: str
    level: int
    hubs_by_stage: dict[str, int]
    hubs: int
    hub_names: list[str]
    affiliates: int
    groups: int
    communities: int
    communities_without_hub: int


class CoverageOut(Schema):
    by: str
    count: int
    next: str | None
    items: list[CoverageRowOut]
    without_hub_discussion: list[str]
    levels: dict[str, str]


class NamedCodeOut(Schema):
    code: str
    name: str
    official_status: str
    population_percent: float


class ServedOut(Schema):
    slug: str
    name: str
    kind: str
    stage: str
    reasons: list[str]
    roles: list[RoleOut]


class RoleFillersOut(Schema):
    role: str
    label: str
    filled_by: list[dict[str, str]]


class CommunityServedOut(Schema):
    slug: str
    name: str
    has_hub: bool


class WhoServesOut(Schema):
    country: str | None
    country_name: str | None
    language: str | None
    language_name: str | None
    official_languages: list[NamedCodeOut]
    regional_languages_count: int
    official_in: list[NamedCodeOut]
    hubs: list[ServedOut]
    affiliates: list[ServedOut]
    groups: list[ServedOut]
    others: list[ServedOut]
    could: list[ServedOut]
    roles: list[RoleFillersOut]
    communities: list[CommunityServedOut]


def _roles(org: Organisation) -> list[dict[str, str]]:
    return [
        {"role": r.role, "label": str(r), "other": r.other, "status": r.status}
        for r in queries.related(org, "hub_roles")
    ]


def _organisation(request: HttpRequest, org: Organisation) -> dict[str, Any]:
    return {
        "slug": org.slug,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "description": org.description,
        "wiki_url": org.wiki_url,
        "website": org.website,
        "founded_on": org.founded_on,
        "recognised_on": org.recognised_on,
        "has_legal_entity": org.has_legal_entity,
        "legal_jurisdiction": org.legal_jurisdiction_id,
        "countries": sorted(c.code for c in queries.related(org, "countries")),
        "regions": sorted(r.slug for r in queries.related(org, "regions")),
        "languages": sorted(lang.code for lang in queries.related(org, "languages")),
        "scope_type": org.scope_type,
        "theme": org.theme,
        "formation": org.formation,
        "stage": org.stage,
        "roles": _roles(org),
        "is_sample": org.is_sample,
        "url": request.build_absolute_uri(f"/directory/{org.slug}/"),
    }


def _person_name(user: User) -> str:
    profile = getattr(user, "profile", None)
    return str(profile.name) if profile is not None else str(user.get_username())


def _page(request: HttpRequest, params: FiltersIn, *, hubs_only: bool) -> dict[str, Any]:
    """One page of the list, the same for every reader: kept per address (its host, for
    the links, and its query) and directory version, like the directory's list page."""

    def build() -> dict[str, Any]:
        rows = queries.organisations_list(
            viewer=request.user, filters=queries.filters_parse(params.dict()), hubs_only=hubs_only
        )

        def serialise(page: Sequence[Organisation]) -> list[dict[str, Any]]:
            return [_organisation(request, org) for org in page]

        return paginate(
            request, rows, limit=params.limit, offset=params.offset, serialise=serialise
        )

    return queries.cached_part(
        "api-hubs" if hubs_only else "api-organisations", [request.build_absolute_uri()], build
    )


@router.get(
    "/organisations",
    response={200: PageOut[OrganisationOut], 400: ErrorOut},
    auth=reader_auth,
    summary="Organisations of every kind, filterable",
)
def organisations(request: HttpRequest, params: Query[FiltersIn]) -> dict[str, Any]:
    """Filters: kind (or "affiliate"), region (slug), country (ISO code), language (BCP 47),
    role, stage, legal (yes/no), q (search)."""
    return _page(request, params, hubs_only=False)


@router.get(
    "/hubs",
    response={200: PageOut[OrganisationOut], 400: ErrorOut},
    auth=reader_auth,
    summary="Hubs, filterable",
)
def hubs(request: HttpRequest, params: Query[FiltersIn]) -> dict[str, Any]:
    return _page(request, params, hubs_only=True)


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationDetailOut, 404: ErrorOut},
    auth=reader_auth,
    summary="One organisation or hub",
)
def organisation(request: HttpRequest, slug: str) -> dict[str, Any]:
    org = queries.organisation_for_page(viewer=request.user, slug=slug)
    if org is None:
        raise NotFound(_("No organisation %(slug)s.") % {"slug": repr(slug)}, field="slug")
    recognition = getattr(org, "recognition", None)
    return {
        **_organisation(request, org),
        "parent": org.parent.slug if org.parent else None,
        "children": [c.slug for c in org.children.all()],
        "member_organisations": [m.slug for m in org.member_organisations.all()],
        "member_of": [m.slug for m in org.member_of.all()],
        "communities": [
            {
                "slug": c.slug,
                "name": c.name,
                "kind": c.kind,
                "projects": list(c.projects),
                "languages": sorted(lang.code for lang in c.languages.all()),
                "countries": sorted(country.code for country in c.countries.all()),
            }
            for c in org.communities.all()
        ],
        "people": [{"name": _person_name(m.user), "role": m.role} for m in org.memberships.all()],
        "accountable_to": org.accountable_to,
        "accountable_to_organisation": (
            org.accountable_to_organisation.slug if org.accountable_to_organisation else None
        ),
        "stage_history": [
            {
                "from_stage": s.from_stage,
                "to_stage": s.to_stage,
                "changed_on": s.changed_on,
                "note": s.note,
            }
            for s in org.stage_changes.all()
        ],
        "recognition": (
            {
                "decided_on": recognition.decided_on,
                "decided_by": recognition.decided_by,
                "reference_url": recognition.reference_url,
            }
            if recognition is not None
            else None
        ),
        "status": org.status,
    }


@router.get(
    "/coverage",
    response={200: CoverageOut, 400: ErrorOut},
    auth=reader_auth,
    summary="Coverage and gaps by region or by language",
)
def coverage(
    request: HttpRequest, by: Annotated[str, one_of(["region", "language"], blank=False)] = "region"
) -> dict[str, Any]:
    """Per region (or language): hubs by stage, affiliates, groups, communities, and
    communities no hub serves. `level`: 0 nothing listed, 1 affiliates or groups but no hub
    discussion, 2 hub discussion (idea to planning), 3 hub pilot, 4 recognised hub."""
    if by not in ("region", "language"):
        raise Invalid(_("by must be region or language"), field="by")
    data = queries.coverage_by_region() if by == "region" else queries.coverage_by_language()
    items = [
        {
            "key": r.key,
            "name": r.name,
            "level": r.level,
            "hubs_by_stage": r.hubs_by_stage,
            "hubs": r.hubs,
            "hub_names": r.hub_names,
            "affiliates": r.affiliates,
            "groups": r.groups,
            "communities": r.communities,
            "communities_without_hub": r.communities_without_hub,
        }
        for r in data.rows
    ]
    return {
        "by": by,
        "count": len(items),
        "next": None,
        "items": items,
        "without_hub_discussion": [r.key for r in data.without_hub_discussion],
        "levels": {str(k): str(v) for k, v in LEVEL_LABELS.items()},
    }


def _served(rows: list[queries.Served]) -> list[dict[str, Any]]:
    return [
        {
            "slug": s.organisation.slug,
            "name": s.organisation.name,
            "kind": s.organisation.kind,
            "stage": s.organisation.stage,
            "reasons": s.reasons,
            "roles": _roles(s.organisation),
        }
        for s in rows
    ]


@router.get(
    "/who-serves",
    response={200: WhoServesOut, 400: ErrorOut},
    auth=reader_auth,
    summary="Who serves a country and/or a language, and who could",
    description="Requires at least one of `country` (an ISO 3166-1 code) and `language` "
    "(a language code); 400 naming `country` when neither is given.",
)
def who_serves(request: HttpRequest, country: str = "", language: str = "") -> dict[str, Any]:
    place, tongue = queries.who_serves_place(country=country, language=language)
    return queries.cached(
        f"api-who-serves:{place.code if place else '-'}:{tongue.code if tongue else '-'}",
        lambda: _who_serves_body(place, tongue),
    )


def _who_serves_body(place: Country | None, tongue: Language | None) -> dict[str, Any]:
    result = queries.who_serves(country=place, language=tongue)
    return {
        "country": place.code if place else None,
        "country_name": country_name(place.code) if place else None,
        "language": tongue.code if tongue else None,
        "language_name": language_name(tongue.code) if tongue else None,
        "official_languages": [
            {
                "code": t.language_id,
                "name": language_name(t.language_id),
                "official_status": t.official_status,
                "population_percent": t.population_percent,
            }
            for t in result.official_languages
        ],
        "regional_languages_count": result.regional_languages_count,
        "official_in": [
            {
                "code": t.country_id,
                "name": country_name(t.country_id),
                "official_status": t.official_status,
                "population_percent": t.population_percent,
            }
            for t in result.official_in
        ],
        "hubs": _served(result.hubs),
        "affiliates": _served(result.affiliates),
        "groups": _served(result.groups),
        "others": _served(result.others),
        "could": _served(result.could),
        "roles": [
            {
                "role": value,
                "label": label,
                "filled_by": [{"slug": org.slug, "status": status} for org, status in fillers],
            }
            for value, label, fillers in result.roles
        ],
        "communities": [
            {"slug": c.slug, "name": c.name, "has_hub": has_hub}
            for c, has_hub in result.communities
        ],
    }


@router.get(
    "/regions",
    response={200: PageOut[RegionOut], 400: ErrorOut},
    auth=reader_auth,
    summary="The movement's regions, with their countries",
)
def regions(request: HttpRequest, params: Query[PageIn]) -> dict[str, Any]:
    """`slug` is what `region` (organisations, hubs, events) and `regions` (planner) take;
    `countries` are ISO 3166-1 codes. Names are the movement's own (English)."""

    def serialise(page: Sequence[Region]) -> list[dict[str, Any]]:
        return [
            {
                "slug": region.slug,
                "name": region.name,
                "short_name": region.short_name,
                "countries": [country.code for country in region.countries.all()],
            }
            for region in page
        ]

    return paginate(
        request,
        queries.regions_with_countries(),
        limit=params.limit,
        offset=params.offset,
        serialise=serialise,
    )


def _named_page(request: HttpRequest, params: PageIn, rows: list[queries.Named]) -> dict[str, Any]:
    return paginate(
        request,
        rows,
        limit=params.limit,
        offset=params.offset,
        serialise=lambda page: [{"code": row.code, "name": row.name} for row in page],
    )


@router.get(
    "/countries",
    response={200: PageOut[CodeNameOut], 400: ErrorOut},
    auth=reader_auth,
    summary="Countries, named in the reader's language",
)
def countries(request: HttpRequest, params: Query[PageIn]) -> dict[str, Any]:
    """`code` (ISO 3166-1) is what `country` (organisations, hubs, who-serves) takes; names
    come from CLDR in the reader's language, sorted by name."""
    return _named_page(request, params, queries.countries_named(language=reader_language()))


@router.get(
    "/languages",
    response={200: PageOut[CodeNameOut], 400: ErrorOut},
    auth=reader_auth,
    summary="Languages, named in the reader's language",
)
def languages(request: HttpRequest, params: Query[PageIn]) -> dict[str, Any]:
    """`code` (BCP 47) is what `language` (organisations, hubs, events, who-serves) takes;
    names come from CLDR in the reader's language, sorted by name."""
    return _named_page(request, params, queries.languages_named(language=reader_language()))
