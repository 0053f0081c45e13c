"""The interface languages a reader is offered, and how complete each catalog is.

A language in ``settings.LANGUAGES`` is offered in the picker. One named in
``settings.LANGUAGES_IN_PROGRESS`` is being translated: it is offered only once its
catalog is at least ``settings.LANGUAGE_OFFER_MIN`` complete. The catalog test holds every
other language to a complete catalog (docs/translation.md).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import get_language_info, to_locale

from convene.core.timezones import babel_locale


@dataclass(frozen=True)
class CatalogState:
    language: str
    total: int
    translated: int
    fuzzy: int

    @property
    def complete(self) -> float:
        return self.translated / self.total if self.total else 1.0


def catalog_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / to_locale(language) / "LC_MESSAGES" / "django.po"


def catalog_state(language: str) -> CatalogState:
    """Counts of one language's catalog (messages, translated, fuzzy); 0 of 0 if absent."""
    path = catalog_path(language)
    if not path.exists():
        return CatalogState(language, 0, 0, 0)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=to_locale(language))
    messages = [message for message in catalog if message.id]
    translated = [
        message
        for message in messages
        if not message.fuzzy
        and (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    fuzzy = [message for message in messages if message.fuzzy]
    return CatalogState(language, len(messages), len(translated), len(fuzzy))


def offered_languages() -> tuple[str, ...]:
    """Codes the picker offers, in settings order (each catalog read once per process)."""
    return _offered(
        tuple(code for code, _name in settings.LANGUAGES),
        frozenset(settings.LANGUAGES_IN_PROGRESS),
        settings.LANGUAGE_OFFER_MIN,
    )


@cache
def _offered(
    codes: tuple[str, ...], in_progress: frozenset[str], at_least: float
) -> tuple[str, ...]:
    return tuple(
        code
        for code in codes
        if code not in in_progress
        or code == settings.LANGUAGE_CODE
        or _completeness(code) >= at_least
    )


@cache
def _completeness(language: str) -> float:
    return catalog_state(language).complete


def picker_choices() -> list[dict[str, str | bool]]:
    """For the footer's picker: code, the language's own name (CLDR), and its direction."""
    return [
        {
            "code": code,
            "name_local": babel_locale(code).get_display_name() or code,
            "bidi": get_language_info(code)["bidi"],
        }
        for code in offered_languages()
    ]
