"""Countries, languages, regions and communities for pickers and lists, named in the
reader's language (Babel/CLDR).
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from convene.directory.models import (
    Country,
    Language,
    Region,
)
from convene.directory.names import country_name, language_name


def regions_all() -> list[Region]:
    return list(Region.objects.order_by("name"))


# --- the lists the API gives (the codes the filters, who-serves and the planner take) ---


@dataclass(frozen=True)
class Named:
    code: str
    name: str


def _named(codes: list[str], name_of: Callable[[str], str]) -> list[Named]:
    rows = [Named(code, name_of(code)) for code in codes]
    return sorted(rows, key=lambda row: (row.name.casefold(), row.code))


def countries_named(*, language: str) -> list[Named]:
    """Every country on record (the ISO codes the filters and "who serves" take), named in
    `language` from CLDR and sorted by that name. One query."""
    codes = list(Country.objects.values_list("code", flat=True))
    return _named(codes, functools.partial(country_name, language=language))


def languages_named(*, language: str) -> list[Named]:
    """Every language on record (the BCP 47 codes the filters and "who serves" take),
    named in `language` from CLDR and sorted by that name. One query."""
    codes = list(Language.objects.values_list("code", flat=True))
    return _named(codes, functools.partial(language_name, language=language))


def regions_with_countries() -> QuerySet[Region]:
    """The movement's regions by name, each with its countries' codes prefetched (the
    slugs are what the region filters and the planner take)."""
    return Region.objects.prefetch_related(
        Prefetch("countries", queryset=Country.objects.only("code").order_by("code"))
    ).order_by("name", "id")
