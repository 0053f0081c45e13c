"""Chapters and their versions: publish (also from a wiki page), status, diff."""

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from ninja.responses import Status

from convene.consultations import queries, services
from convene.consultations.api.common import (
    ERRORS,
    _chapter,
    _chapter_out,
    _paragraphs,
    _summary,
    _version,
    router,
)
from convene.consultations.api.schemas import (
    ChapterIn,
    ChapterOut,
    DiffOut,
    PublishedOut,
    StatusIn,
    VersionIn,
    VersionOut,
    VersionSummaryOut,
    WikiVersionIn,
)
from convene.consultations.models import (
    Chapter,
    Version,
)
from convene.core.api import Limit, Offset, PageOut, paginate
from convene.core.errors import Invalid
from convene.people.auth import person_auth, reader_auth


@router.get(
    "/chapters",
    response={200: PageOut[ChapterOut], **ERRORS},
    auth=reader_auth,
    summary="The charter's chapters, in order",
)
def chapters(request: HttpRequest, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    rows = queries.chapters_list()

    def serialise(page: Sequence[Chapter]) -> list[dict[str, Any]]:
        current = queries.current_versions(chapters=page)
        return [_chapter_out(chapter, current) for chapter in page]

    return paginate(request, rows, limit=limit, offset=offset, serialise=serialise)


@router.post(
    "/chapters",
    response={201: ChapterOut, **ERRORS},
    auth=person_auth,
    summary="Add a chapter (staff or the charter's committee)",
)
def chapter_create(request: HttpRequest, payload: ChapterIn) -> Status[dict[str, Any]]:
    from convene.directory.models import Organisation

    charter = services.charter_by_slug(payload.charter)
    group = None
    if payload.drafting_group:
        group = Organisation.objects.filter(slug=payload.drafting_group).first()
        if group is None:
            raise Invalid("There is no such organisation.", field="drafting_group")
    chapter = services.chapter_create(
        actor=request.user,
        charter=charter,
        slug=payload.slug,
        title=payload.title,
        order=payload.order,
        drafting_group=group,
    )
    return Status(201, _chapter_out(queries.chapter_get(slug=chapter.slug), {}))


@router.get(
    "/chapters/{slug}",
    response={200: ChapterOut, **ERRORS},
    auth=reader_auth,
    summary="One chapter",
)
def chapter_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    chapter = _chapter(slug)
    return _chapter_out(chapter, queries.current_versions(chapters=[chapter]))


@router.get(
    "/chapters/{slug}/versions",
    response={200: PageOut[VersionSummaryOut], **ERRORS},
    auth=reader_auth,
    summary="A chapter's versions, oldest first (drafts for the drafting group only)",
)
def versions(
    request: HttpRequest, slug: str, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    rows = queries.versions_of(chapter=_chapter(slug), viewer=request.user)

    def serialise(page: Sequence[Version]) -> list[dict[str, Any]]:
        return [_summary(v) for v in page]

    return paginate(request, rows, limit=limit, offset=offset, serialise=serialise)


@router.post(
    "/chapters/{slug}/versions",
    response={201: PublishedOut, **ERRORS},
    auth=person_auth,
    summary="Publish a version: its paragraphs inherit the keys of those they continue; "
    "feedback is carried to it in the background",
)
def version_publish(request: HttpRequest, slug: str, payload: VersionIn) -> Status[dict[str, Any]]:
    version = services.version_publish(
        actor=request.user,
        chapter=_chapter(slug),
        label=payload.label,
        text=payload.text,
        fmt=payload.format,
        status=payload.status,
        source=payload.source or "api",
    )
    return Status(
        201,
        {
            "number": version.number,
            "label": version.label,
            "status": version.status,
            "paragraphs": _paragraphs(version),
            "removed": list(version.removed_keys),
        },
    )


@router.post(
    "/chapters/{slug}/versions/from-wiki",
    response={201: PublishedOut, **ERRORS},
    auth=person_auth,
    summary="Publish a version from a wiki page as it is now (wikitext, through the site's "
    "wiki client); its source is the revision's address",
)
def version_publish_from_wiki(
    request: HttpRequest, slug: str, payload: WikiVersionIn
) -> Status[dict[str, Any]]:
    version = services.version_publish_from_wiki(
        actor=request.user,
        chapter=_chapter(slug),
        page=payload.page,
        label=payload.label,
        status=payload.status,
    )
    return Status(
        201,
        {
            "number": version.number,
            "label": version.label,
            "status": version.status,
            "paragraphs": _paragraphs(version),
            "removed": list(version.removed_keys),
        },
    )


@router.get(
    "/chapters/{slug}/versions/{number}",
    response={200: VersionOut, **ERRORS},
    auth=reader_auth,
    summary="One version with its paragraphs and the progress of carrying feedback to it",
)
def version_detail(request: HttpRequest, slug: str, number: int) -> dict[str, Any]:
    version = _version(request, _chapter(slug), number)
    return {
        **_summary(version),
        "paragraphs": _paragraphs(version),
        "removed": list(version.removed_keys),
        "merged_into": dict(version.merged_into),
    }


@router.post(
    "/chapters/{slug}/versions/{number}/status",
    response={200: VersionSummaryOut, **ERRORS},
    auth=person_auth,
    summary="Open, close or finalise a version (the drafting group)",
)
def version_status(
    request: HttpRequest, slug: str, number: int, payload: StatusIn
) -> dict[str, Any]:
    version = _version(request, _chapter(slug), number)
    return _summary(
        services.version_set_status(actor=request.user, version=version, status=payload.status)
    )


@router.get(
    "/chapters/{slug}/versions/{number}/diff",
    response={200: list[DiffOut], **ERRORS},
    auth=reader_auth,
    summary="The version against the previous one, paragraph by paragraph, with the "
    "feedback adopted into each change",
)
def version_diff(request: HttpRequest, slug: str, number: int) -> list[dict[str, Any]]:
    version = _version(request, _chapter(slug), number)
    return [
        {
            "key": row.key,
            "change": row.change,
            "position": row.position,
            "old_text": row.old_text,
            "new_text": row.new_text,
            "merged_into": row.merged_into,
            "split_from": row.split_from,
            "adopted": [item.pk for item in row.adopted],
        }
        for row in queries.version_diff(version=version)
    ]


# ------------------------------------------------------------------ feedback
