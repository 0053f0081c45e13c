"""Where people are: each country's population, shared among its time zones.

The planner weighs a region's zones by the people living in them, so that a region is
stood for by the zones where most of its people live (New York, Chicago and Los Angeles
for North America; not Miquelon). Babel's CLDR data has no absolute populations, so the
figures come from `data/population.json`, whose "source" says where they are from.
A country whose zones all share one offset, or that the file gives no "zones" share for,
puts its people in its main zones (CLDR's zone for each Windows zone) in equal parts.
"""

import functools
import json
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from typing import Any

from babel.core import get_global
from babel.dates import get_timezone_location

from convene.core.timezones import babel_locale, valid_zone_names, zone_links
from convene.events.timeutil import country_main_zones


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("convene.events").joinpath("data/population.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def source() -> str:
    """Where the figures come from (shown on the planner page)."""
    return str(_data()["source"])


def country_population(code: str) -> int:
    """People in country `code`, in thousands (0 for an unknown or uninhabited one)."""
    countries: dict[str, int] = _data()["countries"]
    return int(countries.get(code.upper(), 0))


def _own_zones(code: str) -> list[str]:
    """The country's zones by the names CLDR gives them (Africa/Kinshasa, Africa/Accra),
    its main ones first choice: tzdata makes many of them links to another country's zone
    (Africa/Lagos, Africa/Abidjan), which would name the wrong city."""
    names = [
        n for n in get_global("territory_zones").get(code.upper(), ()) if n in valid_zone_names()
    ]
    main = {zone.key for zone in country_main_zones(code)}
    return [n for n in names if zone_links().get(n, n) in main] or names


def country_zone_shares(code: str) -> dict[str, float]:
    """The share (summing to 1) of country `code`'s people living in each of its zones,
    by the zones' CLDR names."""
    shares: dict[str, dict[str, float]] = _data()["zones"]
    known = {
        name: share
        for name, share in shares.get(code.upper(), {}).items()
        if name in valid_zone_names()
    }
    total = sum(known.values())
    if total > 0:
        return {name: share / total for name, share in known.items()}
    zones = _own_zones(code)
    return {name: 1 / len(zones) for name in zones}


def zone_weights(country_codes: Iterable[str]) -> dict[str, float]:
    """The share (summing to 1) of the people of these countries living in each zone; empty
    when they have no zones or no people."""
    people: dict[str, float] = defaultdict(float)
    for code in sorted(set(country_codes)):
        population = country_population(code)
        for key, share in country_zone_shares(code).items():
            people[key] += population * share
    total = sum(people.values())
    if total <= 0:
        return {}
    return {key: value / total for key, value in sorted(people.items()) if value > 0}


def place_name(zone: zoneinfo.ZoneInfo, locale: str = "en") -> str:
    """The city a zone is named for, in the reader's language (CLDR): 'Los Angeles',
    'Kolkata'."""
    try:
        city = str(get_timezone_location(zone.key, locale=babel_locale(locale), return_city=True))
    except (LookupError, ValueError):
        city = zone.key.replace("_", " ")
    # Where CLDR has no city name Babel falls back to the zone's name ("Argentina/Buenos
    # Aires"): its last part is the city.
    return city.rsplit("/", 1)[-1]
