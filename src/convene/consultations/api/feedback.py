"""Feedback: give and record, the anchored list, an item, triage, merge, imports, themes."""

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema
from ninja.responses import Status

from convene.consultations import queries, services
from convene.consultations.api.common import (
    ERRORS,
    _chapter,
    _feedback_out,
    _themes_of,
    _version,
    _version_numbers,
    router,
)
from convene.consultations.api.schemas import (
    FeedbackDetailOut,
    FeedbackFiltersIn,
    FeedbackIn,
    FeedbackOut,
    ImportedOut,
    ImportIn,
    MergeIn,
    TriageIn,
    WikiTalkIn,
)
from convene.consultations.models import (
    Channel,
    Feedback,
    VersionStatus,
)
from convene.core.api import PageOut, paginate
from convene.core.errors import Invalid, NotFound
from convene.events.models import Event
from convene.people.auth import person_auth, reader_auth
from convene.qa.models import Question


@router.post(
    "/chapters/{slug}/feedback",
    response={201: FeedbackOut, **ERRORS},
    auth=person_auth,
    summary="Give feedback (channel web), record it on behalf of others (other channels), "
    "or tag a board question with the chapter (channel question)",
)
def feedback_create(request: HttpRequest, slug: str, payload: FeedbackIn) -> Status[dict[str, Any]]:
    chapter = _chapter(slug)
    item: Feedback
    if payload.channel == Channel.WEB:
        item = services.feedback_give(
            actor=request.user,
            chapter=chapter,
            text=payload.text,
            version=payload.version,
            paragraph=payload.paragraph,
            quote=payload.quote,
            start=payload.start,
            language=payload.language,
            region=payload.region,
            community=payload.community,
        )
    elif payload.channel == Channel.QUESTION:
        question = (
            Question.objects.select_related("event", "author")
            .filter(pk=payload.question or 0)
            .first()
        )
        if question is None:
            raise Invalid("There is no such question.", field="question")
        item = services.question_tag(
            actor=request.user,
            chapter=chapter,
            question=question,
            paragraph=payload.paragraph,
            version=payload.version,
        )
    else:
        event = None
        if payload.event is not None:
            event = Event.objects.filter(pk=payload.event).first()
            if event is None:
                raise Invalid("There is no such event.", field="event")
        item = services.feedback_record(
            actor=request.user,
            chapter=chapter,
            text=payload.text,
            channel=payload.channel,
            version=payload.version,
            paragraph=payload.paragraph,
            quote=payload.quote,
            language=payload.language,
            region=payload.region,
            community=payload.community,
            event=event,
            source=payload.source,
            name=payload.name,
            contact=payload.contact,
            given_at=payload.given_at,
        )
    return Status(201, _detail(request, item.pk))


@router.get(
    "/chapters/{slug}/feedback",
    response={200: PageOut[FeedbackOut], **ERRORS},
    auth=reader_auth,
    summary="The chapter's feedback as it sits in version N (default: the current one); "
    "filters combine",
)
def feedback_list(
    request: HttpRequest, slug: str, params: Query[FeedbackFiltersIn]
) -> dict[str, Any]:
    chapter = _chapter(slug)
    version = _version(request, chapter, params.version)
    filters = queries.FeedbackFilters(
        paragraph=params.paragraph,
        state=params.state,
        status=params.status,
        channel=params.channel,
        language=params.language,
        region=params.region,
        community=params.community,
        theme=params.theme,
    )
    rows = queries.feedback_in_version(version=version, filters=filters)
    private = queries.can_triage(user=request.user, chapter=chapter)

    def serialise(page: Sequence[Feedback]) -> list[dict[str, Any]]:
        ids = [item.pk for item in page]
        placed = queries.placements_for(version=version, feedback_ids=ids)
        numbers = _version_numbers(chapter)
        themes = _themes_of(ids)
        out = []
        for item in page:
            item.chapter = chapter
            out.append(
                _feedback_out(
                    item,
                    placement=placed.get(item.pk),
                    numbers=numbers,
                    themes=themes,
                    private=private,
                )
            )
        return out

    return paginate(request, rows, limit=params.limit, offset=params.offset, serialise=serialise)


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    item = queries.feedback_get(pk=pk)
    chapter = item.chapter
    numbers = _version_numbers(chapter)
    private = queries.can_triage(user=request.user, chapter=chapter)
    trail = [
        p
        for p in queries.feedback_trail(feedback=item)
        if private or p.version.status != VersionStatus.DRAFT
    ]
    return {
        **_feedback_out(
            item,
            placement=trail[-1] if trail else None,
            numbers=numbers,
            themes={item.pk: [t.slug for t in item.themes.all()]},
            private=private,
        ),
        "trail": [
            {
                "version": p.version.number,
                "state": p.state,
                "paragraph": p.paragraph_key or None,
                "position": p.position,
            }
            for p in trail
        ],
        "duplicates": [d.pk for d in item.duplicates.all()],
        "answers": [a.text for a in queries.question_answers(feedback=item)],
    }


