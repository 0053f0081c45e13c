"""What the service modules share: refusing, cleaning input, finding things by name."""

import re
from typing import Any

from django.utils.translation import gettext as _

from convene.consultations.models import Chapter, Charter, Version, VersionStatus
from convene.consultations.queries.access import is_active_person, signed_in
from convene.core.errors import Conflict, Invalid, NotAllowed, NotFound, NotSignedIn
from convene.directory.models import Community, Region

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


def region_by_slug(slug: str | None) -> Region | None:
    if not slug:
        return None
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise Invalid(_("There is no region “%(slug)s”.") % {"slug": slug}, field="region")
    return region


def community_by_slug(slug: str | None) -> Community | None:
    if not slug:
        return None
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Invalid(_("There is no community “%(slug)s”.") % {"slug": slug}, field="community")
    return community


def chapter_by_slug(slug: str) -> Chapter:
    chapter = Chapter.objects.select_related("charter").filter(slug=slug).first()
    if chapter is None:
        raise NotFound(_("There is no chapter “%(slug)s”.") % {"slug": slug})
    return chapter


def charter_by_slug(slug: str | None) -> Charter | None:
    if not slug:
        return Charter.objects.order_by("pk").first()
    charter = Charter.objects.filter(slug=slug).first()
    if charter is None:
        raise Invalid(_("There is no charter “%(slug)s”.") % {"slug": slug}, field="charter")
    return charter


def current_version(chapter: Chapter) -> Version | None:
    """The newest version that is not a draft (the one readers see), else None."""
    return (
        Version.objects.filter(chapter=chapter)
        .exclude(status=VersionStatus.DRAFT)
        .order_by("-number")
        .first()
    )


def version_by_number(chapter: Chapter, number: int | None, *, field: str = "version") -> Version:
    if number is None:
        version = current_version(chapter)
        if version is None:
            raise Invalid(_("This chapter has no published version yet."), field=field)
        return version
    found = Version.objects.filter(chapter=chapter, number=number).first()
    if found is None:
        raise Invalid(
            _("This chapter has no version %(number)s.") % {"number": number}, field=field
        )
    return found


def require_takes_feedback(version: Version, *, recorded: bool) -> None:
    """Refuse (409) feedback on a version not open for it (recorded feedback may also go
    on a closed one: it was given while it was open)."""
    allowed = (VersionStatus.OPEN, VersionStatus.CLOSED) if recorded else (VersionStatus.OPEN,)
    if version.status not in allowed:
        raise Conflict(
            _("%(label)s is not open for feedback.") % {"label": version.label},
            field="version",
            code="closed",
        )


def anchor_fields(anchor: Any) -> dict[str, Any]:
    """A feedback item's quote fields from an `engine.Anchor` (or None: no quote)."""
    return {
        "quote": anchor.quote if anchor else "",
        "prefix": anchor.prefix if anchor else "",
        "suffix": anchor.suffix if anchor else "",
        "quote_start": anchor.start if anchor else None,
    }
