"""Reads for the directory, with the joins each page needs and visibility applied.

Every function issues a fixed number of queries whatever the amount of data: lists
prefetch their relations, coverage aggregates in the database or over small link tables.
"""

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from convene.core.errors import Invalid
from convene.core.types import Actor
from convene.directory.models import (
    AFFILIATE_KINDS,
    STAGE_ORDER,
    Change,
    Community,
    Country,
    HubRole,
    HubRoleKind,
    HubRoleStatus,
    Kind,
    Language,
    Membership,
    OfficialStatus,
    Organisation,
    PersonRole,
    Region,
    Stage,
    StageChange,
    Status,
    TerritoryLanguage,
)
from convene.directory.names import country_name, language_name
from convene.directory.reference import library_rows

OrgCountry = Organisation.countries.through
OrgRegion = Organisation.regions.through
OrgLanguage = Organisation.languages.through
OrgCommunity = Organisation.communities.through
CommunityCountry = Community.countries.through
CommunityLanguage = Community.languages.through
RegionCountry = Region.countries.through

T = TypeVar("T")
OFFICIAL = (OfficialStatus.OFFICIAL, OfficialStatus.DE_FACTO_OFFICIAL)
AFFILIATE_FILTER = "affiliate"  # a `kind` filter value meaning chapter, thematic org or user group


class FilterError(Invalid):
    """An unknown filter value; `field` names the parameter (HTTP 400 through the API)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message, field=field_name)


# --- permission (read side) -------------------------------------------------------------


def organisation_can_edit(*, viewer: Actor, organisation: Organisation) -> bool:
    """Staff edit anything; an organisation's coordinators edit their organisation."""
    if not viewer.is_authenticated:
        return False
    if viewer.is_staff:
        return True
    if organisation.status != Status.ACTIVE:
        return False
    prefetched = getattr(organisation, "_prefetched_objects_cache", {}).get("memberships")
    if prefetched is not None:
        return any(m.user_id == viewer.pk and m.role == PersonRole.COORDINATOR for m in prefetched)
    return Membership.objects.filter(
        organisation=organisation, user=viewer, role=PersonRole.COORDINATOR
    ).exists()


def _visible(viewer: Actor) -> Q:
    if viewer.is_authenticated:
        if viewer.is_staff:
            return Q()
        return Q(status=Status.ACTIVE) | Q(proposed_by=viewer)
    return Q(status=Status.ACTIVE)


# --- filters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    kind: str = ""
    region: str = ""
    country: str = ""
    language: str = ""
    role: str = ""
    stage: str = ""
    legal: bool | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return any(
            (self.kind, self.region, self.country, self.language, self.role, self.stage, self.q)
        ) or (self.legal is not None)


def filters_parse(params: Mapping[str, Any]) -> DirectoryFilters:
    """Check filter values; an unknown one raises FilterError naming the parameter."""

    def get(name: str) -> str:
        value = params.get(name)
        return str(value).strip() if value is not None else ""

    kind, region, country = get("kind"), get("region"), get("country").upper()
    language, role, stage, legal_raw = get("language"), get("role"), get("stage"), get("legal")
    if kind and kind not in Kind.values and kind != AFFILIATE_FILTER:
        raise FilterError("kind", f"unknown kind {kind!r}")
    if role and role not in HubRoleKind.values:
        raise FilterError("role", f"unknown role {role!r}")
    if stage and stage not in Stage.values:
        raise FilterError("stage", f"unknown stage {stage!r}")
    legal: bool | None = None
    if legal_raw:
        if legal_raw.lower() in ("yes", "true", "1"):
            legal = True
        elif legal_raw.lower() in ("no", "false", "0"):
            legal = False
        else:
            raise FilterError("legal", f"legal must be yes or no, not {legal_raw!r}")
    if region and not Region.objects.filter(slug=region).exists():
        raise FilterError("region", f"unknown region {region!r}")
    if country and not Country.objects.filter(code=country).exists():
        raise FilterError("country", f"unknown country code {country!r}")
    if language and not Language.objects.filter(code=language).exists():
        raise FilterError("language", f"unknown language code {language!r}")
    return DirectoryFilters(
        kind=kind,
        region=region,
        country=country,
        language=language,
        role=role,
        stage=stage,
        legal=legal,
        q=get("q")[:200],
    )


