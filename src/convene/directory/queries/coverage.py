"""Coverage and gaps by region or by language, and the coverage level of each country
(for the map).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from convene.directory.models import (
    AFFILIATE_KINDS,
    STAGE_ORDER,
    Country,
    Kind,
    Organisation,
    Region,
    Stage,
    Status,
    TerritoryLanguage,
)
from convene.directory.names import language_name
from convene.directory.queries.cache import cached
from convene.directory.queries.tables import (
    OFFICIAL,
    CommunityCountry,
    CommunityLanguage,
    OrgCommunity,
    OrgCountry,
    OrgLanguage,
    OrgRegion,
    RegionCountry,
)

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


def _row(
    scope: _Scope,
    orgs: list[int],
    *,
    key: str,
    name: str,
    communities: int,
    without_hub: int,
    countries: int = 0,
) -> CoverageRow:
    """One coverage row over the organisations `orgs` (ids in `scope`)."""
    hubs = [pk for pk in orgs if scope.kind[pk] == Kind.HUB]
    by_stage = dict.fromkeys(STAGE_ORDER, 0)
    for pk in hubs:
        by_stage[scope.stage[pk] or Stage.IDEA] += 1
    affiliates = sum(1 for pk in orgs if scope.kind[pk] in AFFILIATE_KINDS)
    group_kinds = (Kind.NON_AFFILIATED_GROUP, Kind.REGIONAL_COLLABORATIVE)
    groups = sum(1 for pk in orgs if scope.kind[pk] in group_kinds)
    return CoverageRow(
        key=key,
        name=name,
        hubs_by_stage=by_stage,
        hub_names=sorted(scope.name[pk] for pk in hubs),
        affiliates=affiliates,
        groups=groups,
        communities=communities,
        communities_without_hub=without_hub,
        level=level_for((scope.stage[pk] for pk in hubs), affiliates=affiliates + groups),
        countries=countries,
    )


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
        rows.append(
            _row(
                scope,
                touching,
                key=region.slug,
                name=region.name,
                communities=community_counts.get(region.pk, 0),
                without_hub=uncovered_counts.get(region.pk, 0),
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
            # A count, not the names: the map carries one note per country on every page.
            notes[code] = ngettext("%(count)d hub", "%(count)d hubs", len(hub_names[code])) % {
                "count": len(hub_names[code])
            }
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
    rows = [
        _row(
            scope,
            by_language.get(code, []),
            key=code,
            name=language_name(code),
            communities=community_counts.get(code, 0),
            without_hub=uncovered_counts.get(code, 0),
        )
        for code in listed
    ]
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
