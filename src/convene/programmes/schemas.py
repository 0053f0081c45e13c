"""The API's input and output shapes (see `api.py`), and the functions that fill them."""

import datetime as dt
from typing import Any, Literal

from django.contrib.auth.models import User
from ninja import Field, Schema

from convene.consultations import queries as consultations
from convene.core.api import BodyIn
from convene.core.formatting import iso_z
from convene.directory.models import Country
from convene.programmes import queries
from convene.programmes.models import (
    Ambassador,
    Conversation,
    Proposal,
    Report,
    TranslationAssignment,
)
from convene.programmes.money import currency_name, format_amount

Activity = Literal["host", "translate", "consult"]
Kind = Literal["hub_pilot", "meetup", "event", "translation", "other"]
State = Literal[
    "draft", "submitted", "under_review", "approved", "declined", "withdrawn", "agreement",
    "paid", "reported", "closed",
]  # fmt: skip


class ApplicationIn(BodyIn):
    languages: list[str] = Field(description="BCP 47 codes of the language communities covered")
    regions: list[str] = Field([], description="region slugs")
    communities: list[str] = Field([], description="community slugs")
    activities: list[Activity]
    motivation: str
    round: str | None = Field(None, description="a round's slug; default the current one")


class AmbassadorOut(Schema):
    id: int
    username: str
    name: str
    status: str
    round: str
    languages: list[str]
    regions: list[str]
    communities: list[str]
    activities: list[str]
    facilitator: str | None
    decision_message: str


class DecisionIn(BodyIn):
    accept: bool
    message: str = ""


class WithdrawIn(BodyIn):
    message: str = Field("", description="a word for the facilitator")


class ReceiptOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: str
    url: str = Field(description="the download (for the applicant, reviewers and staff)")


class FacilitatorIn(BodyIn):
    facilitator: str = Field(description="a staff member's username")


class GapOut(Schema):
    code: str
    name: str


class ConversationIn(BodyIn):
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str = "UTC"
    language: str = ""
    community: str | None = None
    description: str = ""
    call_link: str = ""


class ConversationOut(Schema):
    id: int
    event_id: int
    event_url: str
    title: str
    starts_at: str | None
    language: str
    community: str | None
    report_due_on: dt.date
    reported: bool
    request: dict[str, str | None]


class RequestIn(BodyIn):
    body: str = Field(description="the slug of the organisation asked (the committee…)")
    message: str = ""


class RequestAnswerIn(BodyIn):
    accept: bool
    person: str | None = Field(None, description="username of the member who comes")
    answer: str = ""


class PointIn(Schema):
    chapter: str
    text: str
    paragraph: str = ""
    language: str = ""
    community: str = ""


class ReportIn(BodyIn):
    summary: str
    language: str = ""
    points: list[PointIn] = []
    receipts: str = Field("", description="grant reports: kept privately")


class PointOut(Schema):
    chapter: str
    paragraph: str
    text: str
    language: str
    community: str | None
    feedback_id: int | None


class ReportOut(Schema):
    id: int
    summary: str
    language: str
    filed_at: str
    points: list[PointOut]


class AssignmentIn(BodyIn):
    chapter: str
    version: int | None = None
    language: str


class AssignmentOut(Schema):
    id: int
    chapter: str
    version: int
    language: str
    status: str
    translated: dict[str, int] = Field(description="paragraphs per translation status")


class ActivityOut(Schema):
    ambassador: AmbassadorOut
    conversations: list[ConversationOut]
    assignments: list[AssignmentOut]


class BudgetLine(Schema):
    label: str
    amount: str


class GrantIn(BodyIn):
    kind: Kind
    title: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    amount: str = Field(description='a decimal string, such as "1500.00"')
    currency: str = Field(description="ISO 4217")
    programme: str | None = None
    summary: str = ""
    organisation: str | None = Field(None, description="the applying organisation's slug")
    budget_lines: list[BudgetLine] = []
    timeline: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    hub: str | None = Field(None, description="the slug of the hub it funds")
    event: int | None = Field(None, description="the id of the event it funds")


class ConstraintOut(Schema):
    kind: str
    summary: str
    what_to_do: str


class StepOut(Schema):
    from_state: str
    to_state: str
    note: str
    at: str


class GrantOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    state: State
    applicant: str
    organisation: str | None
    country: str
    amount: str
    currency: str
    amount_display: str = Field(description="formatted in the reader's language (CLDR)")
    currency_name: str
    budget_lines: list[BudgetLine]
    timeline: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    hub: str | None
    event_id: int | None
    decision_note: str
    report_due_on: dt.date | None
    url: str


