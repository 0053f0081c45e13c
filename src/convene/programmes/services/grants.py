"""Small grants: proposals, the state machine, reviews, reports and the country register.

States: draft → submitted → under_review → approved / declined / withdrawn → agreement →
paid → reported → closed. `TRANSITIONS` is the one table of legal steps (and who takes
each); `transition_check` refuses every other pair, naming the states allowed from here.
"""

import datetime as dt
import decimal
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from convene.consultations.models import Channel
from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed
from convene.core.generations import bump
from convene.core.types import Actor
from convene.directory.models import Country, Organisation
from convene.events.models import Event
from convene.programmes.generations import GRANTS
from convene.programmes.models import (
    TEXT_LIMIT,
    TITLE_LIMIT,
    ConstraintKind,
    CountryConstraint,
    GrantKind,
    GrantProgramme,
    GrantState,
    Proposal,
    Recommendation,
    Report,
    Review,
    StateChange,
)
from convene.programmes.money import is_currency
from convene.programmes.queries.access import (
    can_apply,
    can_decide,
    can_review,
    is_reviewer,
)
from convene.programmes.queries.reads import programme_current, review_tally
from convene.programmes.services._common import (
    clean_language,
    clean_text,
    require,
    require_person,
)
from convene.programmes.services.notify import tell
from convene.programmes.services.receipts import receipts_check, receipts_store
from convene.programmes.services.work import PointIn, _points, points_to_feedback

S = GrantState
APPLICANT, STAFF = "applicant", "staff"

# (from, to) -> who may take the step
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): APPLICANT,
    (S.DRAFT, S.WITHDRAWN): APPLICANT,
    (S.SUBMITTED, S.UNDER_REVIEW): STAFF,
    (S.SUBMITTED, S.WITHDRAWN): APPLICANT,
    (S.UNDER_REVIEW, S.APPROVED): STAFF,
    (S.UNDER_REVIEW, S.DECLINED): STAFF,
    (S.UNDER_REVIEW, S.WITHDRAWN): APPLICANT,
    (S.APPROVED, S.AGREEMENT): STAFF,
    (S.APPROVED, S.WITHDRAWN): APPLICANT,
    (S.AGREEMENT, S.PAID): STAFF,
    (S.PAID, S.REPORTED): APPLICANT,
    (S.REPORTED, S.CLOSED): STAFF,
}

# What the applicant is asked to do in each state (shown to them).
NEXT_STEP: dict[str, Any] = {
    S.DRAFT: gettext_lazy("Complete the proposal and submit it."),
    S.SUBMITTED: gettext_lazy("Nothing for now: staff will open the review."),
    S.UNDER_REVIEW: gettext_lazy("Nothing for now: reviewers are reading it."),
    S.APPROVED: gettext_lazy("Sign the grant agreement staff send you."),
    S.DECLINED: gettext_lazy("Nothing: read the decision note."),
    S.WITHDRAWN: gettext_lazy("Nothing: you withdrew it."),
    S.AGREEMENT: gettext_lazy("Nothing for now: the payment is on its way."),
    S.PAID: gettext_lazy("File the report (with your receipts) when the work ends."),
    S.REPORTED: gettext_lazy("Nothing for now: staff will close the grant."),
    S.CLOSED: gettext_lazy("Nothing: the grant is closed."),
}


def allowed_from(state: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == state]


def transition_check(state: str, to: str) -> str:
    """Who may take the step `state` → `to` (applicant or staff); Conflict (409) naming the
    states allowed from `state` when it is not a legal step."""
    who = TRANSITIONS.get((state, to))
    if who is None:
        allowed = allowed_from(state)
        names = ", ".join(str(S(s).label) for s in allowed) if allowed else _("none")
        raise Conflict(
            _("A proposal cannot go from %(from)s to %(to)s; allowed from here: %(allowed)s.")
            % {"from": S(state).label, "to": to, "allowed": names},
            field="to",
            code="illegal_transition",
        )
    return who


def _amount(value: Any, field: str) -> decimal.Decimal:
    try:
        amount = decimal.Decimal(str(value).strip())
    except (decimal.InvalidOperation, ValueError):
        raise Invalid(_("Give an amount such as “1500.00”."), field=field) from None
    if not amount.is_finite() or amount <= 0 or amount >= 10**12:
        raise Invalid(_("Give an amount above zero."), field=field)
    return amount.quantize(decimal.Decimal("0.01"))


