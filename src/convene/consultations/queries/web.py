"""Reads for the consultation pages (the HTML side): each page's data in a fixed number of
queries, whatever the number of paragraphs or feedback items."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from convene.consultations.models import (
    Chapter,
    ConsultationPeriod,
    Feedback,
    FeedbackPlacement,
    Paragraph,
    ParagraphTranslation,
    PlacementState,
    Translation,
    TranslationStatus,
    Version,
    VersionStatus,
)
from convene.consultations.queries import reads
from convene.core.clock import now

PAGE_SIZE = 25
PART_SIZE = 60  # paragraphs of a chapter shown at once
TRIAGE_PAGE_SIZE = 15  # each item carries its forms; the page stays under 50 KB


def latest_version(chapter: Chapter) -> Version | None:
    """The newest version, drafts included (what the next one is written from)."""
    return Version.objects.filter(chapter=chapter).order_by("-number").first()


def versions_list(*, chapter: Chapter, drafts: bool) -> list[Version]:
    rows = (
        Version.objects.filter(chapter=chapter)
        .defer("source_text")
        .annotate(paragraph_count=Count("paragraphs", distinct=True))
        .order_by("-number")
    )
    if not drafts:
        rows = rows.exclude(status=VersionStatus.DRAFT)
    return list(rows)


def orphaned_count(version: Version | None) -> int:
    if version is None:
        return 0
    return FeedbackPlacement.objects.filter(version=version, state=PlacementState.ORPHANED).count()


def chapter_get(slug: str) -> Chapter | None:
    return (
        Chapter.objects.select_related("charter", "drafting_group", "charter__committee")
        .filter(slug=slug)
        .first()
    )


def period_for(
    chapter: Chapter, day: dt.date | None = None
) -> tuple[ConsultationPeriod | None, bool]:
    """The period open on `day` (today, UTC) for the chapter, or else the next or the last
    one; and whether feedback is taken now."""
    day = day or now().astimezone(dt.UTC).date()
    periods = reads.periods_of(chapter=chapter)
    for period in periods:
        if period.starts_on <= day <= period.ends_on:
            return period, True
    upcoming = [p for p in periods if p.starts_on > day]
    if upcoming:
        return min(upcoming, key=lambda p: p.starts_on), False
    return (max(periods, key=lambda p: p.ends_on) if periods else None), False


# --- chapters list --------------------------------------------------------------------


@dataclass
class ChapterRow:
    chapter: Chapter
    version: Version | None
    feedback: int


def chapters_overview() -> list[ChapterRow]:
    """Every chapter in order, its current version and how much feedback it has (3 queries)."""
    counted = (
        Feedback.objects.filter(chapter=OuterRef("pk"))
        .order_by()
        .values("chapter")
        .annotate(n=Count("id"))
        .values("n")
    )  # a count per chapter from its index, not a join of every item
    chapters = list(
        Chapter.objects.select_related("charter", "drafting_group")
        .annotate(feedback_count=Coalesce(Subquery(counted), 0))
        .order_by("charter__title", "order", "title")
    )
    versions: dict[int, Version] = {}
    for version in (
        Version.objects.filter(chapter__in=chapters)
        .exclude(status=VersionStatus.DRAFT)
        .defer("source_text")
        .order_by("chapter_id", "number")
    ):
        versions[version.chapter_id] = version  # the last one wins: the newest
    return [
        ChapterRow(chapter=c, version=versions.get(c.pk), feedback=c.feedback_count)
        for c in chapters
    ]


# --- a chapter's page -----------------------------------------------------------------


@dataclass
class ParagraphView:
    paragraph: Paragraph
    feedback: int = 0
    translated: str = ""  # the reader's language, when translated
    translation_status: str = ""  # done, in_progress, outdated, missing ("" = no language)

    @property
    def behind(self) -> bool:
        return self.translation_status in ("in_progress", "outdated", "missing")


@dataclass
class ChapterPage:
    chapter: Chapter
    version: Version
    versions: list[Version]
    paragraphs: list[ParagraphView]
    chapter_wide: int  # items about the whole chapter
    orphaned: int
    languages: list[str]  # the languages this version is translated into
    language: str  # the one shown ("" = the source)
    behind: int = 0  # paragraphs of this part whose translation is behind
    part: int = 1
    parts: int = 1
    total: int = 0  # paragraphs in the version


def chapter_page(
    *,
    chapter: Chapter,
    number: int | None,
    language: str,
    drafts: bool,
    part: int = 1,
    around: str = "",
) -> ChapterPage | None:
    """The chapter in version `number` (None: the current one), paragraph by paragraph,
    each with its feedback count and, in `language`, its translation and status. A long
    chapter comes in parts of PART_SIZE paragraphs (the page stays light): `part`, or
    the part holding the paragraph keyed `around`."""
    versions = list(Version.objects.filter(chapter=chapter).defer("source_text").order_by("number"))
    if not drafts:
        versions = [v for v in versions if v.status != VersionStatus.DRAFT]
    if not versions:
        return None
    if number is None:  # the current version: the newest published, a draft only if alone
        published = [v for v in versions if v.status != VersionStatus.DRAFT]
        version = (published or versions)[-1]
    else:
        found = [v for v in versions if v.number == number]
        if not found:
            return None
        version = found[0]
    paragraphs = list(Paragraph.objects.filter(version=version).order_by("position"))
    # Two queries, each answered from an index of placements (a single one grouping by
    # key and state would read every row).
    counts = dict(
        FeedbackPlacement.objects.filter(version=version)
        .values_list("paragraph_key")
        .annotate(n=Count("id"))
        .values_list("paragraph_key", "n")
    )
    orphaned = FeedbackPlacement.objects.filter(
        version=version, state=PlacementState.ORPHANED
    ).count()
    if orphaned:  # an orphan sits on no paragraph (key ""), like an item on the chapter
        counts[""] = counts.get("", 0) - orphaned
    languages = list(
        Translation.objects.filter(version=version)
        .order_by("language")
        .values_list("language", flat=True)
    )
    rows = [ParagraphView(paragraph=p, feedback=counts.get(p.key, 0)) for p in paragraphs]
    parts = max(1, -(-len(rows) // PART_SIZE))
    index = next((i for i, p in enumerate(paragraphs) if p.key == around), None)
    part = index // PART_SIZE + 1 if index is not None else min(max(1, part), parts)
    rows = rows[(part - 1) * PART_SIZE : part * PART_SIZE]
    shown = language if language in languages else ""
    if shown:
        translated = {
            row.key: row
            for row in ParagraphTranslation.objects.filter(
                translation__version=version, translation__language=shown
            ).only("key", "text", "status")
        }
        for row in rows:
            found_row = translated.get(row.paragraph.key)
            if found_row is None:
                row.translation_status = TranslationStatus.MISSING
            else:
                row.translation_status = found_row.status
                row.translated = found_row.text
    return ChapterPage(
        chapter=chapter,
        version=version,
        versions=versions,
        paragraphs=rows,
        chapter_wide=counts.get("", 0),
        orphaned=orphaned,
        languages=languages,
        language=shown,
        behind=sum(1 for row in rows if row.behind),
        part=part,
        parts=parts,
        total=len(paragraphs),
    )


def _items() -> QuerySet[Feedback]:
    return Feedback.objects.select_related("region", "community", "event", "question").defer(
        "on_behalf_contact"
    )


def paragraph_feedback(*, version: Version, key: str, page: Any) -> Page[Feedback]:
    """The items sitting on one paragraph of a version ("" = about the whole chapter)."""
    filters = (
        reads.FeedbackFilters(paragraph=key) if key else reads.FeedbackFilters(state="chapter")
    )
    return Paginator(
        reads.feedback_in_version(version=version, filters=filters), PAGE_SIZE
    ).get_page(page)


# --- versions and their diff -------------------------------------------------------------


@dataclass
class UnchangedRun:
    first: int
    last: int
    key: str  # the first paragraph's key
    count: int = 1


@dataclass
class VersionDiff:
    version: Version
    previous: Version | None
    rows: list[reads.DiffRow]
    orphaned: list[Feedback]

    @property
    def changed(self) -> int:
        return sum(1 for row in self.rows if row.change != "same")

    @property
    def adopted(self) -> int:
        return sum(len(row.adopted) for row in self.rows)

    @property
    def entries(self) -> list[reads.DiffRow | UnchangedRun]:
        """The rows, each run of unchanged paragraphs (without feedback adopted into it)
        folded into one entry: a long chapter's diff shows what changed."""
        out: list[reads.DiffRow | UnchangedRun] = []
        for row in self.rows:
            if row.change != "same" or row.adopted or row.position is None:
                out.append(row)
            elif out and isinstance(out[-1], UnchangedRun):
                out[-1].last = row.position
                out[-1].count += 1
            else:
                out.append(UnchangedRun(first=row.position, last=row.position, key=row.key))
        return out


