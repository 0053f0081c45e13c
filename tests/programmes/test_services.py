"""The programmes' services: ambassadors, their work and reports, grants' state machine,
review threshold and conflicts, constraints, currencies."""

import datetime as dt
import decimal
import itertools
from typing import Any

import pytest

from convene.consultations.models import Feedback
from convene.core.errors import Conflict, Invalid, NotAllowed, NotSignedIn
from convene.people.models import Notice
from convene.programmes import queries, services
from convene.programmes.models import GrantState, Proposal
from convene.programmes.money import format_amount
from tests.programmes.conftest import DAY, proposal_for

pytestmark = pytest.mark.django_db


def test_anyone_signed_in_applies_without_affiliation(world: dict[str, Any]) -> None:
    item = services.ambassador_apply(
        actor=world["member"], languages=["hi"], activities=["consult"], motivation="Hindi."
    )
    assert item.status == "applied"
    with pytest.raises(Conflict):
        services.ambassador_apply(
            actor=world["member"], languages=["hi"], activities=["consult"], motivation="x"
        )
    with pytest.raises(Invalid) as refused:
        services.ambassador_apply(
            actor=world["reviewer"], languages=["xx"], activities=["host"], motivation="x"
        )
    assert refused.value.field == "languages"
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotSignedIn):
        services.ambassador_apply(
            actor=AnonymousUser(), languages=["hi"], activities=["host"], motivation="x"
        )
    with pytest.raises(NotAllowed):
        services.ambassador_decide(actor=world["member"], ambassador=item, accept=True)


def test_accepting_makes_a_public_ambassador_and_closes_the_gap(
    world: dict[str, Any], accepted: Any
) -> None:
    assert [a.user.username for a in queries.ambassadors_public(language="bn")] == ["ambassador"]
    assert not queries.ambassadors_public(language="hi")
    gaps = [lang.code for lang in queries.language_gaps()]
    assert "ta" in gaps
    assert "bn" not in gaps
    kinds = set(Notice.objects.filter(recipient=world["ambassador"]).values_list("kind", flat=True))
    assert {"programmes_ambassador_applied", "programmes_ambassador_accepted"} <= kinds
    assert queries.can_see_work(world["facilitator"], accepted)
    assert not queries.can_see_work(world["member"], accepted)


def test_host_request_member_and_report_becomes_feedback(
    world: dict[str, Any], accepted: Any, hosted: Any
) -> None:
    assert hosted.event.series_id == world["round"].series_id
    with pytest.raises(NotAllowed):
        services.conversation_host(
            actor=world["member"],
            ambassador=accepted,
            title="x",
            starts_at=DAY,
            ends_at=DAY + dt.timedelta(hours=1),
        )
    services.member_request(
        actor=world["ambassador"], conversation=hosted, body=world["committee"], message="Come"
    )
    assert Notice.objects.filter(recipient=world["committee_member"]).exists()
    with pytest.raises(NotAllowed):
        services.member_request_answer(actor=world["member"], conversation=hosted, accept=False)
    services.member_request_answer(
        actor=world["committee_member"],
        conversation=hosted,
        accept=True,
        person=world["committee_member"],
        answer="I will come",
    )
    assert hosted.request_status == "accepted"

    report = services.report_file(
        actor=world["ambassador"],
        conversation=hosted,
        summary="We talked.",
        points=[
            services.PointIn(
                chapter="roles",
                text="Hubs need clearer roles",
                paragraph="p3",
                community="bangla-wikipedia",
            ),
            services.PointIn(chapter="roles", text="Translate the charter early"),
        ],
    )
    items = Feedback.objects.filter(channel="ambassador_report").order_by("pk")
    assert [f.text for f in items] == ["Hubs need clearer roles", "Translate the charter early"]
    assert {f.event_id for f in items} == {hosted.event_id}
    assert items[0].language == "bn"
    assert items[0].community.slug == "bangla-wikipedia"
    assert items[0].paragraph_key == "p3"
    assert [p.feedback_id for p in report.points.all()] == [f.pk for f in items]
    with pytest.raises(Conflict):
        services.report_file(
            actor=world["ambassador"],
            conversation=hosted,
            summary="x",
            points=[services.PointIn(chapter="roles", text="y")],
        )


def test_report_reminder_once(world: dict[str, Any], hosted: Any, clock: Any) -> None:
    clock.set(dt.datetime.combine(hosted.report_due_on, dt.time(9), tzinfo=dt.UTC))
    assert services.reports_remind() == 1
    assert services.reports_remind() == 0


def test_translation_take_once(world: dict[str, Any], accepted: Any) -> None:
    services.translation_take(
        actor=world["ambassador"], ambassador=accepted, version=world["version"], language="bn"
    )
    with pytest.raises(Conflict):
        services.translation_take(
            actor=world["ambassador"], ambassador=accepted, version=world["version"], language="bn"
        )


# ------------------------------------------------------------------ the state machine

STATES = list(GrantState.values)


@pytest.mark.parametrize(("frm", "to"), list(itertools.product(STATES, STATES)))
def test_every_pair_of_states_is_allowed_or_refused(frm: str, to: str) -> None:
    legal = (frm, to) in services.TRANSITIONS
    if legal:
        assert services.transition_check(frm, to) in ("applicant", "staff")
    else:
        with pytest.raises(Conflict) as refused:
            services.transition_check(frm, to)
        assert refused.value.code == "illegal_transition"


def test_the_table_is_the_issue_s() -> None:
    assert set(services.allowed_from("draft")) == {"submitted", "withdrawn"}
    assert set(services.allowed_from("under_review")) == {"approved", "declined", "withdrawn"}
    assert services.allowed_from("closed") == services.allowed_from("declined") == []
    assert set(services.NEXT_STEP) == set(STATES)


