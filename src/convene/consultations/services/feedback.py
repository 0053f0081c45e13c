"""Giving feedback on the web, recording it on behalf of others, and questions from boards."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from babel.dates import format_date
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from convene.consultations import text as engine
from convene.consultations.models import (
    FEEDBACK_LIMIT,
    QUOTE_LIMIT,
    Channel,
    Chapter,
    ConsultationPeriod,
    Feedback,
    Paragraph,
    Version,
)
from convene.consultations.queries.access import can_give, can_record
from convene.consultations.services._common import (
    anchor_fields,
    clean_language,
    clean_text,
    community_by_slug,
    region_by_slug,
    require,
    require_person,
    require_takes_feedback,
    version_by_number,
)
from convene.consultations.services.anchoring import items_of, place_items
from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed
from convene.core.timezones import babel_locale
from convene.events.models import Event
from convene.qa.models import Question

RECORDED_CHANNELS = [c for c in Channel.values if c not in (Channel.WEB, Channel.QUESTION)]


def _periods(chapter: Chapter) -> list[ConsultationPeriod]:
    return list(
        ConsultationPeriod.objects.filter(charter_id=chapter.charter_id)
        .filter(Q(chapter__isnull=True) | Q(chapter=chapter))
        .order_by("starts_on")
    )


def _day(day: dt.date) -> str:
    return str(format_date(day, "long", locale=babel_locale(get_language() or "en")))


def period_check(
    chapter: Chapter, day: dt.date, *, periods: Sequence[ConsultationPeriod] = ()
) -> None:
    """Refuse (409, naming the dates) unless a consultation period covers `day`."""
    periods = list(periods) or _periods(chapter)
    if any(p.starts_on <= day <= p.ends_on for p in periods):
        return
    upcoming = [p for p in periods if p.starts_on > day]
    past = [p for p in periods if p.ends_on < day]
    if upcoming:
        p = upcoming[0]
        message = _("Feedback on this chapter opens on %(start)s and closes on %(end)s.")
    elif past:
        p = past[-1]
        message = _("Feedback on this chapter was taken from %(start)s to %(end)s; it is closed.")
    else:
        raise Conflict(_("No consultation period is set for this chapter."), code="closed")
    raise Conflict(
        message % {"start": _day(p.starts_on), "end": _day(p.ends_on)},
        code="closed",
    )


def _anchor(
    version: Version, paragraph: str | None, quote: str | None, start: int | None
) -> tuple[str, engine.Anchor | None]:
    """The paragraph key and the quote's anchor in `version`, checked."""
    quote = (quote or "").strip()
    if len(quote) > QUOTE_LIMIT:
        raise Invalid(_("The selected passage is too long."), field="quote", code="too_long")
    key = (paragraph or "").strip()
    if key:
        row = Paragraph.objects.filter(version=version, key=key).first()
        if row is None:
            raise Invalid(
                _("%(label)s has no paragraph “%(key)s”.") % {"label": version.label, "key": key},
                field="paragraph",
            )
        if not quote:
            return key, None
        anchor: engine.Anchor | None = None
        if start is not None:
            try:
                anchor = engine.make_anchor(row.text, start, start + len(quote))
            except ValueError:
                anchor = None
            if anchor is not None and anchor.quote != quote:
                anchor = None
        anchor = anchor or engine.anchor_for_quote(row.text, quote)
        if anchor is None:
            raise Invalid(_("The selected passage is not in that paragraph."), field="quote")
        return key, anchor
    if not quote:
        return "", None
    blocks = list(
        Paragraph.objects.filter(version=version).order_by("position").values_list("key", "text")
    )
    for block_key, text in blocks:
        found = engine.anchor_for_quote(text, quote)
        if found is not None:
            return block_key, found
    raise Invalid(
        _("The selected passage is not in %(label)s.") % {"label": version.label}, field="quote"
    )


def _create(
    *,
    chapter: Chapter,
    version: Version,
    text: str,
    paragraph: str | None,
    quote: str | None,
    start: int | None = None,
    fields: dict[str, Any],
) -> Feedback:
    key, anchor = _anchor(version, paragraph, quote, start)
    at = now()
    with transaction.atomic():
        feedback = Feedback.objects.create(
            chapter=chapter,
            version=version,
            paragraph_key=key,
            **anchor_fields(anchor),
            text=text,
            created_at=at,
            **{"given_at": at, **fields},
        )
        place_items(version, items_of([feedback]))
    return feedback