def version_diff(*, chapter: Chapter, number: int) -> VersionDiff | None:
    """Version `number` against the one before it, paragraph by paragraph, with the
    feedback adopted into each change and the first items orphaned by it."""
    version = Version.objects.filter(chapter=chapter, number=number).first()
    if version is None:
        return None
    orphaned = reads.orphans(version=version)[:PAGE_SIZE]
    return VersionDiff(
        version=version,
        previous=reads.version_previous(version=version),
        rows=reads.version_diff(version=version),
        orphaned=list(orphaned),
    )


# --- one feedback item ----------------------------------------------------------------


@dataclass
class FeedbackPage:
    item: Feedback
    placements: list[FeedbackPlacement]  # one per version, oldest first
    paragraph_texts: dict[tuple[int, str], str]  # (version id, key) -> text


def feedback_page(*, pk: int) -> FeedbackPage:
    """One item, where it sits in every version and the text of each paragraph it sat on."""
    item = reads.feedback_get(pk=pk)
    placements = reads.feedback_trail(feedback=item)
    wanted = Q(pk__in=[])
    for placement in placements:
        if placement.paragraph_key:
            wanted |= Q(version_id=placement.version_id, key=placement.paragraph_key)
    texts = {
        (p.version_id, p.key): p.text
        for p in Paragraph.objects.filter(wanted).only("version_id", "key", "text")
    }
    return FeedbackPage(item=item, placements=placements, paragraph_texts=texts)


# --- triage ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TriageFilters:
    status: str = ""
    theme: str = ""
    channel: str = ""
    orphaned: bool = False


def triage_queue(
    *, chapter: Chapter, filters: TriageFilters, page: Any
) -> tuple[Page[Feedback], Version | None]:
    """The chapter's feedback for the drafting group, newest first; `orphaned` keeps only
    items orphaned in the current version (their queue)."""
    version = reads.version_current(chapter=chapter)
    if version is None:
        return Paginator(Feedback.objects.none(), PAGE_SIZE).get_page(page), None
    rows = reads.feedback_in_version(
        version=version,
        filters=reads.FeedbackFilters(
            status=filters.status,
            channel=filters.channel,
            theme=filters.theme,
            state=PlacementState.ORPHANED if filters.orphaned else "",
        ),
    ).prefetch_related("themes")
    return Paginator(rows, TRIAGE_PAGE_SIZE).get_page(page), version


def translation_rows(
    *, version: Version, language: str
) -> tuple[list[reads.TranslatedParagraph], Counter[str]]:
    rows = reads.translation_view(version=version, language=language)
    return rows, Counter(row.status for row in rows)
