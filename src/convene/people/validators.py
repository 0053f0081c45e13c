"""The profile's fields, checked in one place.

Each `clean_*` returns the normalised value or raises `Invalid` naming its field;
`profile_fields_clean` checks every field given and raises one `Invalid` that lists each
field at fault. `profile_update` (and through it the API and the demo loader), the
profile form and the admin's form all use them, so that a value is refused or
normalised the same way wherever it comes from.
"""

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils.translation import gettext as _

from convene.core.errors import Invalid
from convene.core.timezones import parse_zone

DISPLAY_NAME_MAX = 100
AFFILIATIONS_MAX = 2000
LANGUAGES_MAX = 30

# A host name: dot-separated labels of letters, digits and inner hyphens, ending in a
# top-level domain of letters (IDNs are given in their xn-- form by urlsplit's caller).
_HOST = re.compile(r"^(?=.{4,200}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def _english_language_names() -> dict[str, str]:
    return dict(Locale.parse("en").languages)


def clean_timezone(value: str) -> str:
    """The current IANA name for `value` ("" stays "": the browser's zone is used)."""
    value = value.strip()
    if not value:
        return ""
    zone = parse_zone(value)
    if zone is None:
        raise Invalid(
            _("“%(name)s” is not a time zone we know. Pick one from the list.") % {"name": value},
            field="timezone",
            code="unknown_timezone",
        )
    return zone.key


def clean_language(value: str) -> str:
    """An interface language from settings.LANGUAGES, or "" for the browser's."""
    value = value.strip()
    if value and value not in {code for code, _name in settings.LANGUAGES}:
        raise Invalid(
            _("“%(code)s” is not a language Convene is translated into.") % {"code": value},
            field="language",
            code="unknown_language",
        )
    return value


def normalise_language_tag(tag: str) -> str | None:
    """The BCP 47 form of `tag` ("pt_br" → "pt-BR", "zh-hant" → "zh-Hant") when CLDR knows
    its language, else None."""
    tag = tag.strip()
    if not _LANGUAGE_TAG.match(tag):
        return None
    first, *rest = re.split(r"[-_]", tag)
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())  # script
        elif len(part) in (2, 3) and (part.isalpha() or part.isdigit()):
            parts.append(part.upper())  # region
        else:
            parts.append(part.lower())  # variant
    if parts[0] not in _english_language_names():
        return None
    if len(parts) > 1:
        try:
            Locale.parse("_".join(parts))
        except (ValueError, UnknownLocaleError):
            return None
    return "-".join(parts)


def clean_languages(values: list[str]) -> list[str]:
    """BCP 47 codes, normalised, without duplicates, in the order given."""
    if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
        raise Invalid(
            _('Give a list of language codes, like ["bn", "en"].'),
            field="languages",
            code="not_a_list",
        )
    result: list[str] = []
    unknown: list[str] = []
    for value in values:
        if not value.strip():
            continue
        tag = normalise_language_tag(value)
        if tag is None:
            unknown.append(value.strip())
        elif tag not in result:
            result.append(tag)
    if unknown:
        raise Invalid(
            _("We do not know the language code “%(codes)s”. Use codes like bn, en or pt-BR.")
            % {"codes": "”, “".join(unknown)},
            field="languages",
            code="unknown_language_code",
        )
    if len(result) > LANGUAGES_MAX:
        raise Invalid(
            _("List at most %(count)d languages.") % {"count": LANGUAGES_MAX},
            field="languages",
            code="too_many_languages",
        )
    return result


def clean_home_wiki(value: str) -> str:
    """The domain of a wiki: "https://bn.m.wikipedia.org/wiki/X" → "bn.wikipedia.org"."""
    value = value.strip()
    if not value:
        return ""
    candidate = value if "://" in value else f"https://{value}"
    try:
        parts = urlsplit(candidate)
        scheme = parts.scheme
        host = (parts.hostname or "").rstrip(".").encode("idna").decode("ascii").lower()
    except (ValueError, UnicodeError):
        scheme, host = "", ""
    if scheme not in ("http", "https") or not _HOST.match(host):
        raise Invalid(
            _("“%(value)s” is not a wiki address. Give its domain, like bn.wikipedia.org.")
            % {"value": value},
            field="home_wiki",
            code="bad_home_wiki",
        )
    labels = host.split(".")
    # The mobile site is the same wiki: bn.m.wikipedia.org → bn.wikipedia.org.
    if len(labels) > 2 and labels[-3] == "m":
        del labels[-3]
    return ".".join(labels)


def clean_text(value: str, *, field: str, limit: int) -> str:
    """Free text of at most `limit` characters, without null characters, stripped."""
    value = value.strip()
    if "\x00" in value:
        raise Invalid(_("Null characters are not allowed."), field=field, code="null_characters")
    if len(value) > limit:
        raise Invalid(
            _("Keep this under %(limit)d characters.") % {"limit": limit},
            field=field,
            code="too_long",
        )
    return value


def clean_display_name(value: str) -> str:
    return clean_text(value, field="display_name", limit=DISPLAY_NAME_MAX)


def clean_affiliations(value: str) -> str:
    return clean_text(value, field="affiliations", limit=AFFILIATIONS_MAX)


def clean_email_notices(value: bool) -> bool:
    """Whether notices are e-mailed too (they are always on the site)."""
    if not isinstance(value, bool):
        raise Invalid(_("Answer yes or no."), field="email_notices", code="not_a_boolean")
    return value


CLEANERS: Mapping[str, Callable[[Any], Any]] = {
    "display_name": clean_display_name,
    "timezone": clean_timezone,
    "language": clean_language,
    "languages": clean_languages,
    "home_wiki": clean_home_wiki,
    "affiliations": clean_affiliations,
    "email_notices": clean_email_notices,
}


def profile_fields_clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """The normalised value of each field given (None: not given, left out).

    Raises one `Invalid` listing every field at fault (each with its message), so a form
    or an API client learns all that is wrong at once.
    """
    cleaned: dict[str, Any] = {}
    errors: dict[str | None, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        clean = CLEANERS.get(name)
        if clean is None:
            errors[name] = _("This is not a profile field.")
            continue
        try:
            cleaned[name] = clean(value)
        except Invalid as exc:
            errors[name] = exc.message
    if errors:
        raise Invalid.from_fields(errors)
    return cleaned
