"""The consultations API: chapters, versions with keyed paragraphs, anchored feedback,
periods, triage and translations.

Errors answer `{code, message, field, errors}`; lists answer `{count, next, items}`
(`limit`, `offset`). Reads are open to everyone (drafts and givers' contacts only to the
drafting group); writes need a signed-in person with the right role (see
`consultations.queries.access`).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from convene.consultations import queries, services
from convene.consultations.models import (
    Channel,
    Chapter,
    ConsultationPeriod,
    Feedback,
    FeedbackPlacement,
    Version,
    VersionStatus,
)
from convene.core.api import BodyIn, ErrorOut, Limit, Offset, PageOut, paginate
from convene.core.errors import Invalid, NotFound
from convene.core.formatting import iso_z
from convene.events.models import Event
from convene.people.auth import person_auth, reader_auth
from convene.qa.models import Question

router = Router(tags=["consultations"])

ERRORS: dict[int, type[ErrorOut]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
}

# ------------------------------------------------------------------ shapes


class ChapterOut(Schema):
    slug: str
    title: str
    order: int
    charter: str
    drafting_group: str | None
    current_version: int | None
    url: str


class ChapterIn(BodyIn):
    slug: str = ""
    title: str
    charter: str | None = None
    order: int | None = None
    drafting_group: str | None = Field(None, description="an organisation's slug")


class ParagraphOut(Schema):
    key: str
    position: int
    text: str
    change: Literal["same", "edited", "new"]
    kind: str = "paragraph"
    level: int = 0


class VersionIn(BodyIn):
    label: str
    text: str
    format: Literal["markdown", "wikitext"] = "markdown"
    status: Literal["draft", "open", "final"] = "open"
    source: str = Field("", description="where the text came from (a file, a wiki page's URL)")


class PublishedOut(Schema):
    number: int
    label: str
    status: str
    paragraphs: list[ParagraphOut]
    removed: list[str]


class ReanchorOut(Schema):
    state: str
    done: int
    total: int


class VersionSummaryOut(Schema):
    number: int
    label: str
    status: str
    published_on: dt.date
    format: str
    reanchor: ReanchorOut


class VersionOut(VersionSummaryOut):
    paragraphs: list[ParagraphOut]
    removed: list[str]
    merged_into: dict[str, str]


class StatusIn(BodyIn):
    status: Literal["draft", "open", "closed", "superseded", "final"]


class DiffOut(Schema):
    key: str
    change: Literal["same", "edited", "new", "removed"]
    position: int | None
    old_text: str
    new_text: str
    merged_into: str
    split_from: str
    adopted: list[int] = Field(description="ids of the feedback items adopted into it")


class AnchorOut(Schema):
    paragraph: str | None
    position: int | None
    quote: str | None
    state: Literal["exact", "fuzzy", "paragraph", "orphaned", "chapter"] | None


class FeedbackOut(Schema):
    id: int
    chapter: str
    version: int = Field(description="the version it was given on")
    text: str
    channel: str
    language: str
    region: str | None
    community: str | None
    event_id: int | None
    question_id: int | None
    source: str
    given_by: str | None
    contact: str | None = Field(description="shown to the drafting group only")
    given_at: str
    status: str
    status_reason: str
    adopted_in: int | None
    adopted_key: str | None
    themes: list[str]
    merged_into: int | None
    anchor: AnchorOut


class TrailOut(Schema):
    version: int
    state: str
    paragraph: str | None
    position: int | None


class FeedbackDetailOut(FeedbackOut):
    trail: list[TrailOut] = Field(description="where it sits in every version")
    duplicates: list[int]
    answers: list[str] = Field(description="the answers of the question it came from")


class FeedbackIn(BodyIn):
    text: str = ""
    version: int | None = None
    paragraph: str | None = None
    quote: str | None = None
    start: int | None = Field(None, description="the quote's offset in its paragraph")
    channel: str = "web"
    language: str = ""
    region: str | None = None
    community: str | None = None
    event: int | None = Field(None, description="the session's event id (channel session)")
    question: int | None = Field(None, description="a board question's id (channel question)")
    source: str = ""
    name: str = Field("", description="on behalf of (recorded channels)")
    contact: str = ""
    given_at: dt.datetime | None = None


class FeedbackFiltersIn(Schema):
    version: int | None = None
    paragraph: str = ""
    state: str = ""
    status: str = ""
    channel: str = ""
    language: str = ""
    region: str = ""
    community: str = ""
    theme: str = ""
    limit: Limit = 50
    offset: Offset = 0


class TriageIn(BodyIn):
    status: Literal["new", "considering", "adopted", "partly", "not_adopted"] | None = None
    reason: str | None = None
    themes: list[str] | None = None
    adopted_in: int | None = None
    adopted_key: str | None = None


class MergeIn(BodyIn):
    into: int


class PeriodIn(BodyIn):
    starts_on: dt.date
    ends_on: dt.date
    title: str = ""
    whole_charter: bool = False


class PeriodOut(Schema):
    id: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    chapter: str | None


class TranslationParagraphOut(Schema):
    key: str
    position: int
    source: str
    text: str
    status: Literal["missing", "in_progress", "outdated", "done"]


class TranslationIn(BodyIn):
    text: str
    done: bool = False


class ImportIn(BodyIn):
    data: str
    format: Literal["survey", "talk_page"]
    source: str = ""
    version: int | None = None
    language: str = ""


class WikiVersionIn(Schema):
    label: str
    page: str = Field(description="the wiki page whose current text becomes the version")
    status: Literal["draft", "open", "final"] = "open"


class WikiTalkIn(Schema):
    page: str = Field(description="a wiki page (its talk page is read) or a talk page")
    version: int | None = None
    language: str = ""


class ImportedOut(Schema):
    created: int
    ids: list[int]


# ------------------------------------------------------------------ helpers


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


# ------------------------------------------------------------------ chapters


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


# ------------------------------------------------------------------ versions


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


# ------------------------------------------------------------------ translations


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