# Each match is "id IN (SELECT organisation_id FROM <link table> ...)": uncorrelated, so
# the database builds each small id set once instead of probing it for every organisation.


def _ids(rows: QuerySet[Any]) -> Q:
    return Q(pk__in=rows.values("organisation_id"))


def _serves_country(code: str) -> Q:
    return (
        _ids(OrgCountry.objects.filter(country_id=code))
        | _ids(OrgRegion.objects.filter(region__countries=code))
        | _ids(OrgCommunity.objects.filter(community__countries=code))
    )


def _serves_language(code: str) -> Q:
    return _ids(OrgLanguage.objects.filter(language_id=code)) | _ids(
        OrgCommunity.objects.filter(community__languages=code)
    )


def _in_region(slug: str) -> Q:
    return _ids(OrgRegion.objects.filter(region__slug=slug)) | _ids(
        OrgCountry.objects.filter(country__regions__slug=slug)
    )


def _apply_filters(
    rows: QuerySet[Organisation], filters: DirectoryFilters
) -> QuerySet[Organisation]:
    if filters.kind == AFFILIATE_FILTER:
        rows = rows.filter(kind__in=AFFILIATE_KINDS)
    elif filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.stage:
        rows = rows.filter(stage=filters.stage)
    if filters.legal is not None:
        rows = rows.filter(has_legal_entity=filters.legal)
    if filters.role:
        rows = rows.filter(_ids(HubRole.objects.filter(role=filters.role)))
    if filters.region:
        rows = rows.filter(_in_region(filters.region))
    if filters.country:
        rows = rows.filter(_serves_country(filters.country))
    if filters.language:
        rows = rows.filter(_serves_language(filters.language))
    if filters.q:
        rows = rows.filter(
            Q(name__icontains=filters.q)
            | Q(short_name__icontains=filters.q)
            | Q(description__icontains=filters.q)
            | Q(theme__icontains=filters.q)
        )
    return rows


def related(org: Organisation, name: str) -> list[Any]:
    """org.<name> as a list: the `<name>_list` that list queries prefetch (plain lists are
    much cheaper to read than a related manager per row), else the manager's rows."""
    cached = getattr(org, f"{name}_list", None)
    return list(cached) if cached is not None else list(getattr(org, name).all())


def _list_prefetch(rows: QuerySet[Organisation]) -> QuerySet[Organisation]:
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
    return _list_prefetch(_apply_filters(rows, filters)).order_by("name", "id")


def proposals_for(*, viewer: Actor) -> QuerySet[Organisation]:
    """Open proposals: all of them for staff, a person's own otherwise (with decisions)."""
    if not viewer.is_authenticated:
        return Organisation.objects.none()
    if viewer.is_staff:
        rows = Organisation.objects.filter(status=Status.PROPOSED)
    else:
        rows = Organisation.objects.filter(proposed_by=viewer).exclude(status=Status.ACTIVE)
    return rows.select_related("proposed_by").order_by("-created_at", "-id")


# --- one organisation -------------------------------------------------------------------


def organisation_for_page(*, viewer: Actor, slug: str) -> Organisation | None:
    """One organisation with everything its page shows, or None if the viewer may not see it."""
    return (
        Organisation.objects.filter(_visible(viewer), slug=slug)
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
        Organisation.objects.filter(_visible(viewer), slug=slug)
        .only("id", "slug", "name", "status", "kind")
        .first()
    )


def organisation_for_action(*, viewer: Actor, slug: str) -> Organisation | None:
    """One visible organisation for a write: the fields only, nothing prefetched (the page
    is loaded again, with organisation_for_page, only if the form has to be shown again)."""
    return Organisation.objects.filter(_visible(viewer), slug=slug).first()


