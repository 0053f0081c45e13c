"""An ambassador's work: hosting conversations (events of the round's series), asking a
body to send a member, taking translations, and reports whose points become feedback."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from convene.consultations import services as consultations
from convene.consultations.models import Channel, Version
from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed
from convene.core.types import Actor
from convene.directory.models import Membership, Organisation
from convene.events.services import When, event_create
from convene.programmes.models import (
    TEXT_LIMIT,
    Ambassador,
    AssignmentStatus,
    Conversation,
    Report,
    ReportPoint,
    RequestStatus,
    TranslationAssignment,
)
from convene.programmes.queries.access import can_act_as, can_answer_request
from convene.programmes.services._common import (
    clean_language,
    clean_text,
    community_by_slug,
    languages_by_code,
    require,
    require_person,
)
from convene.programmes.services.notify import tell

MAX_POINTS = 100


def _name(user: User | None) -> str:
    return "" if user is None else user.get_full_name() or user.username


def conversation_host(
    *,
    actor: Actor,
    ambassador: Ambassador,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    timezone_name: str = "UTC",
    language: str = "",
    community: str | None = None,
    description: str = "",
    call_link: str = "",
) -> Conversation:
    """Host a conversation in the ambassador's community: an event (an edition of the
    round's series, with its call link, notes and questions like any other) that counts
    toward the programme; its report is due `report_due_days` after it ends."""
    require_person(actor)
    require(
        can_act_as(actor, ambassador), _("Only an accepted ambassador may host for the programme.")
    )
    programme = ambassador.round
    language = clean_language(language)
    found_community = community_by_slug(community)
    event = event_create(
        actor=actor,
        title=title,
        when=When(starts_at=starts_at, ends_at=ends_at),
        timezone_name=timezone_name,
        description=description,
        series=programme.series,
        languages=languages_by_code([language]) if language else (),
        call_link=call_link,
        regions=list(ambassador.regions.all()),
    )
    return Conversation.objects.create(
        ambassador=ambassador,
        event=event,
        community=found_community,
        language=language,
        report_due_on=(ends_at + dt.timedelta(days=programme.report_due_days)).date(),
        created_at=now(),
    )


def member_request(
    *, actor: Actor, conversation: Conversation, body: Organisation, message: str = ""
) -> Conversation:
    """Ask a body (the committee, or any organisation) to send a member to the
    conversation; its members are told."""
    require_person(actor)
    require(can_act_as(actor, conversation.ambassador), _("Only the host may ask."))
    if conversation.request_status == RequestStatus.ACCEPTED:
        raise Conflict(_("A member is already coming."), code="answered")
    conversation.body = body
    conversation.request_status = RequestStatus.REQUESTED
    conversation.request_message = clean_text(
        message, field="message", limit=TEXT_LIMIT, required=False
    )
    conversation.request_answer = ""
    conversation.representative = None
    conversation.save()
    members = User.objects.filter(directory_memberships__organisation=body).distinct()
    tell(
        members,
        "member_requested",
        url=f"/programmes/conversations/{conversation.pk}/",
        params={
            "ambassador": _name(conversation.ambassador.user),
            "body": body.name,
            "event": conversation.event.title,
            "message": conversation.request_message,
        },
    )
    return conversation


def member_request_answer(
    *,
    actor: Actor,
    conversation: Conversation,
    accept: bool,
    person: User | None = None,
    answer: str = "",
) -> Conversation:
    """The body accepts (naming who comes, one of its members) or declines."""
    require_person(actor)
    if conversation.request_status == RequestStatus.NONE:
        raise Conflict(_("Nobody was asked to this conversation."), code="no_request")
    require(can_answer_request(actor, conversation), _("Only the body asked may answer."))
    if accept:
        if person is None:
            raise Invalid(_("Name who comes."), field="person")
        members = Membership.objects.filter(organisation_id=conversation.body_id or 0)
        if not members.filter(user=person).exists():
            raise Invalid(_("Name a member of the body."), field="person")
    conversation.request_status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    conversation.representative = person if accept else None
    conversation.request_answer = clean_text(
        answer, field="answer", limit=TEXT_LIMIT, required=False
    )
    conversation.save()
    tell(
        [conversation.ambassador.user],
        "member_answered",
        url=f"/programmes/conversations/{conversation.pk}/",
        params={
            "body": conversation.body.name if conversation.body else "",
            "event": conversation.event.title,
            "answer": conversation.request_answer,
            "person": _name(person),
        },
    )
    return conversation


@dataclass(frozen=True)
class PointIn:
    """One point of a report: about a chapter (its slug) or one paragraph (its key)."""

    chapter: str
    text: str
    paragraph: str = ""
    language: str = ""
    community: str = ""


def _points(report: Report, points: Sequence[PointIn], default_language: str) -> list[ReportPoint]:
    if not points:
        raise Invalid(_("Give at least one point."), field="points", code="required")
    if len(points) > MAX_POINTS:
        raise Invalid(_("At most %(n)s points.") % {"n": MAX_POINTS}, field="points")
    rows = []
    for index, point in enumerate(points):
        field = f"points.{index}"
        rows.append(
            ReportPoint(
                report=report,
                chapter=consultations.chapter_by_slug(point.chapter),
                paragraph_key=point.paragraph.strip(),
                text=clean_text(point.text, field=f"{field}.text", limit=TEXT_LIMIT),
                language=clean_language(point.language, field=f"{field}.language")
                or default_language,
                community=community_by_slug(point.community, field=f"{field}.community"),
            )
        )
    return ReportPoint.objects.bulk_create(rows)


def points_to_feedback(
    *, actor: Actor, report: Report, channel: str, given_at: dt.datetime | None = None
) -> int:
    """Record each point not yet fed as consultation feedback (channel `channel`, linked
    to the report's event), as `actor` (who must be allowed to record feedback). Returns
    how many became feedback."""
    require_person(actor)
    event = report.conversation.event if report.conversation else None
    if event is None and report.proposal is not None:
        event = report.proposal.event
    source = _("Report %(id)s") % {"id": report.pk}
    made = 0
    for point in report.points.select_related("chapter", "community").filter(feedback=None):
        item = consultations.feedback_record(
            actor=actor,
            chapter=point.chapter,
            text=point.text,
            channel=channel,
            paragraph=point.paragraph_key or None,
            language=point.language,
            community=point.community.slug if point.community else None,
            event=event,
            source=source,
            given_at=given_at,
        )
        point.feedback = item
        point.save(update_fields=["feedback"])
        made += 1
    return made


def report_file(
    *,
    actor: Actor,
    conversation: Conversation,
    summary: str,
    points: Sequence[PointIn],
    language: str = "",
) -> Report:
    """File a conversation's report (its host): each point becomes consultation feedback
    with channel "ambassador report", linked to the report and the event. Once."""
    require_person(actor)
    require(can_act_as(actor, conversation.ambassador), _("Only the host may file the report."))
    if Report.objects.filter(conversation=conversation).exists():
        raise Conflict(_("This conversation's report was already filed."), code="filed")
    summary = clean_text(summary, field="summary", limit=TEXT_LIMIT * 5)
    language = clean_language(language) or conversation.language
    event = conversation.event
    held = event.starts_at if event.starts_at and event.starts_at <= now() else None
    assert isinstance(actor, User)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                conversation=conversation,
                author=actor,
                summary=summary,
                language=language,
                filed_at=now(),
            )
            _points(report, points, language)
            made = points_to_feedback(
                actor=actor, report=report, channel=Channel.AMBASSADOR_REPORT, given_at=held
            )
    except IntegrityError:
        raise Conflict(_("This conversation's report was already filed."), code="filed") from None
    ambassador = conversation.ambassador
    tell(
        [ambassador.facilitator],
        "report_filed",
        url=f"/programmes/conversations/{conversation.pk}/",
        params={"ambassador": _name(ambassador.user), "event": event.title, "count": made},
    )
    return report


def translation_take(
    *, actor: Actor, ambassador: Ambassador, version: Version, language: str
) -> TranslationAssignment:
    """Take the translation of a chapter version into a language (one taker at a time);
    its progress is the consultations translation status."""
    require_person(actor)
    require(can_act_as(actor, ambassador), _("Only an accepted ambassador may take a translation."))
    language = clean_language(language)
    if not language:
        raise Invalid(_("Choose a language."), field="language", code="required")
    try:
        with transaction.atomic():
            return TranslationAssignment.objects.create(
                ambassador=ambassador, version=version, language=language, created_at=now()
            )
    except IntegrityError:
        raise Conflict(
            _("Someone already translates this version into %(language)s.")
            % {"language": language},
            code="taken",
        ) from None


def translation_set_status(
    *, actor: Actor, assignment: TranslationAssignment, status: str
) -> TranslationAssignment:
    require_person(actor)
    if not can_act_as(actor, assignment.ambassador):
        raise NotAllowed(_("Only its ambassador may change this assignment."))
    if status not in AssignmentStatus.values:
        raise Invalid(_("Unknown status."), field="status")
    assignment.status = status
    assignment.save(update_fields=["status"])
    return assignment
