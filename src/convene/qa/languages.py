"""What board.js needs to write a question it receives live: the names of the languages
readers are likely to use (the reader's own and the movement's most used; the browser
names any other), and the forms of "votes" by plural category.

The ask form picks a question's language with people.pickers (by name, the reader's own
first).
"""

from collections.abc import Iterable

from django.utils.translation import get_language, ngettext

from convene.core.timezones import babel_locale
from convene.directory.names import language_name

# The movement's working and interpretation languages and the largest of its regions'.
COMMON = (
    "en", "es", "fr", "ar", "zh", "ja", "pt", "ru", "de", "hi", "bn", "ne", "ur", "id",
    "ms", "sw", "ta", "ko", "fa", "tr", "it", "uk", "pl", "vi", "th", "fil", "yo", "ha",
)  # fmt: skip


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