class GrantDetailOut(GrantOut):
    allowed: list[str] = Field(description="states the reader may move it to")
    next_step: str = Field(description="what is asked of the applicant now")
    grant_constraints: list[ConstraintOut]
    history: list[StepOut]
    approvals: int
    threshold: int


class TransitionIn(BodyIn):
    to: State
    note: str | None = None


class ReviewIn(BodyIn):
    recommendation: Literal["approve", "decline", "conflict"]
    scores: dict[str, int] = {}
    comment: str = ""


class ReviewOut(Schema):
    reviewer: str
    recommendation: str
    scores: dict[str, int]
    comment: str


class ConstraintIn(BodyIn):
    kind: Literal["blocked", "delayed", "fiscal_sponsor", "sanctions"]
    summary: str
    what_to_do: str


class CountryOut(Schema):
    code: str
    name: str
    grant_constraints: list[ConstraintOut]


class CurrencyOut(Schema):
    code: str
    name: str


# ------------------------------------------------------------------ filling them


def _name(user: User | None) -> str:
    return "" if user is None else user.get_full_name() or user.username


def ambassador_out(item: Ambassador, keys: queries.AmbassadorKeys | None = None) -> dict[str, Any]:
    """`keys`: its languages, regions and communities read for a page at once (else its
    related managers')."""
    if keys is None:
        keys = queries.AmbassadorKeys(
            sorted(lang.code for lang in item.languages.all()),
            sorted(region.slug for region in item.regions.all()),
            sorted(c.slug for c in item.communities.all()),
        )
    return {
        "id": item.pk,
        "username": item.user.username,
        "name": _name(item.user),
        "status": item.status,
        "round": item.round.slug,
        "languages": keys.languages,
        "regions": keys.regions,
        "communities": keys.communities,
        "activities": list(item.activities),
        "facilitator": item.facilitator.username if item.facilitator else None,
        "decision_message": item.decision_message,
    }


def conversation_out(item: Conversation) -> dict[str, Any]:
    return {
        "id": item.pk,
        "event_id": item.event_id,
        "event_url": f"/events/{item.event_id}/",
        "title": item.event.title,
        "starts_at": iso_z(item.event.starts_at),
        "language": item.language,
        "community": item.community.slug if item.community else None,
        "report_due_on": item.report_due_on,
        "reported": hasattr(item, "report"),
        "request": {
            "body": item.body.slug if item.body else None,
            "status": item.request_status or None,
            "representative": item.representative.username if item.representative else None,
            "answer": item.request_answer or None,
        },
    }


def report_out(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "summary": report.summary,
        "language": report.language,
        "filed_at": iso_z(report.filed_at) or "",
        "points": [
            {
                "chapter": p.chapter.slug,
                "paragraph": p.paragraph_key,
                "text": p.text,
                "language": p.language,
                "community": p.community.slug if p.community else None,
                "feedback_id": p.feedback_id,
            }
            for p in queries.report_points(report)
        ],
    }


def assignment_out(item: TranslationAssignment) -> dict[str, Any]:
    summary = consultations.translation_summary(version=item.version)
    return {
        "id": item.pk,
        "chapter": item.version.chapter.slug,
        "version": item.version.number,
        "language": item.language,
        "status": item.status,
        "translated": summary.get(item.language, {}),
    }


def grant_out(item: Proposal, language: str) -> dict[str, Any]:
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "summary": item.summary,
        "state": item.state,
        "applicant": item.applicant.username,
        "organisation": item.organisation.slug if item.organisation else None,
        "country": item.country_id,
        "amount": str(item.amount),
        "currency": item.currency,
        "amount_display": format_amount(item.amount, item.currency, language),
        "currency_name": currency_name(item.currency, language),
        "budget_lines": item.budget_lines,
        "timeline": item.timeline,
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
        "hub": item.hub.slug if item.hub else None,
        "event_id": item.event_id,
        "decision_note": item.decision_note,
        "report_due_on": item.report_due_on,
        "url": f"/programmes/grants/{item.pk}/",
    }


def constraints_out(country: Country | str) -> list[dict[str, str]]:
    return [
        {"kind": c.kind, "summary": c.summary, "what_to_do": c.what_to_do}
        for c in queries.constraints_for(country)
    ]