def _to_review(world: dict[str, Any], proposal: Proposal) -> None:
    services.proposal_transition(actor=world["member"], proposal=proposal, to="submitted")
    services.proposal_transition(actor=world["staff"], proposal=proposal, to="under_review")


def test_threshold_and_conflict_exclusion(world: dict[str, Any]) -> None:
    proposal = proposal_for(world)
    with pytest.raises(NotAllowed):
        services.proposal_transition(actor=world["reviewer"], proposal=proposal, to="submitted")
    _to_review(world, proposal)
    with pytest.raises(NotAllowed):  # the applicant never reviews their own
        services.review_save(actor=world["member"], proposal=proposal, recommendation="approve")
    services.review_save(
        actor=world["reviewer"],
        proposal=proposal,
        recommendation="approve",
        scores={"impact": 5, "budget": 4},
        comment="Good",
    )
    with pytest.raises(Conflict) as refused:
        services.proposal_transition(actor=world["staff"], proposal=proposal, to="approved")
    assert refused.value.code == "threshold"
    services.review_save(actor=world["reviewer2"], proposal=proposal, recommendation="conflict")
    assert not queries.can_review(world["reviewer2"], proposal)
    assert not queries.can_see_proposal(world["reviewer2"], proposal)
    with pytest.raises(NotAllowed):
        services.review_save(actor=world["reviewer2"], proposal=proposal, recommendation="approve")
    assert queries.review_tally(proposal).approvals == 1
    services.review_save(actor=world["staff"], proposal=proposal, recommendation="approve")
    services.proposal_transition(actor=world["staff"], proposal=proposal, to="approved", note="Yes")
    assert proposal.decision_note == "Yes"
    assert queries.can_see_proposal(None, proposal)
    steps = [c.to_state for c in proposal.changes.all()]
    assert steps == ["submitted", "under_review", "approved"]


def test_paid_grant_report_and_close(world: dict[str, Any]) -> None:
    proposal = proposal_for(world)
    _to_review(world, proposal)
    for who in ("reviewer", "reviewer2"):
        services.review_save(actor=world[who], proposal=proposal, recommendation="approve")
    for to in ("approved", "agreement", "paid"):
        services.proposal_transition(actor=world["staff"], proposal=proposal, to=to)
    assert proposal.report_due_on is not None
    with pytest.raises(Conflict):
        services.proposal_transition(actor=world["member"], proposal=proposal, to="reported")
    services.grant_report_file(
        actor=world["member"], proposal=proposal, summary="Done", receipts="venue.pdf"
    )
    proposal.refresh_from_db()
    assert proposal.state == "reported"
    services.proposal_transition(actor=world["staff"], proposal=proposal, to="closed")


def test_proposal_input_is_checked(world: dict[str, Any]) -> None:
    with pytest.raises(Invalid) as refused:
        services.proposal_create(
            actor=world["member"],
            kind="party",
            title="x",
            country=world["bd"],
            amount="-1",
            currency="XYZ",
        )
    assert {e.field for e in refused.value.errors} == {"kind", "currency"}


def test_constraints_by_country(world: dict[str, Any]) -> None:
    services.constraint_set(
        actor=world["staff"],
        country=world["bd"],
        kind="delayed",
        summary="Transfers wait for approval.",
        what_to_do="Ask early.",
    )
    with pytest.raises(NotAllowed):
        services.constraint_set(
            actor=world["member"], country=world["bd"], kind="delayed", summary="x", what_to_do="y"
        )
    assert [c.kind for c in queries.constraints_for("bd")] == ["delayed"]
    assert queries.constraints_for("IN") == []


@pytest.mark.parametrize(
    ("language", "currency", "expected"),
    [
        ("en", "INR", "₹12,000.00"),
        ("hi", "INR", "₹12,000.00"),
        ("bn", "BDT", "12,000.00৳"),
        ("ar", "INR", "\u200f12,000.00\xa0₹"),
        ("ja", "JPY", "￥12,000"),
    ],
)
def test_currency_formats_by_locale(language: str, currency: str, expected: str) -> None:
    assert format_amount(decimal.Decimal("12000"), currency, language) == expected


def test_currency_names_in_the_reader_s_language() -> None:
    from convene.programmes.money import currency_choices, currency_name

    assert currency_name("BDT", "en") == "Bangladeshi Taka"
    assert currency_name("BDT", "ja") != currency_name("BDT", "en")
    assert ("INR", "Indian Rupee (INR)") in currency_choices("en")


def test_reminder_sweep_is_registered_for_the_worker() -> None:
    from convene.core.periodic import configured

    assert ("convene.programmes.tasks.remind_reports", 3600.0) in [
        (p.path, p.every) for p in configured()
    ]


def test_notices_speak_the_recipient_s_language(world: dict[str, Any]) -> None:
    from convene.people.services import profile_update

    applicant = world["member"]
    profile_update(profile=applicant.profile, actor=applicant, language="fr")
    proposal = proposal_for(world)
    services.proposal_transition(actor=applicant, proposal=proposal, to="submitted")
    notice = Notice.objects.filter(recipient=applicant, kind="programmes_grant_state").get()
    assert notice.url == f"/programmes/grants/{proposal.pk}/"
    assert "South Asia strategy meetup" in notice.subject
    reviewers = Notice.objects.filter(kind="programmes_grant_to_review")
    assert not reviewers.exists()
    services.proposal_transition(actor=world["staff"], proposal=proposal, to="under_review")
    assert {n.recipient.username for n in reviewers} == {"reviewer", "reviewer2"}
