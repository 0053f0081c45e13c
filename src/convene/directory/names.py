"""Names of countries, languages and regions in the reader's locale, from Babel (CLDR)."""

from django.utils.translation import get_language

from convene.core.timezones import babel_locale
from convene.people.languages import language_label


def reader_language() -> str:
    return get_language() or "en"


def country_name(code: str, *, language: str | None = None) -> str:
    """ "India" for "IN" in English, "Inde" in French; the code itself when CLDR has none."""
    locale = babel_locale(language or reader_language())
    return str(locale.territories.get(code) or babel_locale("en").territories.get(code) or code)


def language_name(code: str, *, language: str | None = None) -> str:
    """ "Bangla" for "bn", "chinois traditionnel" for "zh-Hant" in French, "Abron" for
    "abr" (CLDR has no name: ISO 639-3's English one)."""
    return language_label(code, reader_language=language or reader_language())
