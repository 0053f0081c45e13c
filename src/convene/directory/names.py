"""Names of countries, languages and regions in the reader's locale, from Babel (CLDR)."""

from django.utils.translation import get_language

from convene.core.timezones import babel_locale


def reader_language() -> str:
    return get_language() or "en"


def country_name(code: str, *, language: str | None = None) -> str:
    """ "India" for "IN" in English, "Inde" in French; the code itself when CLDR has none."""
    locale = babel_locale(language or reader_language())
    return str(locale.territories.get(code) or babel_locale("en").territories.get(code) or code)


def language_name(code: str, *, language: str | None = None) -> str:
    """ "Bangla" for "bn", "chinois traditionnel" for "zh-Hant" in French."""
    locale = babel_locale(language or reader_language())
    key = code.replace("-", "_")
    name = locale.languages.get(key)
    if name:
        return str(name)
    base, _, rest = key.partition("_")
    base_name = locale.languages.get(base)
    if base_name and rest:
        script = locale.scripts.get(rest) or locale.territories.get(rest) or rest
        return f"{base_name} ({script})"
    return str(base_name or code)
