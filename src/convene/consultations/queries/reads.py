"""Reads of the consultations app, each in a constant number of queries."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from convene.consultations.models import (
    Chapter,
    ConsultationPeriod,
    Feedback,
    FeedbackPlacement,
    Paragraph,
    ParagraphTranslation,
    Theme,
    Translation,
    TranslationStatus,
    Version,
    VersionStatus,
)
from convene.consultations.queries.access import can_draft
from convene.core.errors import NotFound


def chapters_list() -> QuerySet[Chapter]:
    """Every chapter in charter order, with its charter and drafting group."""
    return Chapter.objects.select_related("charter", "drafting_group").order_by(
        "charter_id", "order", "title"
    )


def chapter_get(*, slug: str) -> Chapter:
    chapter = chapters_list().filter(slug=slug).first()
    if chapter is None:
        raise NotFound(_("There is no chapter “%(slug)s”.") % {"slug": slug})
    return chapter


def versions_of(*, chapter: Chapter, viewer: Any) -> list[Version]:
    """The chapter's versions, oldest first; drafts only for the drafting group."""
    rows = Version.objects.filter(chapter=chapter).order_by("number")
    if not can_draft(user=viewer, chapter=chapter):
        rows = rows.exclude(status=VersionStatus.DRAFT)
    return list(rows.defer("source_text"))


def version_current(*, chapter: Chapter) -> Version | None:
    """The newest version that is not a draft (what readers see and comment on)."""
    return (
        Version.objects.filter(chapter=chapter)
        .exclude(status=VersionStatus.DRAFT)
        .order_by("-number")
        .first()
    )


def current_versions(*, chapters: Sequence[Chapter]) -> dict[int, int]:
    """chapter id -> the number of its current (newest non-draft) version (one query)."""
    rows = (
        Version.objects.filter(chapter__in=[c.pk for c in chapters])
        .exclude(status=VersionStatus.DRAFT)
        .values_list("chapter_id")
        .annotate(newest=Max("number"))
        .values_list("chapter_id", "newest")
    )
    return dict(rows)


def version_get(*, chapter: Chapter, number: int | None, viewer: Any) -> Version:
    """Version `number` (None: the current one); a draft only for the drafting group."""
    if number is None:
        version = version_current(chapter=chapter)
    else:
        version = Version.objects.filter(chapter=chapter, number=number).first()
    if version is None or (
        version.status == VersionStatus.DRAFT and not can_draft(user=viewer, chapter=chapter)
    ):
        raise NotFound(_("There is no such version."))
    version.chapter = chapter
    return version


def paragraphs_of(*, version: Version) -> list[Paragraph]:
    return list(Paragraph.objects.filter(version=version).order_by("position"))


