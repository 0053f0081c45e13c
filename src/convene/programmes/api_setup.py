"""Staff open ambassador rounds and grant programmes through the API too (the same
services as /programmes/setup/)."""

import datetime as dt
from typing import Any, Literal

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.responses import Status

from convene.consultations.models import Charter
from convene.core.api import BodyIn
from convene.core.errors import Invalid, NotAllowed
from convene.people.auth import person_auth
from convene.programmes import queries, services
from convene.programmes.api import ERRORS, router
from convene.programmes.models import GrantProgramme, Round


class RoundIn(BodyIn):
    slug: str = Field(description="lower-case letters, digits and hyphens")
    title: str
    starts_on: dt.date
    ends_on: dt.date
    description: str = ""
    # Ranges are the service's to check (a refusal names the field): bounds in the
    # schema would let clients send 1.0, which a strict integer refuses.
    conversations_required: int = Field(1, description="0 to 365")
    reports_required: bool = True
    report_due_days: int = Field(14, description="1 to 365")
    charter: str | None = Field(None, description="the charter's slug; default the first")


class RoundOut(Schema):
    slug: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    conversations_required: int
    reports_required: bool
    report_due_days: int
    series_id: int | None
    charter: str | None


class CriterionIn(Schema):
    key: str = ""
    label: str


class GrantProgrammeIn(BodyIn):
    slug: str = Field(description="lower-case letters, digits and hyphens")
    title: str
    rubric: list[CriterionIn] = Field(description="criteria reviewers score from 1 to 5")
    threshold: int = Field(2, description="reviewers' approvals a decision needs, 1 to 20")
    description: str = ""
    currencies: list[str] = Field([], description="ISO 4217 codes it pays in (empty: any)")
    kinds: list[Literal["hub_pilot", "meetup", "event", "translation", "other"]] = []
    reviewers: list[str] = Field([], description="usernames")
    report_due_days: int = Field(60, description="1 to 730")


class GrantProgrammeOut(Schema):
    slug: str
    title: str
    rubric: list[dict[str, str]]
    threshold: int
    currencies: list[str]
    kinds: list[str]
    reviewers: list[str]
    report_due_days: int


def _staff(request: HttpRequest) -> None:
    if not queries.can_decide(request.user):
        raise NotAllowed(_("Only staff run the programmes."))


def round_out(item: Round) -> dict[str, Any]:
    return {
        "slug": item.slug, "title": item.title, "starts_on": item.starts_on,
        "ends_on": item.ends_on, "conversations_required": item.conversations_required,
        "reports_required": item.reports_required, "report_due_days": item.report_due_days,
        "series_id": item.series_id, "charter": item.charter.slug if item.charter else None,
    }  # fmt: skip


def programme_out(item: GrantProgramme, reviewers: list[User]) -> dict[str, Any]:
    return {
        "slug": item.slug, "title": item.title, "rubric": item.rubric,
        "threshold": item.threshold, "currencies": item.currencies, "kinds": item.kinds,
        "reviewers": sorted(u.username for u in reviewers),
        "report_due_days": item.report_due_days,
    }  # fmt: skip


@router.post(
    "/rounds",
    response={201: RoundOut, **ERRORS},
    auth=person_auth,
    summary="Open an ambassador round, with its event series (staff)",
)
def round_create(request: HttpRequest, payload: RoundIn) -> Status[dict[str, Any]]:
    _staff(request)
    charter = None
    if payload.charter:
        charter = Charter.objects.filter(slug=payload.charter).first()
        if charter is None:
            raise Invalid(_("There is no charter “%(slug)s”.") % {"slug": payload.charter},
                          field="charter")  # fmt: skip
    made = services.round_create(
        actor=request.user, slug=payload.slug, title=payload.title,
        starts_on=payload.starts_on, ends_on=payload.ends_on, description=payload.description,
        conversations_required=payload.conversations_required,
        reports_required=payload.reports_required, report_due_days=payload.report_due_days,
        charter=charter,
    )  # fmt: skip
    return Status(201, round_out(made))


@router.post(
    "/grant-programmes",
    response={201: GrantProgrammeOut, **ERRORS},
    auth=person_auth,
    summary="Open a grant programme: rubric, threshold, currencies, kinds, reviewers (staff)",
)
def programme_create(request: HttpRequest, payload: GrantProgrammeIn) -> Status[dict[str, Any]]:
    _staff(request)
    reviewers = services.reviewers_by_username(payload.reviewers)
    made = services.grant_programme_create(
        actor=request.user, slug=payload.slug, title=payload.title,
        rubric=[c.dict() for c in payload.rubric], threshold=payload.threshold,
        description=payload.description, currencies=payload.currencies,
        kinds=list(payload.kinds), reviewers=reviewers, report_due_days=payload.report_due_days,
    )  # fmt: skip
    return Status(201, programme_out(made, reviewers))
