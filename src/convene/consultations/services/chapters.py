"""Charters, chapters, versions (publishing with inherited paragraph keys) and periods."""

import datetime as dt
import re
from typing import Literal, cast

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from convene.consultations import generations
from convene.consultations import text as engine
from convene.consultations.models import (
    TITLE_LIMIT,
    VERSION_TEXT_LIMIT,
    Chapter,
    Charter,
    ConsultationPeriod,
    Feedback,
    Paragraph,
    ReanchorState,
    TextFormat,
    Version,
    VersionStatus,
)
from convene.consultations.queries.access import can_create_chapter, can_draft
from convene.consultations.services._common import clean_text, require, require_person
from convene.consultations.services.translations import translations_carry
from convene.core.clock import now
from convene.core.errors import Conflict, Invalid
from convene.core.types import Actor
from convene.directory.models import Kind, Organisation

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def charter_ensure(*, slug: str, title: str, committee: Organisation | None = None) -> Charter:
    """The charter `slug`, made if missing (set-up and the demo; no actor)."""
    charter, created = Charter.objects.get_or_create(
        slug=slug, defaults={"title": title, "committee": committee}
    )
    if created:
        generations.changed()
    return charter


def chapter_create(
    *,
    actor: Actor,
    charter: Charter | None,
    slug: str,
    title: str,
    order: int | None = None,
    drafting_group: Organisation | None = None,
) -> Chapter:
    """A new chapter (staff or the charter's committee). `charter` None: the only charter."""
    actor = require_person(actor)
    if charter is None:
        charter = Charter.objects.order_by("pk").first()
        if charter is None:
            raise Invalid(_("There is no charter to add a chapter to."), field="charter")
    require(
        can_create_chapter(user=actor, charter=charter),
        _("Only staff and the charter's committee may add chapters."),
    )
    slug = (slug or "").strip()
    if not slug:
        slug = slugify(title)[:100]
    errors: dict[str | None, str] = {}
    if not SLUG_RE.match(slug) or len(slug) > 100:
        errors["slug"] = _("Use lower-case letters, digits and hyphens (such as “preamble”).")
    elif Chapter.objects.filter(slug=slug).exists():
        errors["slug"] = _("There is already a chapter “%(slug)s”.") % {"slug": slug}
    try:
        title = clean_text(title, field="title", limit=TITLE_LIMIT)
    except Invalid as exc:
        errors["title"] = exc.message
    if drafting_group is not None and drafting_group.kind not in (
        Kind.DRAFTING_GROUP,
        Kind.COMMITTEE,
    ):
        errors["drafting_group"] = _("Choose a drafting group or a committee.")
    if errors:
        raise Invalid.from_fields(errors)
    if order is None:
        last = Chapter.objects.filter(charter=charter).order_by("-order").first()
        order = (last.order + 1) if last else 1
    chapter = Chapter.objects.create(
        charter=charter, slug=slug, title=title, order=order, drafting_group=drafting_group
    )
    generations.changed(chapters=[chapter.pk])
    return chapter


def _blocks(text: str, fmt: str) -> list[engine.Block]:
    try:
        blocks = engine.split_text(text, cast(Literal["markdown", "wikitext"], fmt))
    except engine.TextError as exc:
        if exc.line:
            message = _("Line %(line)s: %(message)s") % {"line": exc.line, "message": exc.message}
        else:
            message = str(exc.message)
        raise Invalid(message, field="text", code="unreadable") from exc
    if not blocks:
        raise Invalid(_("The text has no paragraphs."), field="text", code="required")
    return blocks


def version_publish(
    *,
    actor: Actor,
    chapter: Chapter,
    label: str,
    text: str,
    fmt: str = TextFormat.MARKDOWN,
    status: str = VersionStatus.OPEN,
    source: str = "",
    published_on: dt.date | None = None,
) -> Version:
    """A new version of `chapter`: its text split into paragraphs that inherit the keys of
    the paragraphs they continue. Earlier open or closed versions become superseded
    (unless this one is a draft). Translations are carried (edited paragraphs outdated).
    Every feedback item is then carried to it in the background (`tasks.reanchor`,
    progress on the version). Drafting group, committee or staff."""
    actor = require_person(actor)
    require(
        can_draft(user=actor, chapter=chapter),
        _("Only the chapter's drafting group may publish versions."),
    )
    errors: dict[str | None, str] = {}
    try:
        label = clean_text(label, field="label", limit=TITLE_LIMIT)
    except Invalid as exc:
        errors["label"] = exc.message
    if fmt not in TextFormat.values:
        errors["format"] = _("Choose markdown or wikitext.")
    if status not in (VersionStatus.DRAFT, VersionStatus.OPEN, VersionStatus.FINAL):
        errors["status"] = _("A new version is a draft, open for feedback, or final.")
    if len(text or "") > VERSION_TEXT_LIMIT:
        errors["text"] = _("The text is too long.")
    if errors:
        raise Invalid.from_fields(errors)
    blocks = _blocks(text.replace("\r\n", "\n"), fmt)
    with transaction.atomic():
        locked = Chapter.objects.select_for_update().get(pk=chapter.pk)
        previous = Version.objects.filter(chapter=locked).order_by("-number").first()
        old: list[tuple[str, str]] = (
            list(
                Paragraph.objects.filter(version=previous)
                .order_by("position")
                .values_list("key", "text")
            )
            if previous
            else []
        )
        counter = locked.key_counter

        def new_key() -> str:
            nonlocal counter
            counter += 1
            return f"p{counter}"

        inheritance = engine.inherit_keys(old, [block.text for block in blocks], new_key)
        has_feedback = previous is not None and Feedback.objects.filter(chapter=locked).exists()
        version = Version.objects.create(
            chapter=locked,
            number=(previous.number + 1) if previous else 1,
            label=label,
            published_on=published_on or now().date(),
            status=status,
            format=fmt,
            source_text=text,
            source=source[:500],
            removed_keys=list(inheritance.removed),
            merged_into=dict(inheritance.merged_into),
            published_by=actor,
            created_at=now(),
            reanchor_state=ReanchorState.PENDING if has_feedback else ReanchorState.NONE,
        )
        Paragraph.objects.bulk_create(
            [
                Paragraph(
                    version=version,
                    key=key,
                    position=index + 1,
                    kind=block.kind,
                    level=block.level,
                    text=block.text,
                    change=change,
                    split_from=inheritance.split_from.get(index, ""),
                )
                for index, (block, key, change) in enumerate(
                    zip(blocks, inheritance.keys, inheritance.change, strict=True)
                )
            ]
        )
        locked.key_counter = counter
        locked.save(update_fields=["key_counter"])
        if status != VersionStatus.DRAFT:
            Version.objects.filter(
                chapter=locked,
                number__lt=version.number,
                status__in=[VersionStatus.OPEN, VersionStatus.CLOSED, VersionStatus.DRAFT],
            ).update(status=VersionStatus.SUPERSEDED)
        if previous is not None:
            translations_carry(previous=previous, version=version)
        if has_feedback:
            version_id = version.pk
            transaction.on_commit(lambda: _enqueue_reanchor(version_id))
        generations.changed(chapters=[chapter.pk])
    return version


