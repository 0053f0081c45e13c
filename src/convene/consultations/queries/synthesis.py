"""The synthesis, live: feedback counted by chapter, paragraph, channel, region, language
and status under filters that combine, its trend over time, and the rows of the open data.

One grouped scan gives every dimension's counts (the combinations are few: chapters, channels,
regions, languages and statuses multiplied), a second the trend, a third the paragraphs
when one chapter is chosen; names come in one small query each. The number of queries
does not grow with the data.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, fields

from django.db import connection
from django.db.models import Count, Func, QuerySet
from django.db.models.functions import Substr, TruncDate
from django.utils.translation import gettext as _

from convene.consultations.models import (
    Channel,
    Chapter,
    Feedback,
    FeedbackPlacement,
    FeedbackStatus,
    Paragraph,
    PlacementState,
    Theme,
    Version,
    VersionStatus,
)
from convene.consultations.reports import Count as ReportCount
from convene.consultations.reports import ItemRow
from convene.directory.models import Region
from convene.directory.names import language_name

DIMENSIONS = ("chapter", "paragraph", "channel", "region", "language", "status")
TREND_SERIES = 5  # the biggest series drawn; the rest are summed as "other"
TREND_BY = ("chapter", "channel", "region", "status", "language")
TREND_DAYS = 120  # up to this many days, a point a day; then a point a week
TREND_WEEKS = 104  # up to this many weeks; then a point a month
EXPORT_BATCH = 2000


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the synthesis to; empty means everything."""

    chapter: str = ""  # slug
    paragraph: str = ""  # key (with a chapter)
    channel: str = ""
    region: str = ""  # slug
    language: str = ""
    status: str = ""
    theme: str = ""  # slug

    def active(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass
class Synthesis:
    filters: Filters
    total: int
    counts: dict[str, list[ReportCount]]  # dimension -> counts, biggest first
    trend: dict[str, list[tuple[dt.date, int]]]  # series label -> per period
    trend_by: str
    trend_unit: str  # day, week or month


LOOKUPS = {
    "chapter": "chapter__slug",
    "channel": "channel",
    "region": "region__slug",
    "language": "language",
    "status": "status",
    "theme": "themes__slug",
}


def _filtered(filters: Filters) -> QuerySet[Feedback]:
    wanted = {LOOKUPS[name]: value for name, value in filters.active().items() if name in LOOKUPS}
    if filters.chapter and filters.paragraph:  # a key means something in one chapter only
        wanted["paragraph_key"] = filters.paragraph
    return Feedback.objects.filter(**wanted)


def _current_versions(chapter_ids: list[int]) -> dict[int, int]:
    """chapter id -> id of its newest non-draft version."""
    # Ordered by number, so the newest version of each chapter is the one kept.
    return dict(
        Version.objects.filter(chapter_id__in=chapter_ids)
        .exclude(status=VersionStatus.DRAFT)
        .order_by("chapter_id", "number")
        .values_list("chapter_id", "id")
    )


@dataclass(frozen=True)
class Choices:
    """What the filters offer (loaded once per page, shared with the counting)."""

    chapters: list[Chapter]
    regions: list[Region]
    themes: list[tuple[str, str]]  # slug, name


def choices() -> Choices:
    return Choices(
        chapters=list(Chapter.objects.order_by("order", "title")),
        regions=list(Region.objects.order_by("name")),
        themes=list(Theme.objects.order_by("name").values_list("slug", "name").distinct()),
    )


def synthesis(*, filters: Filters, known: Choices, trend_by: str = "channel") -> Synthesis:
    chapters, regions = known.chapters, known.regions
    rows = _filtered(filters)
    combos = rows.values_list("chapter_id", "channel", "region_id", "language", "status").annotate(
        n=Count("id")
    )
    tallies: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS if d != "paragraph"}
    chapter_slug = {c.pk: c.slug for c in chapters}
    region_slug = {r.pk: r.slug for r in regions}
    total = 0
    for chapter_id, channel, region_id, language, status, n in combos:
        total += n
        tallies["chapter"][chapter_slug.get(chapter_id, "")] += n
        tallies["channel"][channel] += n
        tallies["region"][region_slug.get(region_id, "")] += n
        tallies["language"][language] += n
        tallies["status"][status] += n
    labels: dict[str, dict[str, str]] = {
        "chapter": {c.slug: c.title for c in chapters},
        "channel": {str(k): str(v) for k, v in Channel.choices},
        "region": {r.slug: r.name for r in regions},
        "status": {str(k): str(v) for k, v in FeedbackStatus.choices},
    }
    counts = {
        dimension: [
            ReportCount(key, _label(labels, dimension, key), n)
            for key, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        for dimension, tally in tallies.items()
    }
    if filters.chapter:
        counts["paragraph"] = _paragraph_counts(rows, chapters, filters.chapter)
    trend_by = trend_by if trend_by in TREND_BY else "channel"
    trend, unit = _trend(rows, trend_by, counts[trend_by])
    return Synthesis(
        filters=filters,
        total=total,
        counts={d: counts[d] for d in DIMENSIONS if d in counts},
        trend=trend,
        trend_by=trend_by,
        trend_unit=unit,
    )


def _label(labels: dict[str, dict[str, str]], dimension: str, key: str) -> str:
    if dimension == "language":
        return language_name(key) if key else ""
    return labels.get(dimension, {}).get(key, key)


def _paragraph_counts(
    rows: QuerySet[Feedback], chapters: list[Chapter], slug: str
) -> list[ReportCount]:
    chapter = next((c for c in chapters if c.slug == slug), None)
    if chapter is None:
        return []
    version_id = _current_versions([chapter.pk]).get(chapter.pk, 0)
    names = {
        key: f"¶{position} {text[:50]}"
        for key, position, text in Paragraph.objects.filter(version_id=version_id).values_list(
            "key", "position", "text"
        )
    }
    tally = (
        rows.values_list("paragraph_key").annotate(n=Count("id")).values_list("paragraph_key", "n")
    )
    gone = _("%(key)s (not in the current version)")
    return [
        ReportCount(key, names.get(key) or (gone % {"key": key} if key else ""), n)
        for key, n in sorted(tally, key=lambda kv: (-kv[1], kv[0]))
    ]


def _utc_day() -> Func:
    """The UTC day of `given_at`. SQLite keeps instants as UTC text, so its first ten
    characters are the day: Django's TruncDate would call a Python function per row."""
    if connection.vendor == "sqlite":
        return Substr("given_at", 1, 10)
    return TruncDate("given_at", tzinfo=dt.UTC)


def _bucket(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())  # its Monday
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: dt.date, unit: str) -> dt.date:
    if unit == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=7 if unit == "week" else 1)


