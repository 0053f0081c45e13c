"""Where feedback sits: placing a new item, and carrying every item to a new version.

Carrying runs in the background (`consultations.tasks.reanchor`), records its progress on
the version, and is idempotent: items already placed in the version are skipped, so a
retried or repeated run finishes the work and changes nothing else. It reads the previous
version's placements in one query and writes with `bulk_create`, so 50,000 items take a
few seconds, not a query each.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_noop

from convene.consultations import generations
from convene.consultations import text as engine
from convene.consultations.models import (
    Change,
    Feedback,
    FeedbackPlacement,
    Paragraph,
    PlacementState,
    ReanchorState,
    Version,
    VersionStatus,
)
from convene.core.clock import now
from convene.people.notices import notice_send

logger = logging.getLogger(__name__)

BATCH = 2000


@dataclass(frozen=True)
class Item:
    """What placing needs of one feedback item."""

    feedback_id: int
    quote: str
    prefix: str
    suffix: str
    home: str | None  # its paragraph's key in the previous version (None: none)
    chapter_wide: bool  # about the whole chapter (no paragraph, no quote)


class VersionPlacer:
    """A version's paragraphs, indexed once, placing items into it."""

    def __init__(self, version: Version) -> None:
        rows = list(
            Paragraph.objects.filter(version=version)
            .order_by("position")
            .values_list("key", "text", "position")
        )
        self.version = version
        self.positions = {key: position for key, _, position in rows}
        self.texts = {key: text for key, text, _ in rows}
        self.merged: dict[str, str] = dict(version.merged_into or {})
        self.placer = engine.Placer([(key, text) for key, text, _ in rows])

    def place(self, item: Item) -> FeedbackPlacement:
        if item.chapter_wide:
            return FeedbackPlacement(
                feedback_id=item.feedback_id, version=self.version, state=PlacementState.CHAPTER
            )
        home = self.merged.get(item.home, item.home) if item.home else None
        found = self.placer.place(
            quote=item.quote or None, prefix=item.prefix, suffix=item.suffix, home=home
        )
        key = found.key or ""
        return FeedbackPlacement(
            feedback_id=item.feedback_id,
            version=self.version,
            state=found.state,
            paragraph_key=key,
            position=self.positions.get(key) if key else None,
            start=found.start,
        )


def _items_from_previous(version: Version, previous: Version, skip: set[int]) -> list[Item]:
    """Every item placed in `previous` (and any given before it but never placed there)."""
    rows = FeedbackPlacement.objects.filter(version=previous).values_list(
        "feedback_id",
        "state",
        "paragraph_key",
        "feedback__quote",
        "feedback__prefix",
        "feedback__suffix",
    )
    items = [
        Item(fid, quote, prefix, suffix, key or None, state == PlacementState.CHAPTER)
        for fid, state, key, quote, prefix, suffix in rows.iterator(chunk_size=5000)
        if fid not in skip
    ]
    seen = skip | {item.feedback_id for item in items}
    stray = (
        Feedback.objects.filter(chapter_id=version.chapter_id, version__number__lt=version.number)
        .exclude(pk__in=FeedbackPlacement.objects.filter(version=previous).values("feedback_id"))
        .values_list("pk", "quote", "prefix", "suffix", "paragraph_key")
    )
    items += [
        Item(fid, quote, prefix, suffix, key or None, not key and not quote)
        for fid, quote, prefix, suffix, key in stray
        if fid not in seen
    ]
    return items


