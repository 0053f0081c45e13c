"""Writes for accounts and profiles.

Every change to a profile or an API token goes through a function here, so that the web
pages, the admin, the API and the demo loader all validate and record it the same way.
"""

import logging
import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from convene.core.timezones import parse_zone
from convene.people.models import ApiToken, Profile

log = logging.getLogger(__name__)

DISPLAY_NAME_MAX = 100
AFFILIATIONS_MAX = 2000
TOKEN_NAME_MAX = 100
LANGUAGES_MAX = 30

# A host name: dot-separated labels of letters, digits and inner hyphens, ending in a
# top-level domain of letters (IDNs are given in their xn-- form by urlsplit's caller).
_HOST = re.compile(r"^(?=.{4,200}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def _english_language_names() -> dict[str, str]:
    return dict(Locale.parse("en").languages)


def _may_edit(*, actor: Any, profile: Profile) -> bool:
    return bool(actor.is_authenticated and (actor.pk == profile.user_id or actor.is_staff))


# --- validation shared by the forms, the API and the services --------------------------


def clean_timezone(value: str) -> str:
    """The current IANA name for `value` ("" stays "": the browser's zone is used)."""
    value = value.strip()
    if not value:
        return ""
    zone = parse_zone(value)
    if zone is None:
        raise ValidationError(
            _("“%(name)s” is not a time zone we know. Pick one from the list."),
            code="unknown_timezone",
            params={"name": value},
        )
    return zone.key


def clean_language(value: str) -> str:
    """An interface language from settings.LANGUAGES, or "" for the browser's."""
    value = value.strip()
    if value and value not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(
            _("“%(code)s” is not a language Convene is translated into."),
            code="unknown_language",
            params={"code": value},
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
        raise ValidationError(
            _("We do not know the language code “%(codes)s”. Use codes like bn, en or pt-BR."),
            code="unknown_language_code",
            params={"codes": "”, “".join(unknown)},
        )
    if len(result) > LANGUAGES_MAX:
        raise ValidationError(
            _("List at most %(count)d languages."),
            code="too_many_languages",
            params={"count": LANGUAGES_MAX},
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
        raise ValidationError(
            _("“%(value)s” is not a wiki address. Give its domain, like bn.wikipedia.org."),
            code="bad_home_wiki",
            params={"value": value},
        )
    labels = host.split(".")
    # The mobile site is the same wiki: bn.m.wikipedia.org → bn.wikipedia.org.
    if len(labels) > 2 and labels[-3] == "m":
        del labels[-3]
    return ".".join(labels)


def _clean_text(value: str, *, field: str, limit: int) -> str:
    value = value.strip()
    if "\x00" in value:
        raise ValidationError(
            {field: ValidationError(_("Null characters are not allowed."), code="null_characters")}
        )
    if len(value) > limit:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Keep this under %(limit)d characters."),
                    code="too_long",
                    params={"limit": limit},
                )
            }
        )
    return value


# --- profiles ------------------------------------------------------------------------


def profile_ensure(*, user: Any, display_name: str = "") -> Profile:
    """The person's profile, created if it does not exist yet (`user` is signed in).

    `display_name` is used when the profile is new or has no display name yet (a
    Wikimedia sign-up brings the wiki user name).
    """
    if not user.is_authenticated:
        raise ValueError("anonymous readers have no profile")
    display_name = display_name.strip()[:DISPLAY_NAME_MAX]
    try:
        # Usually loaded already (the reader middleware reads the zone from it).
        profile: Profile = user.profile
        created = False
    except Profile.DoesNotExist:
        profile, created = Profile.objects.get_or_create(
            user=user, defaults={"display_name": display_name}
        )
        user.profile = profile
    if not created and display_name and not profile.display_name:
        profile.display_name = display_name
        profile.save(update_fields=["display_name"])
    return profile


@transaction.atomic
def profile_update(
    *,
    profile: Profile,
    actor: Any,
    display_name: str | None = None,
    timezone: str | None = None,
    language: str | None = None,
    languages: list[str] | None = None,
    home_wiki: str | None = None,
    affiliations: str | None = None,
) -> Profile:
    """Change what is given (None leaves a field alone), all or nothing.

    The person themselves or staff may do it. Raises ValidationError with a message per
    field when anything is wrong, and then saves nothing.
    """
    if not _may_edit(actor=actor, profile=profile):
        raise PermissionDenied(_("You may only change your own profile."))
    changes: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    cleaners: dict[str, tuple[Any, Any]] = {
        "display_name": (
            display_name,
            lambda v: _clean_text(v, field="display_name", limit=DISPLAY_NAME_MAX),
        ),
        "timezone": (timezone, clean_timezone),
        "language": (language, clean_language),
        "languages": (languages, clean_languages),
        "home_wiki": (home_wiki, clean_home_wiki),
        "affiliations": (
            affiliations,
            lambda v: _clean_text(v, field="affiliations", limit=AFFILIATIONS_MAX),
        ),
    }
    for field, (value, clean) in cleaners.items():
        if value is None:
            continue
        try:
            changes[field] = clean(value)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(
                exc.error_dict.get(field, []) if hasattr(exc, "error_dict") else [exc]
            )
    if errors:
        raise ValidationError(errors)
    if changes:
        for field, value in changes.items():
            setattr(profile, field, value)
        profile.save(update_fields=list(changes))
        log.info("profile %s changed by user %s: %s", profile.pk, actor.pk, sorted(changes))
    return profile


@transaction.atomic
def profile_set_blocked(*, actor: Any, profile: Profile, blocked: bool) -> Profile:
    """Block or unblock a person (staff only). A blocked person cannot sign in; their open
    sessions stop working at their next request, and their API tokens answer 401."""
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied(_("Only staff may block or unblock people."))
    if actor.pk == profile.user_id and blocked:
        raise PermissionDenied(_("You cannot block yourself."))
    if profile.blocked != blocked:
        profile.blocked = blocked
        profile.save(update_fields=["blocked"])
        log.info(
            "user %s %s by %s", profile.user_id, "blocked" if blocked else "unblocked", actor.pk
        )
    return profile


# --- API tokens ------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new personal API token for `user`: returns the token and its key, which is shown
    once and never stored (only its SHA-256 is)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to create an API token."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, so you can tell it apart.")})
    if len(name) > TOKEN_NAME_MAX:
        raise ValidationError(
            {"name": _("Keep the name under %(limit)d characters.") % {"limit": TOKEN_NAME_MAX}}
        )
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:8]
    )
    log.info("API token %s created for user %s", token.pk, user.pk)
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> None:
    """Delete `token`: requests carrying it answer 401 from now on. Its owner or staff."""
    if not (actor.is_authenticated and (actor.pk == token.user_id or actor.is_staff)):
        raise PermissionDenied(_("You may only revoke your own tokens."))
    log.info("API token %s of user %s revoked by %s", token.pk, token.user_id, actor.pk)
    token.delete()