def _enqueue_reanchor(version_id: int) -> None:
    from convene.consultations.tasks import reanchor

    reanchor.enqueue(version_id=version_id)


STATUS_MOVES = {
    VersionStatus.DRAFT: {VersionStatus.OPEN, VersionStatus.FINAL},
    VersionStatus.OPEN: {VersionStatus.CLOSED, VersionStatus.FINAL},
    VersionStatus.CLOSED: {VersionStatus.OPEN, VersionStatus.FINAL, VersionStatus.SUPERSEDED},
    VersionStatus.SUPERSEDED: set(),
    VersionStatus.FINAL: set(),
}


def version_set_status(*, actor: Actor, version: Version, status: str) -> Version:
    """Open, close or finalise a version (draft → open → closed → superseded / final)."""
    actor = require_person(actor)
    require(
        can_draft(user=actor, chapter=version.chapter),
        _("Only the chapter's drafting group may open or close versions."),
    )
    if status not in VersionStatus.values:
        raise Invalid(_("Unknown status."), field="status")
    if status == version.status:
        return version
    if status not in STATUS_MOVES[VersionStatus(version.status)]:
        raise Conflict(
            _("A version that is %(now)s cannot become %(then)s.")
            % {
                "now": VersionStatus(version.status).label,
                "then": VersionStatus(status).label,
            },
            field="status",
        )
    if (
        status == VersionStatus.OPEN
        and Version.objects.filter(chapter_id=version.chapter_id, number__gt=version.number)
        .exclude(status=VersionStatus.DRAFT)
        .exists()
    ):
        raise Conflict(_("A newer version is published; open that one."), field="status")
    with transaction.atomic():
        if status in (VersionStatus.OPEN, VersionStatus.FINAL):
            Version.objects.filter(
                chapter_id=version.chapter_id,
                number__lt=version.number,
                status__in=[VersionStatus.OPEN, VersionStatus.CLOSED, VersionStatus.DRAFT],
            ).update(status=VersionStatus.SUPERSEDED)
        version.status = status
        version.save(update_fields=["status"])
        generations.changed(chapters=[version.chapter_id])
    return version


def period_create(
    *,
    actor: Actor,
    chapter: Chapter,
    starts_on: dt.date,
    ends_on: dt.date,
    title: str = "",
    whole_charter: bool = False,
) -> ConsultationPeriod:
    """Dates (inclusive) during which the chapter (or every chapter) takes feedback."""
    actor = require_person(actor)
    require(
        can_draft(user=actor, chapter=chapter),
        _("Only the chapter's drafting group may set consultation periods."),
    )
    if ends_on < starts_on:
        raise Invalid(_("The last day comes before the first."), field="ends_on")
    title = clean_text(title, field="title", limit=TITLE_LIMIT, required=False)
    period = ConsultationPeriod.objects.create(
        charter=chapter.charter,
        chapter=None if whole_charter else chapter,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _periods_changed(period)
    return period


def period_delete(*, actor: Actor, period: ConsultationPeriod, chapter: Chapter) -> None:
    actor = require_person(actor)
    require(
        can_draft(user=actor, chapter=chapter),
        _("Only the chapter's drafting group may set consultation periods."),
    )
    _periods_changed(period)
    period.delete()


def _periods_changed(period: ConsultationPeriod) -> None:
    """A period is shown on its chapter's page, or on every chapter of its charter."""
    ids = (
        [period.chapter_id]
        if period.chapter_id
        else list(Chapter.objects.filter(charter_id=period.charter_id).values_list("pk", flat=True))
    )
    generations.changed(chapters=ids)