@router.get(
    "/feedback/{feedback_id}",
    response={200: FeedbackDetailOut, **ERRORS},
    auth=reader_auth,
    summary="One feedback item, where it sits in every version, and what became of it",
)
def feedback_detail(request: HttpRequest, feedback_id: int) -> dict[str, Any]:
    return _detail(request, feedback_id)


@router.post(
    "/feedback/{feedback_id}/triage",
    response={200: FeedbackDetailOut, **ERRORS},
    auth=person_auth,
    summary="Status (with a reason; adopted in version N at paragraph K) and themes "
    "(the drafting group); the giver is told",
)
def feedback_triage(request: HttpRequest, feedback_id: int, payload: TriageIn) -> dict[str, Any]:
    item = queries.feedback_get(pk=feedback_id)
    services.feedback_triage(
        actor=request.user,
        feedback=item,
        status=payload.status,
        reason=payload.reason,
        themes=payload.themes,
        adopted_in=payload.adopted_in,
        adopted_key=payload.adopted_key,
    )
    return _detail(request, feedback_id)


@router.post(
    "/feedback/{feedback_id}/merge",
    response={200: FeedbackDetailOut, **ERRORS},
    auth=person_auth,
    summary="Mark the item a duplicate of another (both keep their source)",
)
def feedback_merge(request: HttpRequest, feedback_id: int, payload: MergeIn) -> dict[str, Any]:
    item = queries.feedback_get(pk=feedback_id)
    try:
        into = queries.feedback_get(pk=payload.into)
    except NotFound as exc:
        raise Invalid("There is no such feedback.", field="into") from exc
    services.feedback_merge(actor=request.user, feedback=item, into=into)
    return _detail(request, feedback_id)


@router.post(
    "/chapters/{slug}/imports",
    response={201: ImportedOut, **ERRORS},
    auth=person_auth,
    summary="Import feedback: a survey's CSV export or the chapter's talk page (wikitext)",
)
def feedback_import(request: HttpRequest, slug: str, payload: ImportIn) -> Status[dict[str, Any]]:
    chapter = _chapter(slug)
    if payload.format == "survey":
        items = services.survey_import(
            actor=request.user,
            chapter=chapter,
            data=payload.data,
            source=payload.source or "survey",
            version=payload.version,
        )
    else:
        items = services.talk_page_import(
            actor=request.user,
            chapter=chapter,
            wikitext=payload.data,
            source=payload.source,
            version=payload.version,
            language=payload.language,
        )
    return Status(201, {"created": len(items), "ids": [item.pk for item in items]})


@router.post(
    "/chapters/{slug}/imports/from-wiki",
    response={201: ImportedOut, **ERRORS},
    auth=person_auth,
    summary="Import a wiki talk page as feedback, read from the wiki: each signed comment "
    "one item (author and date kept); again, only what is new",
)
def feedback_import_from_wiki(
    request: HttpRequest, slug: str, payload: WikiTalkIn
) -> Status[dict[str, Any]]:
    items = services.talk_page_import_from_wiki(
        actor=request.user,
        chapter=_chapter(slug),
        page=payload.page,
        version=payload.version,
        language=payload.language,
    )
    return Status(201, {"created": len(items), "ids": [item.pk for item in items]})


class ThemeOut(Schema):
    slug: str
    name: str
    count: int = Field(description="items of this chapter tagged with it")


@router.get(
    "/chapters/{slug}/themes",
    response={200: list[ThemeOut], **ERRORS},
    auth=reader_auth,
    summary="The charter's themes, with how many of the chapter's items carry each",
)
def themes(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    return [
        {"slug": t.slug, "name": t.name, "count": getattr(t, "count", 0)}
        for t in queries.themes_of(chapter=_chapter(slug))
    ]


# ------------------------------------------------------------------ periods
