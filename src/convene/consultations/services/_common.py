"""What the service modules share: refusing, cleaning input, finding things by name."""

from typing import Any

from django.utils.translation import gettext as _

from convene.consultations.models import Chapter, Charter, Version, VersionStatus

# Signing in, refusing and cleaning text: one copy, in core.
from convene.core.actors import require, require_person
from convene.core.errors import Conflict, Invalid, NotFound
from convene.core.inputs import clean_language, clean_text
from convene.directory.models import Community, Region

__all__ = [
    "clean_language",
    "clean_text",
    "require",
    "require_person",
]


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
