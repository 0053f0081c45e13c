"""The language a question is asked in, picked by name in the reader's language (Babel
names through `directory.names`), the reader's own languages first.

A short list, not every language CLDR knows (a board page stays light): the reader's
languages (their profile, the interface, the browser's), then the languages the
movement works in most. The directory's reusable language picker (a searchable field)
was not on main when this was written; a question needs no more than this list.
"""

from collections.abc import Iterable, Sequence

from django.http import HttpRequest
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from convene.core.timezones import babel_locale
from convene.directory.names import language_name

# The movement's working and interpretation languages and the largest of its regions'.
COMMON = (
    "en", "es", "fr", "ar", "zh", "ja", "pt", "ru", "de", "hi", "bn", "ne", "ur", "id",
    "ms", "sw", "ta", "ko", "fa", "tr", "it", "uk", "pl", "vi", "th", "fil", "yo", "ha",
)  # fmt: skip

Choices = list[tuple[str, str] | tuple[str, list[tuple[str, str]]]]


def _base(code: str) -> str:
    """ "pt" for "pt-BR", "zh" for "zh-Hans": a question is tagged with the language."""
    return code.replace("_", "-").split("-")[0].lower()


def reader_languages(request: HttpRequest) -> list[str]:
    """The languages the reader reads, most wanted first: their profile's, the
    interface's, the browser's (Accept-Language)."""
    profile = getattr(request.user, "profile", None)
    spoken: Iterable[str] = getattr(profile, "languages", None) or []
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    browser = [code for code, _q in parse_accept_lang_header(header) if code != "*"]
    codes = [*spoken, get_language() or "en", *browser]
    return list(dict.fromkeys(_base(code) for code in codes if code))


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """`ngettext(singular, plural, n)` for each CLDR plural category of the interface
    language ("one", "few", "many", "other"…), for a script that picks the form with
    `Intl.PluralRules`. Arabic has six; English two."""
    locale = babel_locale(get_language() or "en")
    samples: dict[str, int] = {}
    for number in range(200):  # every category has an integer example below 200
        samples.setdefault(locale.plural_form(number), number)
    return {category: ngettext(singular, plural, n) for category, n in samples.items()}


def language_names(codes: Iterable[str]) -> dict[str, str]:
    return {code: language_name(code) for code in codes}


def language_choices(*, first: Sequence[str], current: str = "") -> Choices:
    """("", not said), then the reader's languages (`first`) and the others by name in
    the interface language; `current` (a code already chosen) is always offered."""
    mine = list(dict.fromkeys(code for code in [*first, current] if code))
    others = sorted(
        (code for code in COMMON if code not in mine),
        key=lambda code: language_name(code).casefold(),
    )
    named: Choices = [("", _("not said"))]
    named.append((_("Your languages"), [(code, language_name(code)) for code in mine]))
    named.append((_("Other languages"), [(code, language_name(code)) for code in others]))
    return named
