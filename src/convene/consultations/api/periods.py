"""Consultation periods and translations."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.responses import Status

from convene.consultations import queries, services
from convene.consultations.api.common import ERRORS, _chapter, _version, router
from convene.consultations.api.schemas import (
    PeriodIn,
    PeriodOut,
    TranslationIn,
    TranslationParagraphOut,
)
from convene.consultations.models import (
    Chapter,
    ConsultationPeriod,
)
from convene.core.errors import NotFound
from convene.people.auth import person_auth, reader_auth


def _period_out(period: ConsultationPeriod, chapter: Chapter) -> dict[str, Any]:
    return {
        "id": period.pk,
        "title": period.title,
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
        "chapter": chapter.slug if period.chapter_id else None,
    }


@router.get(
    "/chapters/{slug}/periods",
    response={200: list[PeriodOut], **ERRORS},
    auth=reader_auth,
    summary="The consultation periods that apply to the chapter",
)
def periods(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    chapter = _chapter(slug)
    return [_period_out(p, chapter) for p in queries.periods_of(chapter=chapter)]


@router.post(
    "/chapters/{slug}/periods",
    response={201: PeriodOut, **ERRORS},
    auth=person_auth,
    summary="Add a consultation period (the drafting group)",
)
def period_create(request: HttpRequest, slug: str, payload: PeriodIn) -> Status[dict[str, Any]]:
    chapter = _chapter(slug)
    period = services.period_create(
        actor=request.user,
        chapter=chapter,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        title=payload.title,
        whole_charter=payload.whole_charter,
    )
    return Status(201, _period_out(period, chapter))


@router.delete(
    "/chapters/{slug}/periods/{period_id}",
    response={204: None, **ERRORS},
    auth=person_auth,
    summary="Remove a consultation period (the drafting group)",
)
def period_delete(request: HttpRequest, slug: str, period_id: int) -> Status[None]:
    chapter = _chapter(slug)
    period = next((p for p in queries.periods_of(chapter=chapter) if p.pk == period_id), None)
    if period is None:
        raise NotFound(_("There is no such period."))
    services.period_delete(actor=request.user, period=period, chapter=chapter)
    return Status(204, None)


@router.get(
    "/chapters/{slug}/versions/{number}/translations",
    response={200: dict[str, dict[str, int]], **ERRORS},
    auth=reader_auth,
    summary="Per language begun: how many paragraphs are missing, in progress, outdated, done",
)
def translations(request: HttpRequest, slug: str, number: int) -> dict[str, dict[str, int]]:
    version = _version(request, _chapter(slug), number)
    return queries.translation_summary(version=version)


@router.get(
    "/chapters/{slug}/versions/{number}/translations/{language}",
    response={200: list[TranslationParagraphOut], **ERRORS},
    auth=reader_auth,
    summary="The version in one language, paragraph by paragraph, with each one's status",
)
def translation(
    request: HttpRequest, slug: str, number: int, language: str
) -> list[dict[str, Any]]:
    version = _version(request, _chapter(slug), number)
    return [
        {
            "key": row.paragraph.key,
            "position": row.paragraph.position,
            "source": row.paragraph.text,
            "text": row.text,
            "status": row.status,
        }
        for row in queries.translation_view(version=version, language=language)
    ]


@router.put(
    "/chapters/{slug}/versions/{number}/translations/{language}/{key}",
    response={200: TranslationParagraphOut, **ERRORS},
    auth=person_auth,
    summary="Save one paragraph's translation (signed-in people); done or in progress",
)
def translation_save(
    request: HttpRequest, slug: str, number: int, *, language: str, key: str, payload: TranslationIn
) -> dict[str, Any]:
    version = _version(request, _chapter(slug), number)
    row = services.translation_save(
        actor=request.user,
        version=version,
        language=language,
        key=key,
        text=payload.text,
        done=payload.done,
    )
    paragraph = next(p for p in queries.paragraphs_of(version=version) if p.key == key)
    return {
        "key": key,
        "position": paragraph.position,
        "source": paragraph.text,
        "text": row.text,
        "status": row.status,
    }