def feedback_give(
    *,
    actor: Any,
    chapter: Chapter,
    text: str,
    version: int | None = None,
    paragraph: str | None = None,
    quote: str | None = None,
    start: int | None = None,
    language: str = "",
    region: str | None = None,
    community: str | None = None,
) -> Feedback:
    """A signed-in person's feedback through the web, on the chapter, one paragraph (its
    key), or a passage (`quote`, found in `paragraph` or anywhere in the version; `start`
    its offset when the page knows it). `version` None: the current one. Refused outside
    a consultation period, naming the dates, and on a version not open for feedback."""
    require_person(actor)
    require(can_give(user=actor), _("Sign in to give feedback."))
    given_on = version_by_number(chapter, version)
    require_takes_feedback(given_on, recorded=False)
    period_check(chapter, now().date())
    text = clean_text(text, field="text", limit=FEEDBACK_LIMIT)
    return _create(
        chapter=chapter,
        version=given_on,
        text=text,
        paragraph=paragraph,
        quote=quote,
        start=start,
        fields={
            "channel": Channel.WEB,
            "language": clean_language(language),
            "region": region_by_slug(region),
            "community": community_by_slug(community),
            "author": actor,
        },
    )


def feedback_record(
    *,
    actor: Any,
    chapter: Chapter,
    text: str,
    channel: str,
    version: int | None = None,
    paragraph: str | None = None,
    quote: str | None = None,
    language: str = "",
    region: str | None = None,
    community: str | None = None,
    event: Event | None = None,
    source: str = "",
    name: str = "",
    contact: str = "",
    given_at: dt.datetime | None = None,
) -> Feedback:
    """Feedback entered on behalf of others, with where it came from: a session (`event`
    required), a regional conversation, an ambassador's report, e-mail, a survey, a talk
    page. Drafters, recorders and organisers. The day it was given must fall in a
    consultation period; the version may be open or closed."""
    require_person(actor)
    require(
        can_record(user=actor, chapter=chapter),
        _("Only organisers, ambassadors and the drafting group may record feedback."),
    )
    errors: dict[str | None, str] = {}
    if channel not in RECORDED_CHANNELS:
        errors["channel"] = _("Choose where the feedback came from.")
    elif channel == Channel.SESSION and event is None:
        errors["event"] = _("Name the session it came from.")
    if len(name) > 200:
        errors["name"] = _("The name is too long.")
    if len(contact) > 300:
        errors["contact"] = _("The contact is too long.")
    if errors:
        raise Invalid.from_fields(errors)
    given_on = version_by_number(chapter, version)
    require_takes_feedback(given_on, recorded=True)
    when = given_at or now()
    if when > now():
        raise Invalid(_("That day has not come yet."), field="given_at")
    period_check(chapter, when.date())
    text = clean_text(text, field="text", limit=FEEDBACK_LIMIT)
    return _create(
        chapter=chapter,
        version=given_on,
        text=text,
        paragraph=paragraph,
        quote=quote,
        fields={
            "channel": channel,
            "language": clean_language(language),
            "region": region_by_slug(region),
            "community": community_by_slug(community),
            "event": event,
            "source": source.strip()[:500],
            "on_behalf_name": name.strip(),
            "on_behalf_contact": contact.strip(),
            "recorded_by": actor,
            "given_at": when,
        },
    )


def question_tag(
    *,
    actor: Any,
    chapter: Chapter,
    question: Question,
    paragraph: str | None = None,
    version: int | None = None,
) -> Feedback:
    """Tag a board question with a chapter: it becomes feedback without retyping (its
    text, language, asker, event and date), linked back to the question (and so to its
    answers). Once per chapter and question (tagging again returns the same item).
    Drafters, recorders and organisers. Questions keep the dates they were asked on, so
    no consultation period applies."""
    require_person(actor)
    require(
        can_record(user=actor, chapter=chapter),
        _("Only organisers, ambassadors and the drafting group may tag questions."),
    )
    existing = Feedback.objects.filter(chapter=chapter, question=question).first()
    if existing is not None:
        return existing
    if question.hidden or question.state in ("pending", "declined"):
        raise NotAllowed(_("Only questions shown on the board may be tagged."))
    given_on = version_by_number(chapter, version)
    event = question.event
    try:
        return _create(
            chapter=chapter,
            version=given_on,
            text=question.text,
            paragraph=paragraph,
            quote=None,
            fields={
                "channel": Channel.QUESTION,
                "language": question.language,
                "event": event,
                "question": question,
                "author": None if question.anonymous else question.author,
                "source": event.title[:500] if event is not None else "",
                "recorded_by": actor,
                "given_at": question.created_at,
            },
        )
    except IntegrityError:  # tagged at the same moment by someone else
        return Feedback.objects.get(chapter=chapter, question=question)


def questions_tag(*, actor: Any, chapter: Chapter, questions: Sequence[Question]) -> list[Feedback]:
    """Tag several questions at once (see `question_tag`)."""
    return [question_tag(actor=actor, chapter=chapter, question=q) for q in questions]


def questions_tag_by_topic(*, actor: Any, chapter: Chapter, event: Event) -> list[Feedback]:
    """Tag every question of `event`'s board whose topic names the chapter (its slug or
    title, any case)."""
    topics = {chapter.slug.lower(), chapter.title.lower()}
    questions = [
        q
        for q in Question.objects.filter(Q(event=event) | Q(board__event=event)).select_related(
            "event", "author"
        )
        if q.topic.strip().lower() in topics
    ]
    return questions_tag(actor=actor, chapter=chapter, questions=questions)
