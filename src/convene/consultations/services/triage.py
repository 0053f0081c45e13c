"""Triage: themes, duplicates, and what was done with each item ("you said, we did")."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from convene.consultations import generations
from convene.consultations.models import (
    TITLE_LIMIT,
    Channel,
    Feedback,
    FeedbackStatus,
    Paragraph,
    Theme,
    Version,
)
from convene.consultations.queries.access import can_triage
from convene.consultations.services._common import clean_text, require, require_person
from convene.core.clock import now
from convene.core.errors import Invalid
from convene.core.types import Actor
from convene.people.notices import notice_send

REASON_LIMIT = 5_000

STATUS_SUBJECT = gettext_noop("What became of your feedback on %(chapter)s")
STATUS_BODY = gettext_noop(
    "The drafting group marked your feedback “%(excerpt)s” as: %(status)s.%(reason)s"
)


def _require_triage(actor: Actor, feedback: Feedback) -> User:
    person = require_person(actor)
    require(
        can_triage(user=person, chapter=feedback.chapter),
        _("Only the chapter's drafting group may triage feedback."),
    )
    return person


def themes_ensure(*, feedback: Feedback, names: Sequence[str]) -> list[Theme]:
    themes = []
    for name in names:
        cleaned = clean_text(name, field="themes", limit=TITLE_LIMIT)
        slug = slugify(cleaned)[:100] or cleaned.lower()[:100]
        theme, _created = Theme.objects.get_or_create(
            charter_id=feedback.chapter.charter_id, slug=slug, defaults={"name": cleaned}
        )
        themes.append(theme)
    return themes


def _triage_check(
    feedback: Feedback, status: str | None, reason: str, adopted_in: int | None, key: str
) -> Version | None:
    errors: dict[str | None, str] = {}
    version: Version | None = None
    if status is not None and status not in FeedbackStatus.values:
        errors["status"] = _("Unknown status.")
    if len(reason) > REASON_LIMIT:
        errors["reason"] = _("The reason is too long.")
    if status == FeedbackStatus.NOT_ADOPTED and not reason:
        errors["reason"] = _("Say why it was not adopted.")
    if adopted_in is not None:
        version = Version.objects.filter(chapter=feedback.chapter, number=adopted_in).first()
        if version is None:
            errors["adopted_in"] = _("This chapter has no version %(number)s.") % {
                "number": adopted_in
            }
        elif status not in (FeedbackStatus.ADOPTED, FeedbackStatus.PARTLY):
            errors["adopted_in"] = _("Only adopted feedback names the version it went into.")
        elif key and not Paragraph.objects.filter(version=version, key=key).exists():
            errors["adopted_key"] = _("%(label)s has no paragraph “%(key)s”.") % {
                "label": version.label,
                "key": key,
            }
    elif key:
        errors["adopted_in"] = _("Name the version the paragraph is in.")
    if errors:
        raise Invalid.from_fields(errors)
    return version


def feedback_triage(
    *,
    actor: Actor,
    feedback: Feedback,
    status: str | None = None,
    reason: str | None = None,
    themes: Sequence[str] | None = None,
    adopted_in: int | None = None,
    adopted_key: str | None = None,
) -> Feedback:
    """Set an item's status (with a reason; "adopted"/"partly" may name the version and the
    paragraph it changed), and/or its themes (replacing them). The giver (signed-in author)
    is told when the status changes. Drafting group, committee or staff."""
    actor = _require_triage(actor, feedback)
    text_reason = (reason or "").strip()
    key = (adopted_key or "").strip()
    version = _triage_check(feedback, status, text_reason, adopted_in, key)
    previous_status = feedback.status
    with transaction.atomic():
        if status is not None:
            feedback.status = status
            feedback.status_reason = text_reason if reason is not None else feedback.status_reason
            if status in (FeedbackStatus.ADOPTED, FeedbackStatus.PARTLY):
                if version is not None:
                    feedback.adopted_in = version
                    feedback.adopted_key = key
            else:
                feedback.adopted_in = None
                feedback.adopted_key = ""
        elif reason is not None:
            feedback.status_reason = text_reason
        feedback.triaged_by = actor
        feedback.triaged_at = now()
        feedback.save(
            update_fields=[
                "status",
                "status_reason",
                "adopted_in",
                "adopted_key",
                "triaged_by",
                "triaged_at",
            ]
        )
        if themes is not None:
            feedback.themes.set(themes_ensure(feedback=feedback, names=themes))
        if status is not None and status != previous_status:
            _tell_giver(feedback)
        generations.changed(chapters=[feedback.chapter_id])
    return feedback


def giver_account(feedback: Feedback) -> Any:
    """The account to tell about an item: its signed-in author; else, for an item entered
    on someone's behalf, the active account whose e-mail is the item's contact, or (from a
    talk page) whose user name is the signature's. None when nobody can be reached."""
    if feedback.author is not None:
        return feedback.author if feedback.author.is_active else None
    users = get_user_model().objects.filter(is_active=True)
    contact = feedback.on_behalf_contact.strip()
    if "@" in contact:
        found = users.filter(email__iexact=contact).order_by("pk").first()
        if found is not None:
            return found
    if feedback.channel == Channel.TALK_PAGE and feedback.on_behalf_name:
        return users.filter(username=feedback.on_behalf_name).first()
    return None


def _tell_giver(feedback: Feedback) -> None:
    author = giver_account(feedback)
    if author is None:
        return
    excerpt = feedback.text if len(feedback.text) <= 80 else feedback.text[:79] + "…"
    reason = f" {feedback.status_reason}" if feedback.status_reason else ""
    notice_send(
        recipient=author,
        kind="consultation_status",
        subject=STATUS_SUBJECT,
        body=STATUS_BODY,
        params={
            "chapter": feedback.chapter.title,
            "excerpt": excerpt,
            "status": FeedbackStatus(feedback.status).label,
            "reason": reason,
        },
        url=f"/consultations/feedback/{feedback.pk}/",
    )


def feedback_merge(*, actor: Actor, feedback: Feedback, into: Feedback) -> Feedback:
    """Mark `feedback` a duplicate of `into` (of the same chapter). Both keep their own
    source and giver; duplicates of `feedback` move to `into`. Returns `feedback`."""
    actor = _require_triage(actor, feedback)
    root = into
    seen = {feedback.pk}
    while root.merged_into_id is not None and root.pk not in seen:
        seen.add(root.pk)
        root = Feedback.objects.get(pk=root.merged_into_id)
    if root.pk == feedback.pk:
        raise Invalid(_("An item cannot be a duplicate of itself."), field="into")
    if root.chapter_id != feedback.chapter_id:
        raise Invalid(_("Merge only feedback on the same chapter."), field="into")
    with transaction.atomic():
        Feedback.objects.filter(merged_into=feedback).update(merged_into=root)
        feedback.merged_into = root
        feedback.triaged_by = actor
        feedback.triaged_at = now()
        feedback.save(update_fields=["merged_into", "triaged_by", "triaged_at"])
        generations.changed(chapters=[feedback.chapter_id])
    return feedback


def feedback_unmerge(*, actor: Actor, feedback: Feedback) -> Feedback:
    actor = _require_triage(actor, feedback)
    feedback.merged_into = None
    feedback.save(update_fields=["merged_into"])
    generations.changed(chapters=[feedback.chapter_id])
    return feedback