def _budget(lines: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for index, line in enumerate(lines):
        label = clean_text(
            str(line.get("label", "")), field=f"budget_lines.{index}.label", limit=200
        )
        cleaned.append(
            {
                "label": label,
                "amount": str(_amount(line.get("amount"), f"budget_lines.{index}.amount")),
            }
        )
    return cleaned


def proposal_create(
    *,
    actor: Actor,
    kind: str,
    title: str,
    country: Country,
    amount: Any,
    currency: str,
    programme: GrantProgramme | None = None,
    summary: str = "",
    organisation: Organisation | None = None,
    budget_lines: Sequence[Mapping[str, Any]] = (),
    timeline: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    hub: Organisation | None = None,
    event: Event | None = None,
) -> Proposal:
    """A proposal in state draft, by a person (for themselves or an organisation)."""
    require_person(actor)
    require(can_apply(actor), _("Sign in to propose a grant."))
    target = programme or programme_current()
    if target is None:
        raise Conflict(_("No grant programme takes proposals."), code="no_programme")
    errors: dict[str | None, str] = {}
    if kind not in GrantKind.values:
        errors["kind"] = _("Choose what the grant is for.")
    elif target.kinds and kind not in target.kinds:
        errors["kind"] = _("%(programme)s funds: %(kinds)s.") % {
            "programme": target.title,
            "kinds": ", ".join(str(GrantKind(k).label) for k in target.kinds),
        }
    currency = (currency or "").strip().upper()
    if not is_currency(currency):
        errors["currency"] = _("Choose a currency (ISO 4217, such as “USD” or “BDT”).")
    elif target.currencies and currency not in target.currencies:
        errors["currency"] = _("%(programme)s pays in: %(codes)s.") % {
            "programme": target.title,
            "codes": ", ".join(target.currencies),
        }
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("It ends before it starts.")
    if hub is not None and hub.kind != "hub":
        errors["hub"] = _("Name a hub.")
    if errors:
        raise Invalid.from_fields(errors)
    assert isinstance(actor, User)
    at = now()
    with transaction.atomic():
        made = Proposal.objects.create(
            programme=target,
            kind=kind,
            title=clean_text(title, field="title", limit=TITLE_LIMIT),
            summary=clean_text(summary, field="summary", limit=TEXT_LIMIT, required=False),
            applicant=actor,
            organisation=organisation,
            country=country,
            amount=_amount(amount, "amount"),
            currency=currency,
            budget_lines=_budget(budget_lines),
            timeline=clean_text(timeline, field="timeline", limit=TEXT_LIMIT, required=False),
            starts_on=starts_on,
            ends_on=ends_on,
            hub=hub,
            event=event,
            created_at=at,
            updated_at=at,
        )
        bump(GRANTS)  # the applicant sees their proposals in the grants list
    return made


def proposal_transition(*, actor: Actor, proposal: Proposal, to: str, note: str = "") -> Proposal:
    """Take one legal step. The applicant submits, withdraws and reports; staff open the
    review, decide (approval needs the programme's threshold of reviewers' approvals; the
    note is the public decision note), record the agreement and the payment, and close."""
    require_person(actor)
    who = transition_check(proposal.state, to)
    if who == APPLICANT:
        require(
            actor.pk == proposal.applicant_id or can_decide(actor),
            _("Only the applicant may do this."),
        )
    else:
        require(can_decide(actor), _("Only staff may do this."))
    note = clean_text(note, field="note", limit=TEXT_LIMIT, required=False)
    if to == S.APPROVED:
        tally = review_tally(proposal)
        if not tally.reached:
            raise Conflict(
                _("Approval needs %(threshold)s reviewers' approvals; it has %(approvals)s.")
                % {"threshold": tally.threshold, "approvals": tally.approvals},
                field="to",
                code="threshold",
            )
    if to == S.REPORTED and not Report.objects.filter(proposal=proposal).exists():
        raise Conflict(_("File the report first."), field="to", code="no_report")
    at = now()
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.state != proposal.state:
            raise Conflict(_("Someone else changed this proposal; reload it."), code="stale")
        StateChange.objects.create(
            proposal=proposal,
            from_state=proposal.state,
            to_state=to,
            actor=actor if isinstance(actor, User) else None,
            note=note,
            at=at,
        )
        proposal.state = to
        proposal.updated_at = at
        if to in (S.APPROVED, S.DECLINED):
            proposal.decision_note = note
        if to == S.PAID:
            end = proposal.ends_on or at.date()
            proposal.report_due_on = end + dt.timedelta(days=proposal.programme.report_due_days)
        proposal.save()
        bump(GRANTS)  # the lists show the state (and the funded ones to everyone)
    params = {
        "title": proposal.title,
        "state": S(to).label,
        "note": f"{note}\n\n" if note else "",
        "next": NEXT_STEP[to],
    }
    tell(
        [proposal.applicant], "grant_state", params=params, url=f"/programmes/grants/{proposal.pk}/"
    )
    if to == S.UNDER_REVIEW:
        tell(
            proposal.programme.reviewers.exclude(pk=proposal.applicant_id),
            "grant_to_review",
            params={
                "title": proposal.title,
                "country": proposal.country.name,
                "threshold": proposal.programme.threshold,
            },
            url=f"/programmes/grants/{proposal.pk}/",
        )
    return proposal


def review_save(
    *,
    actor: Actor,
    proposal: Proposal,
    recommendation: str,
    scores: Mapping[str, int] | None = None,
    comment: str = "",
) -> Review:
    """A reviewer's scores (1 to 5 per rubric criterion), private comment and recommendation,
    while the proposal is under review. Recommending "conflict" declares a conflict of
    interest: the reviewer is then excluded from the proposal (no more reviewing, their
    review does not count, they no longer see it)."""
    require_person(actor)
    require(is_reviewer(actor, proposal), _("Only this programme's reviewers may review."))
    require(can_review(actor, proposal), _("You declared a conflict of interest on this proposal."))
    if proposal.state != S.UNDER_REVIEW:
        raise Conflict(_("This proposal is not under review."), code="not_under_review")
    if recommendation not in Recommendation.values:
        raise Invalid(
            _("Recommend approve or decline, or declare a conflict."), field="recommendation"
        )
    keys = [criterion["key"] for criterion in proposal.programme.rubric]
    cleaned: dict[str, int] = {}
    if recommendation != Recommendation.CONFLICT:
        for key, value in (scores or {}).items():
            if key not in keys:
                raise Invalid(
                    _("Unknown criterion “%(key)s”.") % {"key": key}, field=f"scores.{key}"
                )
            if not isinstance(value, int) or not 1 <= value <= 5:
                raise Invalid(_("Score from 1 to 5."), field=f"scores.{key}")
            cleaned[key] = value
    comment = clean_text(comment, field="comment", limit=TEXT_LIMIT, required=False)
    assert isinstance(actor, User)
    at = now()
    try:
        with transaction.atomic():
            review, _created = Review.objects.update_or_create(
                proposal=proposal,
                reviewer=actor,
                defaults={
                    "scores": cleaned,
                    "comment": comment,
                    "recommendation": recommendation,
                    "updated_at": at,
                },
                create_defaults={
                    "scores": cleaned,
                    "comment": comment,
                    "recommendation": recommendation,
                    "created_at": at,
                    "updated_at": at,
                },
            )
            bump(GRANTS)  # a conflict declared (or withdrawn) changes what the reviewer sees
    except IntegrityError:
        raise Conflict(
            _("Your review was saved at the same moment; reload."), code="stale"
        ) from None
    return review


def grant_report_file(
    *,
    actor: Actor,
    proposal: Proposal,
    summary: str,
    language: str = "",
    receipts: str = "",
    points: Sequence[PointIn] = (),
    receipt_files: Sequence[UploadedFile] = (),
) -> Report:
    """The applicant's report on a paid grant; the proposal becomes "reported". Receipts
    (`receipt_files`: PDFs or images, checked before anything is written) go to the
    private storage, with `receipts` as notes on them. Its points become consultation
    feedback when the applicant may record feedback, else when staff or a facilitator
    bring them in (`points_to_feedback`)."""
    require_person(actor)
    require(actor.pk == proposal.applicant_id, _("Only the applicant files the report."))
    transition_check(proposal.state, S.REPORTED)
    if Report.objects.filter(proposal=proposal).exists():
        raise Conflict(_("This grant's report was already filed."), code="filed")
    assert isinstance(actor, User)
    language = clean_language(language)
    types = receipts_check(report=None, files=receipt_files)
    with transaction.atomic():
        report = Report.objects.create(
            proposal=proposal,
            author=actor,
            language=language,
            filed_at=now(),
            summary=clean_text(summary, field="summary", limit=TEXT_LIMIT * 5),
            receipts=clean_text(receipts, field="receipts", limit=TEXT_LIMIT, required=False),
        )
        if points:
            _points(report, points, language)
        proposal_transition(actor=actor, proposal=proposal, to=S.REPORTED)
        receipts_store(report=report, files=receipt_files, types=types, user=actor)
    if points:
        from convene.consultations.queries import can_record

        first = report.points.select_related("chapter__charter").first()
        if first is not None and can_record(user=actor, chapter=first.chapter):
            points_to_feedback(actor=actor, report=report, channel=Channel.REGIONAL_CONVERSATION)
    return report


def constraint_set(
    *, actor: Actor, country: Country, kind: str, summary: str, what_to_do: str
) -> CountryConstraint:
    """Add or replace a country's constraint of `kind` (staff)."""
    require_person(actor)
    require(can_decide(actor), _("Only staff keep the register of country constraints."))
    if kind not in ConstraintKind.values:
        raise Invalid(_("Unknown kind of constraint."), field="kind")
    row, _created = CountryConstraint.objects.update_or_create(
        country=country,
        kind=kind,
        defaults={
            "summary": clean_text(summary, field="summary", limit=TEXT_LIMIT),
            "what_to_do": clean_text(what_to_do, field="what_to_do", limit=TEXT_LIMIT),
            "updated_at": now(),
        },
    )
    return row


def constraint_delete(*, actor: Actor, constraint: CountryConstraint) -> None:
    require_person(actor)
    if not can_decide(actor):
        raise NotAllowed(_("Only staff keep the register of country constraints."))
    constraint.delete()