def version_previous(*, version: Version) -> Version | None:
    return (
        Version.objects.filter(chapter_id=version.chapter_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


@dataclass
class DiffRow:
    """One paragraph of a version's diff to the previous one."""

    key: str
    change: str  # same, edited, new, removed
    position: int | None  # in this version (None: removed)
    old_text: str
    new_text: str
    kind: str
    merged_into: str = ""  # for a removed key: the key its text went into
    split_from: str = ""
    adopted: list[Feedback] = field(default_factory=list)  # the feedback that led to it


def version_diff(*, version: Version) -> list[DiffRow]:
    """Paragraph by paragraph: this version against the previous one, each changed
    paragraph with the feedback adopted into it. Removed paragraphs come after the
    paragraph that preceded them. Four queries."""
    previous = version_previous(version=version)
    old = {p.key: p for p in Paragraph.objects.filter(version=previous)} if previous else {}
    adopted: dict[str, list[Feedback]] = {}
    for item in Feedback.objects.filter(adopted_in=version).select_related("author"):
        adopted.setdefault(item.adopted_key, []).append(item)
    rows: list[DiffRow] = []
    removed = set(version.removed_keys or [])
    merged = version.merged_into or {}
    old_order = sorted(old.values(), key=lambda p: p.position)
    removed_after: dict[str | None, list[Paragraph]] = {}
    last_kept: str | None = None
    for p in old_order:
        if p.key in removed:
            removed_after.setdefault(last_kept, []).append(p)
        else:
            last_kept = p.key

    def removed_rows(after: str | None) -> list[DiffRow]:
        return [
            DiffRow(
                key=p.key,
                change="removed",
                position=None,
                old_text=p.text,
                new_text="",
                kind=p.kind,
                merged_into=merged.get(p.key, ""),
                adopted=adopted.get(p.key, []),
            )
            for p in removed_after.get(after, [])
        ]

    rows += removed_rows(None)
    for p in Paragraph.objects.filter(version=version).order_by("position"):
        before = old.get(p.key)
        rows.append(
            DiffRow(
                key=p.key,
                change=p.change,
                position=p.position,
                old_text=before.text if before else "",
                new_text=p.text,
                kind=p.kind,
                split_from=p.split_from,
                adopted=adopted.get(p.key, []),
            )
        )
        rows += removed_rows(p.key)
    return rows


@dataclass(frozen=True)
class FeedbackFilters:
    """Filters that combine (empty: any)."""

    paragraph: str = ""
    state: str = ""  # placement state in the version
    status: str = ""
    channel: str = ""
    language: str = ""
    region: str = ""  # slug
    community: str = ""  # slug
    theme: str = ""  # slug
    include_duplicates: bool = True


def feedback_in_version(
    *, version: Version, filters: FeedbackFilters | None = None
) -> QuerySet[Feedback]:
    """The chapter's feedback as it sits in `version`, newest first: each item carries
    `placement_state`, `placement_key`, `placement_position`, `placement_start`
    (annotated from its placement; items not yet carried there have none), its author,
    region, community, event and question selected. Constant queries (themes: prefetch
    `themes` yourself if shown)."""
    f = filters or FeedbackFilters()
    placements = FeedbackPlacement.objects.filter(version=version)
    rows = (
        Feedback.objects.filter(chapter_id=version.chapter_id, version__number__lte=version.number)
        .select_related("author", "region", "community", "event", "question")
        .order_by("-given_at", "-id")
    )
    if f.paragraph or f.state:
        matching = placements
        if f.paragraph:
            matching = matching.filter(paragraph_key=f.paragraph)
        if f.state:
            matching = matching.filter(state=f.state)
        rows = rows.filter(pk__in=matching.values("feedback_id"))
    if f.status:
        rows = rows.filter(status=f.status)
    if f.channel:
        rows = rows.filter(channel=f.channel)
    if f.language:
        rows = rows.filter(language=f.language)
    if f.region:
        rows = rows.filter(region__slug=f.region)
    if f.community:
        rows = rows.filter(community__slug=f.community)
    if f.theme:
        rows = rows.filter(themes__slug=f.theme)
    if not f.include_duplicates:
        rows = rows.filter(merged_into__isnull=True)
    return rows


def placements_for(*, version: Version, feedback_ids: list[int]) -> dict[int, FeedbackPlacement]:
    """feedback id -> its placement in `version` (one query; for one page of items)."""
    return {
        p.feedback_id: p
        for p in FeedbackPlacement.objects.filter(version=version, feedback_id__in=feedback_ids)
    }


def paragraph_counts(*, version: Version) -> dict[str, int]:
    """paragraph key -> how many items sit on it in `version` (one query)."""
    return dict(
        FeedbackPlacement.objects.filter(version=version)
        .exclude(paragraph_key="")
        .values_list("paragraph_key")
        .annotate(n=Count("id"))
        .values_list("paragraph_key", "n")
    )


def state_counts(*, version: Version) -> dict[str, int]:
    return dict(
        FeedbackPlacement.objects.filter(version=version)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )


def orphans(*, version: Version) -> QuerySet[Feedback]:
    """The drafting group's queue: items whose paragraph and quote are gone in `version`."""
    return feedback_in_version(version=version, filters=FeedbackFilters(state="orphaned"))


def feedback_get(*, pk: int) -> Feedback:
    item = (
        Feedback.objects.select_related(
            "chapter__charter",
            "version",
            "author",
            "region",
            "community",
            "event",
            "question",
            "adopted_in",
            "merged_into",
        )
        .prefetch_related(
            "themes",
            "duplicates",
            Prefetch(
                "placements",
                queryset=FeedbackPlacement.objects.select_related("version").order_by(
                    "version__number"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise NotFound(_("There is no such feedback."))
    return item


def feedback_trail(*, feedback: Feedback) -> list[FeedbackPlacement]:
    """Where the item sits in every version, oldest first (use after `feedback_get`)."""
    return list(feedback.placements.all())


def question_answers(*, feedback: Feedback) -> list[Any]:
    """The answers of the question an item came from ([] if none)."""
    if feedback.question_id is None:
        return []
    from convene.qa.models import Answer

    return list(Answer.objects.filter(question_id=feedback.question_id).order_by("position", "pk"))


def themes_of(*, chapter: Chapter) -> list[Theme]:
    """The charter's themes, each with `count`: items of this chapter tagged with it."""
    return list(
        Theme.objects.filter(charter_id=chapter.charter_id)
        .annotate(count=Count("feedback", filter=Q(feedback__chapter=chapter)))
        .order_by("name")
    )


def periods_of(*, chapter: Chapter) -> list[ConsultationPeriod]:
    return list(
        ConsultationPeriod.objects.filter(charter_id=chapter.charter_id)
        .filter(Q(chapter__isnull=True) | Q(chapter=chapter))
        .order_by("starts_on")
    )


def period_open(*, chapter: Chapter, day: Any) -> ConsultationPeriod | None:
    return next((p for p in periods_of(chapter=chapter) if p.starts_on <= day <= p.ends_on), None)


@dataclass
class TranslatedParagraph:
    paragraph: Paragraph
    text: str
    status: str  # missing, in_progress, outdated, done
    source_text: str  # the source text it was made from (differs when outdated)


def translation_view(*, version: Version, language: str) -> list[TranslatedParagraph]:
    """Each paragraph of `version` with its translation into `language` and its status."""
    rows = {
        row.key: row
        for row in ParagraphTranslation.objects.filter(
            translation__version=version, translation__language=language
        )
    }
    out = []
    for p in paragraphs_of(version=version):
        row = rows.get(p.key)
        out.append(
            TranslatedParagraph(
                paragraph=p,
                text=row.text if row else "",
                status=row.status if row else TranslationStatus.MISSING,
                source_text=row.source_text if row else "",
            )
        )
    return out


def translation_summary(*, version: Version) -> dict[str, dict[str, int]]:
    """language -> {status: count} for every language begun on `version` (missing too)."""
    total = Paragraph.objects.filter(version=version).count()
    summary: dict[str, dict[str, int]] = {
        language: {"missing": total}
        for language in Translation.objects.filter(version=version).values_list(
            "language", flat=True
        )
    }
    counted = (
        ParagraphTranslation.objects.filter(translation__version=version)
        .values_list("translation__language", "status")
        .annotate(n=Count("id"))
    )
    for language, status, n in counted:
        entry = summary.setdefault(language, {"missing": total})
        entry[status] = n
        entry["missing"] -= n
    return summary
