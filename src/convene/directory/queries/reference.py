"""Countries, languages, regions and communities for pickers and lists, named in the
reader's language (Babel/CLDR).
"""

import functools

from convene.directory.models import (
    Community,
    Region,
)
from convene.directory.names import country_name, language_name
from convene.directory.reference import library_rows


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