def organisation_history(*, organisation: Organisation, limit: int = 50) -> list[Change]:
    return list(
        Change.objects.filter(organisation=organisation)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def organisations_choices() -> list[tuple[int, str]]:
    """(id, name) of listed organisations, for parent/member pickers."""
    return list(
        Organisation.objects.filter(status=Status.ACTIVE).order_by("name").values_list("id", "name")
    )


# --- who serves me ----------------------------------------------------------------------


@dataclass
class Served:
    organisation: Organisation
    reasons: list[str]


@dataclass
class WhoServes:
    country: Country | None
    language: Language | None
    hubs: list[Served] = field(default_factory=list)
    affiliates: list[Served] = field(default_factory=list)
    groups: list[Served] = field(default_factory=list)
    others: list[Served] = field(default_factory=list)
    could: list[Served] = field(default_factory=list)
    roles: list[tuple[str, str, list[tuple[Organisation, str]]]] = field(default_factory=list)
    official_languages: list[TerritoryLanguage] = field(default_factory=list)
    regional_languages_count: int = 0
    official_in: list[TerritoryLanguage] = field(default_factory=list)
    communities: list[tuple[Community, bool]] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    total: int = 0

    @property
    def serving(self) -> list[Served]:
        return self.hubs + self.affiliates + self.groups + self.others


WHO_SERVES_LIMIT = 60
LIST_FIELDS = ("id", "slug", "name", "short_name", "kind", "stage", "scope_type", "theme",
               "is_sample", "has_legal_entity")  # fmt: skip


def _kind_priority() -> Case:
    return Case(
        When(kind=Kind.HUB, then=Value(0)),
        When(kind__in=AFFILIATE_KINDS, then=Value(1)),
        When(kind__in=(Kind.NON_AFFILIATED_GROUP, Kind.REGIONAL_COLLABORATIVE), then=Value(2)),
        default=Value(3),
    )


def who_serves(*, country: Country | None, language: Language | None) -> WhoServes:
    """The hubs, affiliates and groups that serve a country and/or language, why, which
    roles they fill, and who could (organisations where the language is official).
    At most WHO_SERVES_LIMIT organisations, hubs first; `total` says how many match."""
    result = WhoServes(country=country, language=language)
    if country is None and language is None:
        return result
    match: Q = Q()
    if country is not None:
        match |= _serves_country(country.code)
    if language is not None:
        match |= _serves_language(language.code)
    matching = Organisation.objects.filter(match, status=Status.ACTIVE)
    result.total = matching.count()
    rows = list(
        _list_prefetch(matching.only(*LIST_FIELDS))
        .annotate(priority=_kind_priority())
        .order_by("priority", "name")[:WHO_SERVES_LIMIT]
    )
    community_match = Q()
    if country is not None:
        community_match |= Q(community__countries=country.code)
    if language is not None:
        community_match |= Q(community__languages=language.code)
    served_communities: dict[int, list[str]] = defaultdict(list)
    for org_id, name in (
        OrgCommunity.objects.filter(community_match, organisation_id__in=[o.pk for o in rows])
        .values_list("organisation_id", "community__name")
        .distinct()
        .order_by("community__name")
    ):
        served_communities[org_id].append(name)
    if country is not None:
        result.regions = list(country.regions.all())
        spoken = list(
            TerritoryLanguage.objects.filter(country=country)
            .exclude(official_status="")
            .select_related("language")
            .order_by("-population_percent")
        )
        result.official_languages = [t for t in spoken if t.official_status in OFFICIAL]
        result.regional_languages_count = len(spoken) - len(result.official_languages)
    if language is not None:
        result.official_in = list(
            TerritoryLanguage.objects.filter(language=language, official_status__in=OFFICIAL)
            .select_related("country")
            .order_by("-population_percent")
        )
    region_ids = {r.pk for r in result.regions}
    for org in rows:
        reasons = _reasons(org, country, language, region_ids)
        reasons += [
            _("serves %(community)s") % {"community": n} for n in served_communities[org.pk]
        ]
        _file(result, Served(org, reasons))
    result.hubs.sort(key=lambda s: -STAGE_ORDER.index(s.organisation.stage or Stage.IDEA))
    result.roles = _roles_table(rows)
    result.could = _could_serve(
        country=country,
        language=language,
        exclude=[o.pk for o in rows],
        official_in=result.official_in,
        official_languages=result.official_languages,
    )
    result.communities = _communities_for(country=country, language=language)
    return result


def who_serves_place(*, country: str, language: str) -> tuple[Country | None, Language | None]:
    """The country (ISO code, any case) and language (BCP 47) a "who serves" question names.
    Neither given, or an unknown code, is refused with `Invalid` naming the parameter."""
    if not country and not language:
        raise Invalid(_("Give a country and/or a language."), field="country")
    place = None
    if country:
        place = Country.objects.filter(code=country.upper()).first()
        if place is None:
            raise Invalid(
                _("Unknown country code %(code)s.") % {"code": repr(country)}, field="country"
            )
    tongue = None
    if language:
        tongue = Language.objects.filter(code=language).first()
        if tongue is None:
            raise Invalid(
                _("Unknown language code %(code)s.") % {"code": repr(language)}, field="language"
            )
    return place, tongue


def _file(result: WhoServes, served: Served) -> None:
    kind = served.organisation.kind
    if kind == Kind.HUB:
        result.hubs.append(served)
    elif kind in AFFILIATE_KINDS:
        result.affiliates.append(served)
    elif kind in (Kind.NON_AFFILIATED_GROUP, Kind.REGIONAL_COLLABORATIVE):
        result.groups.append(served)
    else:
        result.others.append(served)


def _roles_table(
    rows: Sequence[Organisation],
) -> list[tuple[str, str, list[tuple[Organisation, str]]]]:
    """Each role with the organisations filling it (active ones first)."""
    by_role: dict[str, list[tuple[Organisation, str]]] = defaultdict(list)
    for org in rows:
        for hub_role in related(org, "hub_roles"):
            by_role[hub_role.role].append((org, hub_role.status))
    return [
        (
            value,
            str(label),
            sorted(by_role.get(value, []), key=lambda p: p[1] != HubRoleStatus.ACTIVE),
        )
        for value, label in HubRoleKind.choices
    ]


def _reasons(
    org: Organisation, country: Country | None, language: Language | None, region_ids: set[int]
) -> list[str]:
    reasons: list[str] = []
    if country is not None:
        if any(c.code == country.code for c in related(org, "countries")):
            reasons.append(_("works in %(country)s") % {"country": country_name(country.code)})
        reasons.extend(
            _("covers the region %(region)s") % {"region": region.short_name}
            for region in related(org, "regions")
            if region.pk in region_ids
        )
    if language is not None and any(
        lang.code == language.code for lang in related(org, "languages")
    ):
        reasons.append(_("works in %(language)s") % {"language": language_name(language.code)})
    return reasons


def _could_serve(
    *,
    country: Country | None,
    language: Language | None,
    exclude: list[int],
    official_in: list[TerritoryLanguage],
    official_languages: list[TerritoryLanguage],
) -> list[Served]:
    # Thematic hubs with no place or language: open to everyone.
    match: Q = (
        Q(kind=Kind.HUB, scope_type="thematic")
        & ~_ids(OrgCountry.objects.all())
        & ~_ids(OrgRegion.objects.all())
        & ~_ids(OrgLanguage.objects.all())
    )
    countries = [t.country_id for t in official_in]
    languages = [t.language_id for t in official_languages]
    if countries:
        match |= Q(kind__in=(*AFFILIATE_KINDS, Kind.HUB, Kind.REGIONAL_COLLABORATIVE)) & _ids(
            OrgCountry.objects.filter(country_id__in=countries)
        )
    if languages:
        match |= Q(kind__in=(Kind.HUB, Kind.REGIONAL_COLLABORATIVE)) & _ids(
            OrgLanguage.objects.filter(language_id__in=languages)
        )
    rows = list(
        _list_prefetch(Organisation.objects.filter(match, status=Status.ACTIVE).only(*LIST_FIELDS))
        .exclude(pk__in=exclude)
        .order_by("name")[:20]
    )
    out = []
    for org in rows:
        reasons = []
        if org.kind == Kind.HUB and org.scope_type == "thematic" and not related(org, "countries"):
            reasons.append(_("thematic hub open to everyone: %(theme)s") % {"theme": org.theme})
        shared = [c.code for c in related(org, "countries") if c.code in countries]
        if shared and language is not None:
            reasons.append(
                _("works in %(countries)s, where %(language)s is official")
                % {
                    "countries": ", ".join(country_name(c) for c in shared[:3]),
                    "language": language_name(language.code),
                }
            )
        spoken = [lang.code for lang in related(org, "languages") if lang.code in languages]
        if spoken and country is not None:
            reasons.append(
                _("works in %(languages)s, official in %(country)s")
                % {
                    "languages": ", ".join(language_name(c) for c in spoken[:3]),
                    "country": country_name(country.code),
                }
            )
        out.append(Served(org, reasons))
    return out


def _communities_for(
    *, country: Country | None, language: Language | None
) -> list[tuple[Community, bool]]:
    match = Q()
    if country is not None:
        match |= Q(
            pk__in=CommunityCountry.objects.filter(country_id=country.code).values("community_id")
        )
    if language is not None:
        match |= Q(
            pk__in=CommunityLanguage.objects.filter(language_id=language.code).values(
                "community_id"
            )
        )
    served_by_hub = Exists(
        OrgCommunity.objects.filter(
            community_id=OuterRef("pk"),
            organisation__kind=Kind.HUB,
            organisation__status=Status.ACTIVE,
        )
    )
    rows = (
        Community.objects.filter(match)
        .annotate(has_hub=served_by_hub)
        .prefetch_related(Prefetch("languages", queryset=Language.objects.only("code")))
        .order_by("name")[:100]
    )
    return [(c, bool(c.has_hub)) for c in rows]


# --- coverage ---------------------------------------------------------------------------


def directory_version() -> str:
    """Changes whenever a service writes (each write records a Change): the key under which
    whole-directory figures are cached. Writes that bypass the services (bulk loads) should
    record a Change too, or the cached figures stay as they were until they expire
    (DIRECTORY_CACHE_SECONDS, default 600; 0 turns the cache off)."""
    last = Change.objects.aggregate(last=Max("id"))["last"]
    return str(last or 0)


def cache_seconds() -> int:
    return int(getattr(settings, "DIRECTORY_CACHE_SECONDS", 600))


def cached(name: str, compute: Callable[[], T]) -> T:
    """compute(), kept in the cache per reader language and directory version."""
    timeout = cache_seconds()
    if timeout <= 0:
        return compute()
    key = f"directory:{name}:{get_language() or 'en'}:{directory_version()}"
    hit = cache.get(key)
    if hit is None:
        hit = compute()
        cache.set(key, hit, timeout)
    return cast(T, hit)


LEVEL_NONE = 0  # nothing: no affiliate, no hub discussion
LEVEL_AFFILIATES = 1  # affiliates or groups, no hub discussion
LEVEL_DISCUSSION = 2  # a hub at idea, research, discussion or planning
LEVEL_PILOT = 3
LEVEL_RECOGNISED = 4


def level_for(stages: Iterable[str], *, affiliates: int) -> int:
    best = max((STAGE_ORDER.index(s) for s in stages if s), default=-1)
    if best >= STAGE_ORDER.index(Stage.RECOGNISED):
        return LEVEL_RECOGNISED
    if best >= STAGE_ORDER.index(Stage.PILOT):
        return LEVEL_PILOT
    if best >= 0:
        return LEVEL_DISCUSSION
    return LEVEL_AFFILIATES if affiliates else LEVEL_NONE


@dataclass
class CoverageRow:
    key: str  # region slug or language code
    name: str
    hubs_by_stage: dict[str, int]
    hub_names: list[str]
    affiliates: int
    groups: int
    communities: int
    communities_without_hub: int
    level: int
    countries: int = 0

    @property
    def hubs(self) -> int:
        return sum(self.hubs_by_stage.values())

    @property
    def stage_counts(self) -> list[tuple[str, int]]:
        """(stage label, number of hubs) for the stages that have hubs."""
        return [(str(label), self.hubs_by_stage[value]) for value, label in Stage.choices
                if self.hubs_by_stage.get(value)]  # fmt: skip


@dataclass
class Coverage:
    by: str
    rows: list[CoverageRow]
    country_levels: dict[str, int]
    country_notes: dict[str, str]

    @property
    def without_hub_discussion(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.level < LEVEL_DISCUSSION]


@dataclass
class _Scope:
    """Which organisations touch which countries and languages (listed ones only)."""

    kind: dict[int, str]
    stage: dict[int, str]
    name: dict[int, str]
    countries: dict[int, set[str]]
    languages: dict[int, set[str]]
    region_ids: dict[int, set[int]]
    region_countries: dict[int, set[str]]


def _scope() -> _Scope:
    orgs = Organisation.objects.filter(status=Status.ACTIVE).exclude(
        kind__in=(Kind.COMMITTEE, Kind.DRAFTING_GROUP, Kind.STAFF_TEAM, Kind.FOUNDATION)
    )
    kind: dict[int, str] = {}
    stage: dict[int, str] = {}
    name: dict[int, str] = {}
    for pk, k, s, n, short in orgs.values_list("id", "kind", "stage", "name", "short_name"):
        kind[pk], stage[pk], name[pk] = k, s, short or n
    region_countries: dict[int, set[str]] = defaultdict(set)
    for region_id, code in RegionCountry.objects.values_list("region_id", "country_id"):
        region_countries[region_id].add(code)
    countries: dict[int, set[str]] = defaultdict(set)
    for pk, code in OrgCountry.objects.filter(organisation__in=orgs).values_list(
        "organisation_id", "country_id"
    ):
        countries[pk].add(code)
    region_ids: dict[int, set[int]] = defaultdict(set)
    for pk, region_id in OrgRegion.objects.filter(organisation__in=orgs).values_list(
        "organisation_id", "region_id"
    ):
        region_ids[pk].add(region_id)
        countries[pk] |= region_countries[region_id]
    languages: dict[int, set[str]] = defaultdict(set)
    for pk, code in OrgLanguage.objects.filter(organisation__in=orgs).values_list(
        "organisation_id", "language_id"
    ):
        languages[pk].add(code)
    return _Scope(kind, stage, name, countries, languages, region_ids, region_countries)


@dataclass
class _CommunityPlaces:
    """Every community's countries and languages, and which of them no hub covers."""

    countries: dict[int, set[str]]
    languages: dict[int, set[str]]
    uncovered: set[int]


def _community_places(scope: _Scope) -> _CommunityPlaces:
    """A community has a hub when a listed hub names it, or a hub's scope holds one of its
    countries (directly or through a region) or languages. Counted here in Python over two
    link tables: SQLite plans the same thing as correlated subqueries much more slowly."""
    countries: dict[int, set[str]] = defaultdict(set)
    for community_id, code in CommunityCountry.objects.values_list("community_id", "country_id"):
        countries[community_id].add(code)
    languages: dict[int, set[str]] = defaultdict(set)
    for community_id, code in CommunityLanguage.objects.values_list("community_id", "language_id"):
        languages[community_id].add(code)
    hub_ids = [pk for pk, k in scope.kind.items() if k == Kind.HUB]
    covered_countries: set[str] = set().union(*(scope.countries[pk] for pk in hub_ids))
    covered_languages: set[str] = set().union(*(scope.languages[pk] for pk in hub_ids))
    named = set(
        OrgCommunity.objects.filter(
            organisation__kind=Kind.HUB, organisation__status=Status.ACTIVE
        ).values_list("community_id", flat=True)
    )
    uncovered = {
        pk
        for pk in set(countries) | set(languages)
        if pk not in named
        and not (countries.get(pk, set()) & covered_countries)
        and not (languages.get(pk, set()) & covered_languages)
    }
    return _CommunityPlaces(countries, languages, uncovered)


def coverage_by_region() -> Coverage:
    return cached("coverage-region", _coverage_by_region)


def _coverage_by_region() -> Coverage:
    """Per region: hubs by stage, affiliates, groups, communities and those with no hub;
    per country a coverage level for the map."""
    scope = _scope()
    regions = list(Region.objects.order_by("name"))
    places = _community_places(scope)
    region_of = {
        code: region_id for region_id, codes in scope.region_countries.items() for code in codes
    }
    community_counts: dict[int, int] = defaultdict(int)
    uncovered_counts: dict[int, int] = defaultdict(int)
    for community_id, codes in places.countries.items():
        for region_id in {region_of[c] for c in codes if c in region_of}:
            community_counts[region_id] += 1
            if community_id in places.uncovered:
                uncovered_counts[region_id] += 1
    rows: list[CoverageRow] = []
    for region in regions:
        members = scope.region_countries[region.pk]
        touching = [
            pk
            for pk in scope.kind
            if region.pk in scope.region_ids[pk] or (scope.countries[pk] & members)
        ]
        hubs = [pk for pk in touching if scope.kind[pk] == Kind.HUB]
        by_stage = dict.fromkeys(STAGE_ORDER, 0)
        for pk in hubs:
            by_stage[scope.stage[pk] or Stage.IDEA] += 1
        affiliates = sum(1 for pk in touching if scope.kind[pk] in AFFILIATE_KINDS)
        groups = sum(
            1
            for pk in touching
            if scope.kind[pk] in (Kind.NON_AFFILIATED_GROUP, Kind.REGIONAL_COLLABORATIVE)
        )
        rows.append(
            CoverageRow(
                key=region.slug,
                name=region.name,
                hubs_by_stage=by_stage,
                hub_names=sorted(scope.name[pk] for pk in hubs),
                affiliates=affiliates,
                groups=groups,
                communities=community_counts.get(region.pk, 0),
                communities_without_hub=uncovered_counts.get(region.pk, 0),
                level=level_for((scope.stage[pk] for pk in hubs), affiliates=affiliates + groups),
                countries=len(members),
            )
        )
    levels, notes = _country_levels(scope, lambda pk: scope.countries[pk])
    for code, level in levels.items():
        notes.setdefault(code, "")
        if level == LEVEL_NONE:
            notes[code] = _("no hub discussion")
    return Coverage(by="region", rows=rows, country_levels=levels, country_notes=notes)


def _country_levels(
    scope: _Scope, countries_of: Callable[[int], set[str]]
) -> tuple[dict[str, int], dict[str, str]]:
    stages: dict[str, list[str]] = defaultdict(list)
    hub_names: dict[str, list[str]] = defaultdict(list)
    affiliates: dict[str, int] = defaultdict(int)
    for pk, k in scope.kind.items():
        for code in countries_of(pk):
            if k == Kind.HUB:
                stages[code].append(scope.stage[pk] or Stage.IDEA)
                hub_names[code].append(f"{scope.name[pk]} ({scope.stage[pk]})")
            elif k in AFFILIATE_KINDS or k == Kind.NON_AFFILIATED_GROUP:
                affiliates[code] += 1
    levels: dict[str, int] = {}
    notes: dict[str, str] = {}
    for code in Country.objects.values_list("code", flat=True):
        levels[code] = level_for(stages.get(code, []), affiliates=affiliates.get(code, 0))
        if hub_names.get(code):
            notes[code] = ", ".join(sorted(hub_names[code])[:4])
        elif affiliates.get(code):
            notes[code] = _("%(count)d affiliates or groups, no hub discussion") % {
                "count": affiliates[code]
            }
    return levels, notes


def coverage_by_language() -> Coverage:
    return cached("coverage-language", _coverage_by_language)


def _coverage_by_language() -> Coverage:
    """Per language that has a community or an organisation: hubs by stage, affiliates,
    communities and those with no hub. The map colours a country by the hubs working in
    one of its official languages (CLDR)."""
    scope = _scope()
    places = _community_places(scope)
    community_counts: dict[str, int] = defaultdict(int)
    uncovered_counts: dict[str, int] = defaultdict(int)
    for community_id, codes in places.languages.items():
        for code in codes:
            community_counts[code] += 1
            if community_id in places.uncovered:
                uncovered_counts[code] += 1
    by_language: dict[str, list[int]] = defaultdict(list)
    for pk, codes in scope.languages.items():
        for code in codes:
            by_language[code].append(pk)
    listed = sorted(set(community_counts) | set(by_language))
    rows: list[CoverageRow] = []
    for code in listed:
        orgs = by_language.get(code, [])
        hubs = [pk for pk in orgs if scope.kind[pk] == Kind.HUB]
        by_stage = dict.fromkeys(STAGE_ORDER, 0)
        for pk in hubs:
            by_stage[scope.stage[pk] or Stage.IDEA] += 1
        affiliates = sum(1 for pk in orgs if scope.kind[pk] in AFFILIATE_KINDS)
        groups = sum(
            1
            for pk in orgs
            if scope.kind[pk] in (Kind.NON_AFFILIATED_GROUP, Kind.REGIONAL_COLLABORATIVE)
        )
        rows.append(
            CoverageRow(
                key=code,
                name=language_name(code),
                hubs_by_stage=by_stage,
                hub_names=sorted(scope.name[pk] for pk in hubs),
                affiliates=affiliates,
                groups=groups,
                communities=community_counts.get(code, 0),
                communities_without_hub=uncovered_counts.get(code, 0),
                level=level_for((scope.stage[pk] for pk in hubs), affiliates=affiliates + groups),
            )
        )
    rows.sort(key=lambda r: (-r.communities, r.name))
    official: dict[str, set[str]] = defaultdict(set)
    for country_id, language_id in TerritoryLanguage.objects.filter(
        official_status__in=OFFICIAL
    ).values_list("country_id", "language_id"):
        official[language_id].add(country_id)
    levels, notes = _country_levels(
        scope,
        lambda pk: (
            set().union(*(official.get(code, set()) for code in scope.languages[pk]))
            if scope.languages[pk]
            else set()
        ),
    )
    return Coverage(by="language", rows=rows, country_levels=levels, country_notes=notes)


# --- timeline ---------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    date: dt.date
    organisation_name: str
    organisation_slug: str
    kind: str
    what: str  # "founded", "recognised", "stage"
    from_stage: str = ""
    to_stage: str = ""
    note: str = ""

    @property
    def from_label(self) -> str:
        return str(Stage(self.from_stage).label) if self.from_stage else ""

    @property
    def to_label(self) -> str:
        return str(Stage(self.to_stage).label) if self.to_stage else ""


def timeline() -> list[TimelineEntry]:
    """Founding, recognition and stage changes of collaboratives and hubs, oldest first."""
    kinds = (Kind.REGIONAL_COLLABORATIVE, Kind.HUB)
    entries: list[TimelineEntry] = []
    for name, short, slug, kind, founded, recognised in Organisation.objects.filter(
        status=Status.ACTIVE, kind__in=kinds
    ).values_list("name", "short_name", "slug", "kind", "founded_on", "recognised_on"):
        if founded:
            entries.append(TimelineEntry(founded, short or name, slug, kind, "founded"))
        if recognised:
            entries.append(TimelineEntry(recognised, short or name, slug, kind, "recognised"))
    for (
        changed_on,
        from_stage,
        to_stage,
        note,
        name,
        short,
        slug,
        kind,
    ) in StageChange.objects.filter(
        organisation__status=Status.ACTIVE, organisation__kind__in=kinds
    ).values_list(
        "changed_on",
        "from_stage",
        "to_stage",
        "note",
        "organisation__name",
        "organisation__short_name",
        "organisation__slug",
        "organisation__kind",
    ):
        entries.append(
            TimelineEntry(
                changed_on, short or name, slug, kind, "stage", from_stage, to_stage, note
            )
        )
    order = {"founded": 0, "stage": 1, "recognised": 2}
    entries.sort(key=lambda e: (e.date, e.organisation_name, order[e.what]))
    return entries


# --- reference --------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def countries_choices(*, language: str) -> list[tuple[str, str]]:
    """(code, name) of every country, named and sorted in `language`. From the same library
    data that `reference_load` stores, so no query and computed once per language."""
    countries, _languages, _spoken = library_rows()
    rows = [(code, country_name(code, language=language)) for code, _name in countries]
    return sorted(rows, key=lambda r: r[1].casefold())


@functools.lru_cache(maxsize=16)
def languages_choices(*, language: str) -> list[tuple[str, str]]:
    """(code, "name (code)") of every language, named and sorted in `language`."""
    _countries, languages, _spoken = library_rows()
    rows = [
        (code, f"{language_name(code, language=language)} ({code})") for code, _name in languages
    ]
    return sorted(rows, key=lambda r: r[1].casefold())


def regions_all() -> list[Region]:
    return list(Region.objects.order_by("name"))


def communities_choices() -> list[tuple[int, str]]:
    return list(Community.objects.order_by("name").values_list("id", "name"))
