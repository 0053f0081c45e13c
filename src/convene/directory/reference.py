"""Reference data from libraries: countries (pycountry), languages and who speaks what
where (Babel's CLDR data), and the movement's eight regions (data/regions.json).

`reference_load()` is idempotent: it inserts what is missing and refreshes names, so it
can run on every deploy (`convene directory_reference`) and before the demo data.
"""

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale
from babel.languages import get_territory_language_info
from django.db import transaction

from convene.directory.models import Country, Language, Region, TerritoryLanguage

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.json"

# Babel keys such as "en_GB" or "es_419" are regional variants, not languages of their own;
# script variants ("zh_Hant", "sr_Latn") are kept because wikis split on them.
_REGIONAL_VARIANT = re.compile(r"^[a-z]{2,3}_([A-Z]{2}|\d{3})$")


@dataclass(frozen=True)
class ReferenceCounts:
    countries: int
    languages: int
    territory_languages: int
    regions: int


def to_bcp47(babel_code: str) -> str:
    """Babel's "zh_Hant" → BCP 47 "zh-Hant"."""
    return babel_code.replace("_", "-")


def to_babel(bcp47: str) -> str:
    """BCP 47 "zh-Hant" → Babel's "zh_Hant"."""
    return bcp47.replace("-", "_")


def regions_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    return data


@functools.cache
def library_rows() -> tuple[
    tuple[tuple[str, str], ...],
    tuple[tuple[str, str], ...],
    tuple[tuple[str, str, str, float], ...],
]:
    """(countries, languages, who speaks what where) from pycountry and Babel, computed once."""
    english = Locale("en")
    countries = tuple(
        (c.alpha_2, str(english.territories.get(c.alpha_2, c.name))) for c in pycountry.countries
    )
    names: dict[str, str] = {}
    for key, name in english.languages.items():
        if not _REGIONAL_VARIANT.match(key):
            names[to_bcp47(key)] = name
    spoken: list[tuple[str, str, str, float]] = []
    for country, _name in sorted(countries):
        for lang_key, info in get_territory_language_info(country).items():
            code = to_bcp47(lang_key)
            if code not in names:
                base, _, script = lang_key.partition("_")
                base_name = english.languages.get(base, base)
                script_name = english.scripts.get(script, script) if script else ""
                names[code] = f"{base_name} ({script_name})" if script_name else base_name
            spoken.append(
                (
                    country,
                    code,
                    str(info.get("official_status") or ""),
                    float(info.get("population_percent") or 0),
                )
            )
    return countries, tuple(sorted(names.items())), tuple(spoken)


def reference_load() -> ReferenceCounts:
    """Insert or refresh countries, languages, CLDR territory languages and regions."""
    country_rows, language_rows, spoken = library_rows()
    countries = [Country(code=code, name=name) for code, name in country_rows]
    country_codes = {code for code, _name in country_rows}
    languages = [Language(code=code, name=name) for code, name in language_rows]

    with transaction.atomic():
        Country.objects.bulk_create(
            countries, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
        )
        Language.objects.bulk_create(
            languages, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
        )
        TerritoryLanguage.objects.bulk_create(
            [
                TerritoryLanguage(
                    country_id=c, language_id=lang, official_status=status, population_percent=pct
                )
                for c, lang, status, pct in spoken
            ],
            update_conflicts=True,
            unique_fields=["country", "language"],
            update_fields=["official_status", "population_percent"],
        )
        data = regions_data()
        for entry in data["regions"]:
            region, _ = Region.objects.update_or_create(
                slug=entry["slug"],
                defaults={"name": entry["name"], "short_name": entry["short_name"]},
            )
            region.countries.set([c for c in entry["countries"] if c in country_codes])
    return ReferenceCounts(
        countries=len(countries),
        languages=len(languages),
        territory_languages=len(spoken),
        regions=len(data["regions"]),
    )
