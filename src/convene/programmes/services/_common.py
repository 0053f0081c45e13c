"""What the service modules share: refusing, cleaning input, finding things by name."""

import re
from collections.abc import Sequence

from django.utils.translation import gettext as _

# Signing in, refusing and cleaning text: one copy, in core.
from convene.core.actors import require, require_person
from convene.core.errors import Invalid
from convene.core.inputs import clean_language, clean_text
from convene.directory.models import Community, Country, Language, Organisation, Region
from convene.programmes.models import TEXT_LIMIT, TITLE_LIMIT

__all__ = ["clean_language", "clean_text", "require", "require_person"]

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_LIMIT = 100


def clean_slug(slug: str, *, example: str) -> str:
    """A short name for addresses (lower-case letters, digits, hyphens), else Invalid."""
    slug = slug.strip()
    if not SLUG.fullmatch(slug) or len(slug) > SLUG_LIMIT:
        raise Invalid(
            _("Use lower-case letters, digits and hyphens, such as “%(example)s”.")
            % {"example": example},
            field="slug",
        )
    return slug


def clean_title_description(title: str, description: str) -> dict[str, str]:
    return {
        "title": clean_text(title, field="title", limit=TITLE_LIMIT),
        "description": clean_text(
            description, field="description", limit=TEXT_LIMIT, required=False
        ),
    }


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
