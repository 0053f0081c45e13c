"""The programmes API: ambassadors (the public directory, applications, decisions, their
conversations, reports and translations) and small grants (proposals, transitions,
reviews, reports, country constraints), with CSV/JSON exports.

Errors answer `{code, message, field, errors}`; lists answer `{count, next, items}`
(`limit`, `offset`). See `queries.access` for who may do what.
"""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from convene.consultations import queries as consultations
from convene.core.api import REFUSALS, Limit, Offset, PageOut, paginate
from convene.core.errors import Invalid, NotAllowed, NotFound
from convene.core.formatting import iso_z
from convene.directory.models import Country
from convene.directory.names import country_name, reader_language
from convene.events.models import Event
from convene.people.auth import person_auth, reader_auth
from convene.programmes import export, queries, schemas, services
from convene.programmes.models import (
    Ambassador,
    Proposal,
    Report,
)
from convene.programmes.money import currency_choices
from convene.programmes.schemas import (
    ambassador_out,
    assignment_out,
    constraints_out,
    conversation_out,
    grant_out,
    report_out,
)
from convene.programmes.services._common import country_by_code, organisation_by_slug

router = Router(tags=["programmes"])

ERRORS = REFUSALS

# ------------------------------------------------------------------ shaping


def grant_detail(item: Proposal, viewer: Any) -> dict[str, Any]:
    tally = queries.review_tally(item)
    allowed = [to for to in services.allowed_from(item.state) if _may_move(viewer, item, to)]
    return {
        **grant_out(item, reader_language()),
        "allowed": allowed,
        "next_step": str(services.NEXT_STEP[item.state]),
        "grant_constraints": constraints_out(item.country),
        "history": [
            {
                "from_state": c.from_state,
                "to_state": c.to_state,
                "note": c.note,
                "at": iso_z(c.at) or "",
            }
            for c in item.changes.all()
        ],
        "approvals": tally.approvals,
        "threshold": tally.threshold,
    }


def _may_move(viewer: Any, item: Proposal, to: str) -> bool:
    who = services.TRANSITIONS[(item.state, to)]
    if queries.can_decide(viewer):
        return True
    return who == "applicant" and getattr(viewer, "pk", None) == item.applicant_id


def _user(username: str | None, field: str) -> User:
    found = User.objects.filter(username=username or "").first()
    if found is None:
        raise Invalid(_("There is no person “%(name)s”.") % {"name": username or ""}, field=field)
    return found


def _ambassador(request: HttpRequest, pk: int) -> Ambassador:
    item = queries.ambassador_get(pk)
    if not queries.can_see_work(request.user, item) and item.status != "accepted":
        raise NotFound(_("There is no such ambassador."))
    return item


def _points(payload: schemas.ReportIn) -> list[services.PointIn]:
    return [services.PointIn(**point.dict()) for point in payload.points]


# ------------------------------------------------------------------ ambassadors


