"""Languages by BCP 47 code, named in the reader's language from CLDR (Babel).

`language_codes()` is the set every picker offers: CLDR's languages (regional variants
such as "en_GB" left out) and the script variants CLDR's territory data names ("zh-Hant",
"sr-Latn"). `language_label(code, reader_language=…)` names one; when CLDR has no name
("abr") it falls back to the ISO 639-3 English name from pycountry ("Abron"), then to
the code.
"""

import functools
import re

import pycountry
from babel import Locale, UnknownLocaleError
from babel.languages import get_territory_language_info

from convene.core.timezones import babel_locale

# "en_GB", "es_419": regional variants, not languages of their own.
_REGIONAL_VARIANT = re.compile(r"^[a-z]{2,3}_([A-Z]{2}|\d{3})$")


@functools.cache
def language_codes() -> tuple[str, ...]:
    """Every language code a picker offers (BCP 47, sorted)."""
    english = Locale("en")
    codes = {str(key) for key in english.languages if not _REGIONAL_VARIANT.match(str(key))}
    for key in english.territories:
        territory = str(key)
        if len(territory) == 2 and territory.isalpha():
            codes.update(get_territory_language_info(territory))
    return tuple(sorted(code.replace("_", "-") for code in codes))


def language_iso_name(code: str) -> str:
    """ISO 639's English name of the code's language ("Bengali" for "bn"), or ""."""

    base = code.split("-", maxsplit=1)[0]
    field = "alpha_2" if len(base) == 2 else "alpha_3"
    found = pycountry.languages.get(**{field: base})
    return str(found.name) if found is not None else ""


def language_label(code: str, *, reader_language: str) -> str:
    """ "Bangla" for "bn" in English, "chinois traditionnel" for "zh-Hant" in French,
    "Abron" for "abr" (no CLDR name: ISO 639-3's); the code when nobody names it."""
    locale = babel_locale(reader_language)
    key = code.replace("-", "_")
    name = locale.languages.get(key)
    if name:
        return str(name)
    base, _, rest = key.partition("_")
    base_name = locale.languages.get(base) or language_iso_name(base)
    if base_name and rest:
        script = locale.scripts.get(rest) or locale.territories.get(rest) or rest
        return f"{base_name} ({script})"
    return str(base_name or code)


def language_autonym(code: str) -> str:
    """The language's name in itself ("বাংলা" for "bn"), or "" when CLDR has none."""
    try:
        return str(Locale.parse(code.replace("-", "_")).get_display_name() or "")
    except (ValueError, UnknownLocaleError):
        return ""