def version_reanchor(*, version_id: int) -> Version:
    """Carry every feedback item of the chapter's earlier versions to version `version_id`
    (one `FeedbackPlacement` each), recording progress; then tell the givers whose
    paragraph changed. Idempotent."""
    version = Version.objects.select_related("chapter").get(pk=version_id)
    previous = (
        Version.objects.filter(chapter_id=version.chapter_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    if previous is None:
        Version.objects.filter(pk=version.pk).update(
            reanchor_state=ReanchorState.DONE, reanchor_finished_at=now()
        )
        version.refresh_from_db()
        return version
    if previous.reanchor_state in (ReanchorState.PENDING, ReanchorState.FAILED):
        # Published in quick succession: carry to the previous version first, so that
        # items move one redraft at a time.
        version_reanchor(version_id=previous.pk)
    try:
        skip = set(
            FeedbackPlacement.objects.filter(version=version).values_list("feedback_id", flat=True)
        )
        items = _items_from_previous(version, previous, skip)
        Version.objects.filter(pk=version.pk).update(
            reanchor_state=ReanchorState.RUNNING,
            reanchor_total=len(items) + len(skip),
            reanchor_done=len(skip),
        )
        placer = VersionPlacer(version)
        done = len(skip)
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            FeedbackPlacement.objects.bulk_create(
                [placer.place(item) for item in chunk], ignore_conflicts=True
            )
            done += len(chunk)
            Version.objects.filter(pk=version.pk).update(reanchor_done=done)
            generations.changed(chapters=[version.chapter_id])
    except Exception:
        Version.objects.filter(pk=version.pk).update(reanchor_state=ReanchorState.FAILED)
        logger.exception("re-anchoring version %s failed", version.pk)
        raise
    Version.objects.filter(pk=version.pk).update(
        reanchor_state=ReanchorState.DONE, reanchor_finished_at=now()
    )
    generations.changed(chapters=[version.chapter_id])
    version.refresh_from_db()
    if version.status != VersionStatus.DRAFT:
        givers_notify_changed(version=version, previous=previous)
    return version


def place_items(version: Version, items: Sequence[Item]) -> list[FeedbackPlacement]:
    """Place new items in `version` and in every later version (carried one by one)."""
    placer = VersionPlacer(version)
    placements = [placer.place(item) for item in items]
    later = Version.objects.filter(chapter_id=version.chapter_id, number__gt=version.number)
    current = placements
    for newer in later.order_by("number"):
        newer_placer = VersionPlacer(newer)
        carried = [
            newer_placer.place(
                Item(
                    item.feedback_id,
                    item.quote,
                    item.prefix,
                    item.suffix,
                    placement.paragraph_key or None,
                    placement.state == PlacementState.CHAPTER,
                )
            )
            for item, placement in zip(items, current, strict=True)
        ]
        placements += carried
        current = carried
    FeedbackPlacement.objects.bulk_create(placements, ignore_conflicts=True)
    generations.changed(chapters=[version.chapter_id])
    return placements


def changed_keys(version: Version) -> set[str]:
    """Keys of the previous version whose paragraph this version edited or removed."""
    edited = set(
        Paragraph.objects.filter(version=version, change=Change.EDITED).values_list(
            "key", flat=True
        )
    )
    return edited | set(version.removed_keys or [])


CHANGED_SUBJECT = gettext_noop("A passage you commented on changed: %(chapter)s")
CHANGED_BODY = gettext_noop(
    "%(label)s of “%(chapter)s” changes %(count)s paragraph(s) you gave feedback on. "
    "See what changed and where your feedback sits now."
)


def givers_notify_changed(*, version: Version, previous: Version) -> int:
    """Tell each signed-in giver of feedback on a paragraph this version changed, once per
    version (claimed with a conditional update, so a rerun tells nobody twice)."""
    claimed = Version.objects.filter(pk=version.pk, notified_at__isnull=True).update(
        notified_at=now()
    )
    if not claimed:
        return 0
    keys = changed_keys(version)
    if not keys:
        return 0
    givers = (
        FeedbackPlacement.objects.filter(
            version=previous, paragraph_key__in=keys, feedback__author__isnull=False
        )
        .values("feedback__author")
        .annotate(count=Count("feedback_id", distinct=True))
    )
    from django.contrib.auth.models import User

    counts = {row["feedback__author"]: row["count"] for row in givers}
    chapter = version.chapter
    url = f"/consultations/{chapter.slug}/versions/{version.number}/"
    sent = 0
    for user in User.objects.filter(pk__in=counts, is_active=True):
        with transaction.atomic():
            notice_send(
                recipient=user,
                kind="consultation_changed",
                subject=CHANGED_SUBJECT,
                body=CHANGED_BODY,
                params={"chapter": chapter.title, "label": version.label, "count": counts[user.pk]},
                url=url,
            )
        sent += 1
    return sent


def items_of(feedback: Iterable[Feedback]) -> list[Item]:
    return [
        Item(
            f.pk,
            f.quote,
            f.prefix,
            f.suffix,
            f.paragraph_key or None,
            not f.paragraph_key and not f.quote,
        )
        for f in feedback
    ]


def placement_rows(placements: Iterable[FeedbackPlacement]) -> list[dict[str, Any]]:
    return [
        {"version": p.version_id, "state": p.state, "key": p.paragraph_key, "position": p.position}
        for p in placements
    ]