def trend_unit(first: dt.date, last: dt.date) -> str:
    """Days for a consultation's weeks, weeks for a few months, months beyond."""
    span = (last - first).days
    return "day" if span <= TREND_DAYS else "week" if span <= TREND_WEEKS * 7 else "month"


def _trend(
    rows: QuerySet[Feedback], by: str, ranked: list[ReportCount]
) -> tuple[dict[str, list[tuple[dt.date, int]]], str]:
    """Items per day, week or month (UTC) for the biggest values of `by`, the rest as
    one series "other"; every series counts every period from the first to the last
    (zeros included), so the lines are comparable."""
    column = {"chapter": "chapter__slug", "region": "region__slug"}.get(by, by)
    top = {c.key: c.label for c in ranked[:TREND_SERIES]}
    per_day: dict[str, Counter[dt.date]] = defaultdict(Counter)
    for day_value, value, n in (
        rows.annotate(day=_utc_day())
        .values_list("day", column)
        .annotate(n=Count("id"))
        .values_list("day", column, "n")
    ):
        day = dt.date.fromisoformat(day_value) if isinstance(day_value, str) else day_value
        key = value or ""
        label = top[key] if key in top else _("other")
        per_day[label or "\N{EM DASH}"][day] += n
    days = sorted({day for counts in per_day.values() for day in counts})
    if not days:
        return {}, "day"
    unit = trend_unit(days[0], days[-1])
    periods = []
    at = _bucket(days[0], unit)
    while at <= days[-1]:
        periods.append(at)
        at = _next(at, unit)
    series = {}
    for label, counts in per_day.items():
        bucketed: Counter[dt.date] = Counter()
        for day, n in counts.items():
            bucketed[_bucket(day, unit)] += n
        series[label] = [(period, bucketed[period]) for period in periods]
    return series, unit


def export_rows(*, filters: Filters) -> Iterator[ItemRow]:
    """Every item under the filters, as the open data: where it sits in its chapter's
    current version, its status and reason, its themes; no names of people."""
    rows = _filtered(filters).order_by("pk")
    chapter_slug = dict(Chapter.objects.values_list("id", "slug"))
    current = _current_versions(list(chapter_slug))
    numbers = dict(Version.objects.filter(pk__in=current.values()).values_list("id", "number"))
    regions = dict(Region.objects.values_list("id", "name"))
    last = 0
    while True:
        batch = list(
            rows.filter(pk__gt=last).values_list(
                "id", "chapter_id", "quote", "text", "channel", "region_id", "language",
                "status", "status_reason", "source", "given_at",
            )[:EXPORT_BATCH]
        )  # fmt: skip
        if not batch:
            return
        ids = [row[0] for row in batch]
        placed = {
            feedback_id: (state, key, position)
            for feedback_id, state, key, position in FeedbackPlacement.objects.filter(
                feedback_id__in=ids, version_id__in=list(current.values())
            ).values_list("feedback_id", "state", "paragraph_key", "position")
        }
        themed: dict[int, list[str]] = defaultdict(list)
        for feedback_id, name in Feedback.themes.through.objects.filter(
            feedback_id__in=ids
        ).values_list("feedback_id", "theme__name"):
            themed[feedback_id].append(name)
        for (
            pk,
            chapter_id,
            quote,
            text,
            channel,
            region_id,
            language,
            status,
            reason,
            source,
            at,
        ) in batch:
            version_id = current.get(chapter_id)
            state, key, position = placed.get(pk, (PlacementState.CHAPTER, "", None))
            yield ItemRow(
                id=pk,
                chapter=chapter_slug.get(chapter_id, ""),
                version=numbers.get(version_id) if version_id else None,
                paragraph=key,
                position=position,
                anchor=str(state),
                quote=quote,
                text=text,
                channel=channel,
                region=regions.get(region_id, "") if region_id else "",
                language=language,
                status=status,
                reason=reason,
                themes=tuple(sorted(themed.get(pk, []))),
                source=source,
                created=at,
            )
        last = ids[-1]