@router.get(
    "/ambassadors",
    response={200: PageOut[schemas.AmbassadorOut], **ERRORS},
    auth=reader_auth,
    summary="The public directory of ambassadors",
)
def ambassadors(
    request: HttpRequest,
    language: str = "",
    region: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = queries.ambassadors_listed(language=language, region=region)
    return paginate(request, rows, limit=limit, offset=offset, serialise=_ambassadors_out)


def _ambassadors_out(page: Sequence[Any]) -> list[dict[str, Any]]:
    keys = queries.ambassador_keys([a.pk for a in page])
    return [ambassador_out(a, keys[a.pk]) for a in page]


@router.get(
    "/ambassadors/gaps",
    response={200: list[schemas.GapOut], **ERRORS},
    auth=reader_auth,
    summary="Languages spoken by a community and no ambassador",
)
def gaps(request: HttpRequest) -> list[dict[str, str]]:
    return [{"code": lang.code, "name": lang.name} for lang in queries.language_gaps()]


@router.get(
    "/ambassadors/applications",
    response={200: PageOut[schemas.AmbassadorOut], **ERRORS},
    auth=person_auth,
    summary="Applications: all for staff, else one's own",
)
def applications(request: HttpRequest, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    rows = queries.ambassadors_for_decision()
    if not queries.can_decide(request.user):
        rows = rows.filter(user_id=request.user.pk or 0)
    return paginate(
        request,
        rows,
        limit=limit,
        offset=offset,
        serialise=lambda page: [ambassador_out(a) for a in page],
    )


@router.post(
    "/ambassadors/applications",
    response={201: schemas.AmbassadorOut, **ERRORS},
    auth=person_auth,
    summary="Apply to be an ambassador (no affiliation asked)",
)
def apply(request: HttpRequest, payload: schemas.ApplicationIn) -> Status[dict[str, Any]]:
    item = services.ambassador_apply(
        actor=request.user,
        languages=payload.languages,
        regions=payload.regions,
        communities=payload.communities,
        activities=list(payload.activities),
        motivation=payload.motivation,
        round=queries.round_get(payload.round) if payload.round else None,
    )
    return Status(201, ambassador_out(queries.ambassador_get(item.pk)))


@router.post(
    "/ambassadors/applications/{pk}/decision",
    response={200: schemas.AmbassadorOut, **ERRORS},
    auth=person_auth,
    summary="Accept or decline, with a message (staff)",
)
def decide(request: HttpRequest, pk: int, payload: schemas.DecisionIn) -> dict[str, Any]:
    if not queries.can_decide(request.user):
        raise NotAllowed(_("Only staff may decide on applications."))
    item = queries.ambassador_get(pk)
    services.ambassador_decide(
        actor=request.user, ambassador=item, accept=payload.accept, message=payload.message
    )
    return ambassador_out(queries.ambassador_get(pk))


@router.post(
    "/ambassadors/{pk}/facilitator",
    response={200: schemas.AmbassadorOut, **ERRORS},
    auth=person_auth,
    summary="Assign a facilitator (staff)",
)
def facilitator(request: HttpRequest, pk: int, payload: schemas.FacilitatorIn) -> dict[str, Any]:
    if not queries.can_decide(request.user):
        raise NotAllowed(_("Only staff may assign facilitators."))
    item = queries.ambassador_get(pk)
    services.facilitator_assign(
        actor=request.user, ambassador=item, facilitator=_user(payload.facilitator, "facilitator")
    )
    return ambassador_out(queries.ambassador_get(pk))


@router.post(
    "/ambassadors/{pk}/withdraw",
    response={200: schemas.AmbassadorOut, **ERRORS},
    auth=person_auth,
    summary="Withdraw from the round (the ambassador or applicant themselves)",
)
def withdraw(request: HttpRequest, pk: int, payload: schemas.WithdrawIn) -> dict[str, Any]:
    item = _ambassador(request, pk)
    services.ambassador_withdraw(actor=request.user, ambassador=item, message=payload.message)
    return ambassador_out(queries.ambassador_get(pk))


@router.get(
    "/ambassadors/{pk}/activity",
    response={200: schemas.ActivityOut, **ERRORS},
    auth=reader_auth,
    summary="An ambassador's conversations and translations",
)
def activity(request: HttpRequest, pk: int) -> dict[str, Any]:
    item = _ambassador(request, pk)
    return {
        "ambassador": ambassador_out(item),
        "conversations": [conversation_out(c) for c in queries.conversations_of([item])],
        "assignments": [assignment_out(a) for a in queries.assignments_of([item])],
    }


@router.post(
    "/ambassadors/{pk}/conversations",
    response={201: schemas.ConversationOut, **ERRORS},
    auth=person_auth,
    summary="Host a conversation (the ambassador)",
)
def host(request: HttpRequest, pk: int, payload: schemas.ConversationIn) -> Status[dict[str, Any]]:
    item = _ambassador(request, pk)
    made = services.conversation_host(
        actor=request.user,
        ambassador=item,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        timezone_name=payload.timezone,
        language=payload.language,
        community=payload.community,
        description=payload.description,
        call_link=payload.call_link,
    )
    return Status(201, conversation_out(queries.conversation_get(made.pk)))


@router.post(
    "/ambassadors/{pk}/translations",
    response={201: schemas.AssignmentOut, **ERRORS},
    auth=person_auth,
    summary="Take a chapter version to translate (the ambassador)",
)
def translate(
    request: HttpRequest, pk: int, payload: schemas.AssignmentIn
) -> Status[dict[str, Any]]:
    item = _ambassador(request, pk)
    chapter = consultations.chapter_get(slug=payload.chapter)
    version = consultations.version_get(
        chapter=chapter, number=payload.version, viewer=request.user
    )
    made = services.translation_take(
        actor=request.user, ambassador=item, version=version, language=payload.language
    )
    return Status(201, assignment_out(made))


@router.post(
    "/conversations/{pk}/request",
    response={200: schemas.ConversationOut, **ERRORS},
    auth=person_auth,
    summary="Ask a body to send a member (the host)",
)
def request_member(request: HttpRequest, pk: int, payload: schemas.RequestIn) -> dict[str, Any]:
    item = queries.conversation_get(pk)
    body = organisation_by_slug(payload.body, field="body")
    if body is None:
        raise Invalid(_("Name the body asked."), field="body")
    services.member_request(
        actor=request.user, conversation=item, body=body, message=payload.message
    )
    return conversation_out(queries.conversation_get(pk))


@router.post(
    "/conversations/{pk}/request/answer",
    response={200: schemas.ConversationOut, **ERRORS},
    auth=person_auth,
    summary="Accept (naming who comes) or decline (the body asked)",
)
def answer_request(
    request: HttpRequest, pk: int, payload: schemas.RequestAnswerIn
) -> dict[str, Any]:
    item = queries.conversation_get(pk)
    person = _user(payload.person, "person") if payload.person else None
    services.member_request_answer(
        actor=request.user,
        conversation=item,
        accept=payload.accept,
        person=person,
        answer=payload.answer,
    )
    return conversation_out(queries.conversation_get(pk))


@router.post(
    "/conversations/{pk}/report",
    response={201: schemas.ReportOut, **ERRORS},
    auth=person_auth,
    summary="File a conversation's report; its points become feedback",
)
def report(request: HttpRequest, pk: int, payload: schemas.ReportIn) -> Status[dict[str, Any]]:
    item = queries.conversation_get(pk)
    made = services.report_file(
        actor=request.user,
        conversation=item,
        summary=payload.summary,
        points=_points(payload),
        language=payload.language,
    )
    return Status(201, report_out(made))


@router.get(
    "/ambassadors/activity.csv",
    auth=reader_auth,
    include_in_schema=True,
    summary="Accepted ambassadors' activity, as CSV",
)
def activity_csv(request: HttpRequest) -> HttpResponse:
    return export.ambassadors_csv()


# ------------------------------------------------------------------ grants


@router.get(
    "/grants",
    response={200: PageOut[schemas.GrantOut], **ERRORS},
    auth=reader_auth,
    summary="Grants the reader may see: funded ones, their own, those they review",
)
def grants(
    request: HttpRequest, state: str = "", mine: bool = False, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    rows = queries.proposals_visible(request.user, state=state, mine=mine)
    language = reader_language()
    # The page's ids first (sorted from the index), then their rows and joins: sorting
    # every visible proposal with its joined rows costs more than the second query.
    return paginate(
        request,
        rows.values_list("pk", flat=True),
        limit=limit,
        offset=offset,
        serialise=lambda ids: [grant_out(p, language) for p in queries.proposals_of(ids)],
    )


@router.get("/grants/funded.csv", auth=reader_auth, summary="Funded grants, as CSV")
def funded_csv(request: HttpRequest) -> HttpResponse:
    return export.grants_csv()


@router.get("/grants/funded.json", auth=reader_auth, summary="Funded grants, as JSON")
def funded_json(request: HttpRequest) -> HttpResponse:
    return export.grants_json()


@router.post(
    "/grants",
    response={201: schemas.GrantDetailOut, **ERRORS},
    auth=person_auth,
    summary="Propose a grant (state draft)",
)
def grant_create(request: HttpRequest, payload: schemas.GrantIn) -> Status[dict[str, Any]]:
    event = None
    if payload.event is not None:
        event = Event.objects.filter(pk=payload.event).first()
        if event is None:
            raise Invalid(_("There is no such event."), field="event")
    made = services.proposal_create(
        actor=request.user,
        kind=payload.kind,
        title=payload.title,
        country=country_by_code(payload.country),
        amount=payload.amount,
        currency=payload.currency,
        programme=queries.programme_get(payload.programme) if payload.programme else None,
        summary=payload.summary,
        organisation=organisation_by_slug(payload.organisation, field="organisation"),
        budget_lines=[line.dict() for line in payload.budget_lines],
        timeline=payload.timeline,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        hub=organisation_by_slug(payload.hub, field="hub"),
        event=event,
    )
    return Status(201, grant_detail(queries.proposal_get(made.pk, request.user), request.user))


@router.get(
    "/grants/{pk}",
    response={200: schemas.GrantDetailOut, **ERRORS},
    auth=reader_auth,
    summary="A grant: where it stands, what is asked, its history and constraints",
)
def grant(request: HttpRequest, pk: int) -> dict[str, Any]:
    return grant_detail(queries.proposal_get(pk, request.user), request.user)


@router.post(
    "/grants/{pk}/transition",
    response={200: schemas.GrantDetailOut, **ERRORS},
    auth=person_auth,
    summary="Move a grant to another state (409 names those allowed)",
)
def transition(request: HttpRequest, pk: int, payload: schemas.TransitionIn) -> dict[str, Any]:
    item = queries.proposal_get(pk, request.user)
    services.proposal_transition(
        actor=request.user, proposal=item, to=payload.to, note=payload.note or ""
    )
    return grant_detail(queries.proposal_get(pk, request.user), request.user)


@router.get(
    "/grants/{pk}/reviews",
    response={200: list[schemas.ReviewOut], **ERRORS},
    auth=person_auth,
    summary="The reviews (reviewers and staff)",
)
def reviews(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    item = queries.proposal_get(pk, request.user)
    if not (queries.can_decide(request.user) or queries.can_review(request.user, item)):
        raise NotAllowed(_("Only reviewers and staff read the reviews."))
    return [
        {
            "reviewer": r.reviewer.username,
            "recommendation": r.recommendation,
            "scores": r.scores,
            "comment": r.comment,
        }
        for r in item.reviews.all()
    ]


@router.post(
    "/grants/{pk}/reviews",
    response={201: schemas.ReviewOut, **ERRORS},
    auth=person_auth,
    summary="Review (or declare a conflict of interest)",
)
def review(request: HttpRequest, pk: int, payload: schemas.ReviewIn) -> Status[dict[str, Any]]:
    item = queries.proposal_get(pk, request.user)
    made = services.review_save(
        actor=request.user,
        proposal=item,
        recommendation=payload.recommendation,
        scores=payload.scores,
        comment=payload.comment,
    )
    return Status(
        201,
        {
            "reviewer": request.user.username,
            "recommendation": made.recommendation,
            "scores": made.scores,
            "comment": made.comment,
        },
    )


@router.post(
    "/grants/{pk}/report",
    response={201: schemas.ReportOut, **ERRORS},
    auth=person_auth,
    summary="File a paid grant's report (the applicant)",
)
def grant_report(
    request: HttpRequest, pk: int, payload: schemas.ReportIn
) -> Status[dict[str, Any]]:
    item = queries.proposal_get(pk, request.user)
    made = services.grant_report_file(
        actor=request.user,
        proposal=item,
        summary=payload.summary,
        language=payload.language,
        receipts=payload.receipts,
        points=_points(payload),
    )
    return Status(201, report_out(made))


@router.post(
    "/grants/{pk}/report/feedback",
    response={200: schemas.ReportOut, **ERRORS},
    auth=person_auth,
    summary="Turn a grant report's points into consultation feedback (staff)",
)
def grant_report_feedback(request: HttpRequest, pk: int) -> dict[str, Any]:
    item = queries.proposal_get(pk, request.user)
    if not queries.can_decide(request.user):
        raise NotAllowed(_("Only staff bring a grant report's points into the consultation."))
    report = Report.objects.filter(proposal=item).first()
    if report is None:
        raise NotFound(_("This grant has no report yet."))
    services.points_to_feedback(actor=request.user, report=report, channel="regional_conversation")
    return report_out(report)


# ------------------------------------------------------------------ countries, currencies


@router.get(
    "/countries/{code}",
    response={200: schemas.CountryOut, **ERRORS},
    auth=reader_auth,
    summary="A country, with its grant constraints",
)
def country(request: HttpRequest, code: str) -> dict[str, Any]:
    found = Country.objects.filter(code=code.upper()).first()
    if found is None:
        raise NotFound(_("There is no country “%(code)s”.") % {"code": code})
    return {
        "code": found.code,
        "name": country_name(found.code),
        "grant_constraints": constraints_out(found),
    }


@router.post(
    "/countries/{code}/grant-constraints",
    response={200: schemas.CountryOut, **ERRORS},
    auth=person_auth,
    summary="Add or replace a country's grant constraint of a kind (staff)",
)
def constraint_set(
    request: HttpRequest, code: str, payload: schemas.ConstraintIn
) -> dict[str, Any]:
    found = Country.objects.filter(code=code.upper()).first()
    if found is None:
        raise NotFound(_("There is no country “%(code)s”.") % {"code": code})
    services.constraint_set(
        actor=request.user,
        country=found,
        kind=payload.kind,
        summary=payload.summary,
        what_to_do=payload.what_to_do,
    )
    return country(request, found.code)


@router.get(
    "/currencies",
    response={200: list[schemas.CurrencyOut], **ERRORS},
    auth=reader_auth,
    summary="ISO 4217 currencies with their names in the reader's language",
)
def currencies(request: HttpRequest) -> list[dict[str, str]]:
    return [{"code": code, "name": name} for code, name in currency_choices(reader_language())]


# The receipts' endpoints (multipart uploads, file downloads) and staff's set-up
# endpoints register on this router.
from convene.programmes import api_receipts, api_setup  # noqa: E402, F401
