"""What the service modules share: refusing, cleaning input, finding things by name."""

import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from convene.core.errors import Invalid, NotAllowed, NotSignedIn
from convene.directory.models import Community, Country, Language, Organisation, Region
from convene.programmes.queries.access import is_active_person, signed_in

LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def require_person(actor: Any) -> None:
    if not signed_in(actor):
        raise NotSignedIn(_("Sign in first."))
    if not is_active_person(actor):
        raise NotAllowed(_("This account is blocked."), code="blocked")


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def clean_text(value: str | None, *, field: str, limit: int, required: bool = True) -> str:
    cleaned = (value or "").replace("\r\n", "\n").strip()
    if required and not cleaned:
        raise Invalid(_("Write something first."), field=field, code="required")
    if len(cleaned) > limit:
        raise Invalid(
            _("At most %(limit)s characters (this has %(count)s).")
            % {"limit": limit, "count": len(cleaned)},
            field=field,
            code="too_long",
        )
    return cleaned


def clean_language(value: str | None, *, field: str = "language") -> str:
    code = (value or "").strip()
    if code and (len(code) > 16 or not LANGUAGE_RE.match(code)):
        raise Invalid(
            _("“%(code)s” is not a language code (such as “en” or “pt-BR”).") % {"code": code},
            field=field,
        )
    return code


def _missing(kind: str, wanted: Sequence[str], found: Sequence[str], field: str) -> None:
    unknown = sorted(set(wanted) - set(found))
    if unknown:
        raise Invalid(
            _("Unknown %(kind)s: %(codes)s.") % {"kind": kind, "codes": ", ".join(unknown)},
            field=field,
        )


def languages_by_code(codes: Sequence[str], *, field: str = "languages") -> list[Language]:
    rows = list(Language.objects.filter(code__in=list(codes)))
    _missing(_("languages"), codes, [row.code for row in rows], field)
    return rows


def regions_by_slug(slugs: Sequence[str], *, field: str = "regions") -> list[Region]:
    rows = list(Region.objects.filter(slug__in=list(slugs)))
    _missing(_("regions"), slugs, [row.slug for row in rows], field)
    return rows


def communities_by_slug(slugs: Sequence[str], *, field: str = "communities") -> list[Community]:
    rows = list(Community.objects.filter(slug__in=list(slugs)))
    _missing(_("communities"), slugs, [row.slug for row in rows], field)
    return rows


def community_by_slug(slug: str | None, *, field: str = "community") -> Community | None:
    return communities_by_slug([slug], field=field)[0] if slug else None


def organisation_by_slug(slug: str | None, *, field: str) -> Organisation | None:
    if not slug:
        return None
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise Invalid(_("There is no organisation “%(slug)s”.") % {"slug": slug}, field=field)
    return found


def country_by_code(code: str | None, *, field: str = "country") -> Country:
    found = Country.objects.filter(code=(code or "").strip().upper()).first()
    if found is None:
        raise Invalid(
            _("“%(code)s” is not a country code (ISO 3166-1 alpha-2, such as “BD”).")
            % {"code": code or ""},
            field=field,
        )
    return found
