"""The consultations router, its error responses and the helpers its endpoints share."""

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from ninja import Router

from convene.consultations import queries
from convene.consultations.models import (
    Chapter,
    Feedback,
    FeedbackPlacement,
    Version,
)
from convene.core.api import REFUSALS
from convene.core.formatting import iso_z

router = Router(tags=["consultations"])

ERRORS = REFUSALS


def _chapter(slug: str) -> Chapter:
    return queries.chapter_get(slug=slug)


def _chapter_out(chapter: Chapter, current: dict[int, int]) -> dict[str, Any]:
    return {
        "slug": chapter.slug,
        "title": chapter.title,
        "order": chapter.order,
        "charter": chapter.charter.slug,
        "drafting_group": chapter.drafting_group.slug if chapter.drafting_group else None,
        "current_version": current.get(chapter.pk),
        "url": f"/consultations/{chapter.slug}/",
    }


def _paragraphs(version: Version) -> list[dict[str, Any]]:
    return [
        {
            "key": p.key,
            "position": p.position,
            "text": p.text,
            "change": p.change,
            "kind": p.kind,
            "level": p.level,
        }
        for p in queries.paragraphs_of(version=version)
    ]


def _summary(version: Version) -> dict[str, Any]:
    return {
        "number": version.number,
        "label": version.label,
        "status": version.status,
        "published_on": version.published_on,
        "format": version.format,
        "reanchor": {
            "state": version.reanchor_state or "done",
            "done": version.reanchor_done,
            "total": version.reanchor_total,
        },
    }


def _version(request: HttpRequest, chapter: Chapter, number: int | None) -> Version:
    return queries.version_get(chapter=chapter, number=number, viewer=request.user)


def _anchor(item: Feedback, placement: FeedbackPlacement | None) -> dict[str, Any]:
    if placement is None:
        return {"paragraph": None, "position": None, "quote": item.quote or None, "state": None}
    return {
        "paragraph": placement.paragraph_key or None,
        "position": placement.position,
        "quote": item.quote or None,
        "state": placement.state,
    }


def _feedback_out(
    item: Feedback,
    *,
    placement: FeedbackPlacement | None,
    numbers: dict[int, int],
    themes: dict[int, list[str]],
    private: bool,
) -> dict[str, Any]:
    return {
        "id": item.pk,
        "chapter": item.chapter.slug,
        "version": numbers.get(item.version_id, 0),
        "text": item.text,
        "channel": item.channel,
        "language": item.language,
        "region": item.region.slug if item.region else None,
        "community": item.community.slug if item.community else None,
        "event_id": item.event_id,
        "question_id": item.question_id,
        "source": item.source,
        "given_by": item.giver_name or None,
        "contact": item.on_behalf_contact or None if private else None,
        "given_at": iso_z(item.given_at) or "",
        "status": item.status,
        "status_reason": item.status_reason,
        "adopted_in": numbers.get(item.adopted_in_id) if item.adopted_in_id else None,
        "adopted_key": item.adopted_key or None,
        "themes": themes.get(item.pk, []),
        "merged_into": item.merged_into_id,
        "anchor": _anchor(item, placement),
    }


def _version_numbers(chapter: Chapter) -> dict[int, int]:
    return dict(Version.objects.filter(chapter=chapter).values_list("pk", "number"))


def _themes_of(ids: Sequence[int]) -> dict[int, list[str]]:
    through = Feedback.themes.through.objects.filter(feedback_id__in=ids).values_list(
        "feedback_id", "theme__slug"
    )
    out: dict[int, list[str]] = {}
    for fid, slug in through:
        out.setdefault(fid, []).append(slug)
    return out
