"""Reads for the directory, with the joins each page needs and visibility applied.

Every function issues a fixed number of queries whatever the amount of data: lists
prefetch their relations, coverage aggregates in the database or over small link tables.

One module per purpose; every name callers use is importable from here:

- `permissions`: who may see and edit an organisation;
- `filters`: the list filters, checked and applied;
- `organisations`: lists, proposals, one organisation, its history;
- `joins`: requests to join, for the organisation page;
- `who_serves`: who serves a country or language, and who could;
- `coverage`: coverage and gaps by region or language, levels for the map;
- `timeline`: founding, recognition and stage changes;
- `reference`: countries, languages, regions, communities for pickers and lists;
- `cache`: the directory version and the cache of whole-directory figures;
- `tables`: the link tables and the shape of a match.
"""

from convene.directory.queries.cache import (
    cache_seconds,
    cached,
    cached_part,
    directory_version,
)
from convene.directory.queries.coverage import (
    LEVEL_AFFILIATES,
    LEVEL_DISCUSSION,
    LEVEL_NONE,
    LEVEL_PILOT,
    LEVEL_RECOGNISED,
    Coverage,
    CoverageRow,
    coverage_by_language,
    coverage_by_region,
    level_for,
)
from convene.directory.queries.filters import (
    AFFILIATE_FILTER,
    DirectoryFilters,
    FilterError,
    filters_parse,
)
from convene.directory.queries.joins import (
    JoinState,
    join_request_for_decision,
    join_state,
)
from convene.directory.queries.organisations import (
    LIST_FIELDS,
    organisation_for_action,
    organisation_for_page,
    organisation_head,
    organisation_history,
    organisations_list,
    person_organisations,
    proposals_for,
    related,
)
from convene.directory.queries.permissions import (
    organisation_can_edit,
)
from convene.directory.queries.reference import (
    Named,
    countries_named,
    languages_named,
    regions_all,
    regions_with_countries,
)
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
from convene.directory.queries.timeline import (
    TimelineEntry,
    timeline,
)
from convene.directory.queries.who_serves import (
    WHO_SERVES_LIMIT,
    Served,
    WhoServes,
    who_serves,
    who_serves_place,
)

__all__ = [
    "AFFILIATE_FILTER",
    "LEVEL_AFFILIATES",
    "LEVEL_DISCUSSION",
    "LEVEL_NONE",
    "LEVEL_PILOT",
    "LEVEL_RECOGNISED",
    "LIST_FIELDS",
    "OFFICIAL",
    "WHO_SERVES_LIMIT",
    "CommunityCountry",
    "CommunityLanguage",
    "Coverage",
    "CoverageRow",
    "DirectoryFilters",
    "FilterError",
    "JoinState",
    "Named",
    "OrgCommunity",
    "OrgCountry",
    "OrgLanguage",
    "OrgRegion",
    "RegionCountry",
    "Served",
    "TimelineEntry",
    "WhoServes",
    "cache_seconds",
    "cached",
    "cached_part",
    "countries_named",
    "coverage_by_language",
    "coverage_by_region",
    "directory_version",
    "filters_parse",
    "join_request_for_decision",
    "join_state",
    "languages_named",
    "level_for",
    "organisation_can_edit",
    "organisation_for_action",
    "organisation_for_page",
    "organisation_head",
    "organisation_history",
    "organisations_list",
    "person_organisations",
    "proposals_for",
    "regions_all",
    "regions_with_countries",
    "related",
    "timeline",
    "who_serves",
    "who_serves_place",
]
