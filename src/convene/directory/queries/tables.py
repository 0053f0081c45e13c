"""The link tables the directory's reads match on, and the shape of a match.

Each match is "id IN (SELECT organisation_id FROM <link table> ...)": uncorrelated, so
the database builds each small id set once instead of probing it for every organisation.
"""

from typing import Any

from django.db.models import Q, QuerySet

from convene.directory.models import (
    Community,
    OfficialStatus,
    Organisation,
    Region,
)

OrgCountry = Organisation.countries.through
OrgRegion = Organisation.regions.through
OrgLanguage = Organisation.languages.through
OrgCommunity = Organisation.communities.through
CommunityCountry = Community.countries.through
CommunityLanguage = Community.languages.through
RegionCountry = Region.countries.through

OFFICIAL = (OfficialStatus.OFFICIAL, OfficialStatus.DE_FACTO_OFFICIAL)


def ids_in(rows: QuerySet[Any]) -> Q:
    return Q(pk__in=rows.values("organisation_id"))


def serves_country(code: str) -> Q:
    return (
        ids_in(OrgCountry.objects.filter(country_id=code))
        | ids_in(OrgRegion.objects.filter(region__countries=code))
        | ids_in(OrgCommunity.objects.filter(community__countries=code))
    )


def serves_language(code: str) -> Q:
    return ids_in(OrgLanguage.objects.filter(language_id=code)) | ids_in(
        OrgCommunity.objects.filter(community__languages=code)
    )


def in_region(slug: str) -> Q:
    return ids_in(OrgRegion.objects.filter(region__slug=slug)) | ids_in(
        OrgCountry.objects.filter(country__regions__slug=slug)
    )
