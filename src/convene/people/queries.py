"""Reads for accounts and profiles."""

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet

from convene.core.timezones import babel_locale, parse_zone
from convene.core.types import Actor
from convene.people.models import ApiToken, Notice, Profile


def language_name(tag: str, *, reader_language: str) -> str:
    """The name of the language `tag` (BCP 47) in the reader's language, from CLDR."""
    reader = babel_locale(reader_language)
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(reader)
    except (ValueError, UnknownLocaleError):
        name = reader.languages.get(tag.replace("-", "_")) or reader.languages.get(
            tag.split("-", maxsplit=1)[0]
        )
    return name or tag


def zone_name(zone_key: str, *, reader_language: str) -> str:
    """ "Kathmandu Time"-style place name of a zone in the reader's language, or ""."""
    zone = parse_zone(zone_key)
    if zone is None:
        return ""
    if zone.key == "UTC":
        return "UTC"
    return str(get_timezone_location(zone, locale=babel_locale(reader_language)))


def interface_language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, "")


@dataclass(frozen=True)
class ProfilePage:
    profile: Profile
    languages: list[tuple[str, str]]
    zone_place: str
    interface_language: str
    tokens: list[ApiToken]


@dataclass(frozen=True)
class PersonPage:
    profile: Profile
    languages: list[tuple[str, str]]


def person_page(*, username: str, reader_language: str) -> PersonPage | None:
    """What anyone may see of a person (not their e-mail, zone or tokens); one query.
    None when there is no such active person."""
    profile = (
        Profile.objects.select_related("user")
        .filter(user__username=username, user__is_active=True)
        .first()
    )
    if profile is None:
        return None
    return PersonPage(
        profile=profile,
        languages=[
            (tag, language_name(tag, reader_language=reader_language)) for tag in profile.languages
        ],
    )


def person_by_username(username: str) -> User | None:
    """The account with this user name, or None (a form that names a person by it)."""
    return User.objects.filter(username=username).first()


def api_tokens_of(*, user: Actor) -> QuerySet[ApiToken]:
    """A person's tokens, newest first (none for an anonymous reader)."""
    if not isinstance(user, User):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def profile_page(*, profile: Profile, reader_language: str) -> ProfilePage:
    """What the person's own profile page shows: two queries whatever the token count."""
    return ProfilePage(
        profile=profile,
        languages=[
            (tag, language_name(tag, reader_language=reader_language)) for tag in profile.languages
        ],
        zone_place=zone_name(profile.timezone, reader_language=reader_language),
        interface_language=interface_language_name(profile.language),
        tokens=list(api_tokens_of(user=profile.user)),
    )


def notices_for(*, user: Actor, limit: int = 100) -> list[Notice]:
    """A person's latest notices, newest first (one query; none for an anonymous reader)."""
    if not isinstance(user, User):
        return []
    return list(Notice.objects.filter(recipient=user)[:limit])


def notices_unread_count(*, user: Actor) -> int:
    if not isinstance(user, User):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
