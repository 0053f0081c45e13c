"""The API: the issue's interfaces, the permission matrix for every endpoint, constant
query counts with 1 and 5 items."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from convene.consultations.models import Feedback
from convene.programmes import services
from convene.programmes.models import Proposal
from tests.consultations.test_api import client_for, post
from tests.programmes.conftest import DAY, proposal_for, upload

pytestmark = pytest.mark.django_db


def _under_review(world: dict[str, Any]) -> Proposal:
    proposal = proposal_for(world, country="bd")
    services.proposal_transition(actor=world["member"], proposal=proposal, to="submitted")
    services.proposal_transition(actor=world["staff"], proposal=proposal, to="under_review")
    return proposal


def test_apply_decide_and_directory(world: dict[str, Any]) -> None:
    body = {
        "languages": ["bn"],
        "regions": ["south-asia"],
        "communities": ["bangla-wikipedia"],
        "activities": ["host", "translate"],
        "motivation": "Bangla",
    }
    response = post(client_for(world["member"]), "/api/ambassadors/applications", body)
    assert response.status_code == 201
    assert response.json()["status"] == "applied"
    pk = response.json()["id"]
    assert client_for().get("/api/ambassadors?language=bn").json()["count"] == 0
    decided = post(
        client_for(world["staff"]),
        f"/api/ambassadors/applications/{pk}/decision",
        {"accept": True, "message": "Welcome"},
    )
    assert decided.json()["status"] == "accepted"
    listed = client_for().get("/api/ambassadors?language=bn&region=south-asia").json()
    assert [a["username"] for a in listed["items"]] == ["member"]
    assert client_for().get("/api/ambassadors?language=hi").json()["count"] == 0
    gaps = [g["code"] for g in client_for().get("/api/ambassadors/gaps").json()]
    assert "ta" in gaps


def test_bad_application_names_the_field(world: dict[str, Any]) -> None:
    body = {"languages": ["zz"], "activities": ["host"], "motivation": "x"}
    response = post(client_for(world["member"]), "/api/ambassadors/applications", body)
    assert response.status_code == 400
    assert response.json()["field"] == "languages"


def test_host_and_report_through_the_api(world: dict[str, Any], accepted: Any) -> None:
    client = client_for(world["ambassador"])
    start = DAY - dt.timedelta(days=1)
    made = post(
        client,
        f"/api/ambassadors/{accepted.pk}/conversations",
        {
            "title": "Bangla conversation",
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
            "language": "bn",
            "community": "bangla-wikipedia",
        },
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    asked = post(client, f"/api/conversations/{pk}/request", {"body": "mcdc", "message": "Come"})
    assert asked.json()["request"]["status"] == "requested"
    answered = post(
        client_for(world["committee_member"]),
        f"/api/conversations/{pk}/request/answer",
        {"accept": True, "person": "committee_member"},
    )
    assert answered.json()["request"]["representative"] == "committee_member"
    filed = post(
        client,
        f"/api/conversations/{pk}/report",
        {
            "summary": "Notes",
            "points": [{"chapter": "roles", "text": "Hubs?", "paragraph": "p2"}],
        },
    )
    assert filed.status_code == 201
    feedback_id = filed.json()["points"][0]["feedback_id"]
    item = client_for().get(f"/api/feedback/{feedback_id}").json()
    assert item["channel"] == "ambassador_report"
    assert item["event_id"] == made.json()["event_id"]
    assert item["language"] == "bn"
    work = client_for(world["facilitator"]).get(f"/api/ambassadors/{accepted.pk}/activity").json()
    assert work["conversations"][0]["reported"] is True


def test_grant_flow_and_illegal_transition(world: dict[str, Any]) -> None:
    client = client_for(world["member"])
    made = post(
        client,
        "/api/grants",
        {
            "kind": "meetup",
            "title": "Dhaka meetup",
            "country": "BD",
            "amount": "150000",
            "currency": "BDT",
            "budget_lines": [{"label": "Venue", "amount": "150000"}],
        },
    )
    assert made.status_code == 201
    body = made.json()
    assert body["state"] == "draft"
    assert body["allowed"] == ["submitted", "withdrawn"]
    assert body["amount_display"] == "BDT150,000.00"
    pk = body["id"]
    wrong = post(client, f"/api/grants/{pk}/transition", {"to": "paid"})
    assert wrong.status_code == 409
    assert "submitted" in wrong.json()["message"]
    assert post(client, f"/api/grants/{pk}/transition", {"to": "submitted"}).status_code == 200
    assert client_for().get(f"/api/grants/{pk}").status_code == 404
    assert client_for(world["reviewer"]).get(f"/api/grants/{pk}").status_code == 200
    staff = client_for(world["staff"])
    assert post(staff, f"/api/grants/{pk}/transition", {"to": "under_review"}).status_code == 200
    for who in ("reviewer", "reviewer2"):
        reviewed = post(
            client_for(world[who]),
            f"/api/grants/{pk}/reviews",
            {"recommendation": "approve", "scores": {"impact": 4}},
        )
        assert reviewed.status_code == 201
    approved = post(staff, f"/api/grants/{pk}/transition", {"to": "approved", "note": "Funded"})
    assert approved.json()["state"] == "approved"
    assert approved.json()["approvals"] == 2
    public = client_for().get("/api/grants").json()
    assert [g["id"] for g in public["items"]] == [pk]
    assert "Dhaka meetup" in client_for().get("/api/grants/funded.csv").content.decode()
    assert client_for().get("/api/grants/funded.json").json()["items"][0]["currency"] == "BDT"


def test_amount_in_the_reader_s_language(world: dict[str, Any]) -> None:
    proposal = proposal_for(world)
    client = client_for(world["member"])
    shown = client.get(f"/api/grants/{proposal.pk}", HTTP_ACCEPT_LANGUAGE="ja").json()
    assert shown["amount_display"] == "₹12,000.00"
    assert shown["currency_name"] == "インド ルピー"


def test_country_carries_its_grant_constraints(world: dict[str, Any]) -> None:
    services.constraint_set(
        actor=world["staff"],
        country=world["bd"],
        kind="delayed",
        summary="Transfers are slow.",
        what_to_do="Apply early.",
    )
    body = client_for().get("/api/countries/bd").json()
    assert body["grant_constraints"] == [
        {"kind": "delayed", "summary": "Transfers are slow.", "what_to_do": "Apply early."}
    ]
    assert client_for().get("/api/countries/zz").status_code == 404
    proposal = proposal_for(world, country="bd")
    detail = client_for(world["member"]).get(f"/api/grants/{proposal.pk}").json()
    assert detail["grant_constraints"][0]["kind"] == "delayed"


# ----------------------------------------------------------------- the permission matrix

# A blocked person is signed out by the session middleware: they answer as anonymous.
ROLES = ["anonymous", "member", "blocked", "ambassador", "reviewer", "committee_member", "staff"]


def _conversation(world: dict[str, Any], accepted: Any) -> Any:
    return services.conversation_host(
        actor=world["ambassador"],
        ambassador=accepted,
        title="C",
        starts_at=DAY - dt.timedelta(days=1),
        ends_at=DAY - dt.timedelta(hours=20),
    )


def _requested(world: dict[str, Any], accepted: Any) -> Any:
    item = _conversation(world, accepted)
    return services.member_request(
        actor=world["ambassador"], conversation=item, body=world["committee"]
    )


def _applied(world: dict[str, Any]) -> Any:
    return services.ambassador_apply(
        actor=world["reviewer2"], languages=["ta"], activities=["host"], motivation="Tamil"
    )


WRITES: dict[str, Callable[[dict[str, Any], Any, Client], Any]] = {
    "apply": lambda w, a, c: post(
        c,
        "/api/ambassadors/applications",
        {"languages": ["hi"], "activities": ["host"], "motivation": "x"},
    ),
    "decide": lambda w, a, c: post(
        c, f"/api/ambassadors/applications/{_applied(w).pk}/decision", {"accept": True}
    ),
    "facilitator": lambda w, a, c: post(
        c, f"/api/ambassadors/{a.pk}/facilitator", {"facilitator": "staff"}
    ),
    "host": lambda w, a, c: post(
        c,
        f"/api/ambassadors/{a.pk}/conversations",
        {
            "title": "T",
            "starts_at": DAY.isoformat(),
            "ends_at": (DAY + dt.timedelta(hours=1)).isoformat(),
        },
    ),
    "translate": lambda w, a, c: post(
        c, f"/api/ambassadors/{a.pk}/translations", {"chapter": "roles", "language": "bn"}
    ),
    "request": lambda w, a, c: post(
        c, f"/api/conversations/{_conversation(w, a).pk}/request", {"body": "mcdc"}
    ),
    "answer": lambda w, a, c: post(
        c, f"/api/conversations/{_requested(w, a).pk}/request/answer", {"accept": False}
    ),
    "report": lambda w, a, c: post(
        c,
        f"/api/conversations/{_conversation(w, a).pk}/report",
        {"summary": "S", "points": [{"chapter": "roles", "text": "x"}]},
    ),
    "grant_create": lambda w, a, c: post(
        c,
        "/api/grants",
        {"kind": "other", "title": "T", "country": "IN", "amount": "10", "currency": "USD"},
    ),
    "grant_submit": lambda w, a, c: post(
        c, f"/api/grants/{proposal_for(w).pk}/transition", {"to": "submitted"}
    ),
    "grant_open_review": lambda w, a, c: post(
        c, f"/api/grants/{_submitted(w).pk}/transition", {"to": "under_review"}
    ),
    "grant_report_feedback": lambda w, a, c: post(
        c, f"/api/grants/{_reported(w).pk}/report/feedback", {}
    ),
    "constraint_set": lambda w, a, c: post(
        c,
        "/api/countries/BD/grant-constraints",
        {"kind": "delayed", "summary": "Slow.", "what_to_do": "Ask early."},
    ),
    "grant_report": lambda w, a, c: post(
        c, f"/api/grants/{_paid(w).pk}/report", {"summary": "Done", "receipts": "r.pdf"}
    ),
    "grant_review": lambda w, a, c: post(
        c, f"/api/grants/{_under_review(w).pk}/reviews", {"recommendation": "decline"}
    ),
    "withdraw": lambda w, a, c: post(c, f"/api/ambassadors/{a.pk}/withdraw", {}),
    "round_create": lambda w, a, c: post(
        c,
        "/api/rounds",
        {"slug": "r2", "title": "R2", "starts_on": "2031-01-01", "ends_on": "2031-02-01"},
    ),
    "programme_create": lambda w, a, c: post(
        c, "/api/grant-programmes", {"slug": "g2", "title": "G2", "rubric": [{"label": "Impact"}]}
    ),
    "receipt_upload": lambda w, a, c: c.post(
        f"/api/grants/{_reported(w).pk}/report/receipts", {"file": upload()}
    ),
    # reads that need a filed report (with one receipt)
    "receipts": lambda w, a, c: c.get(f"/api/grants/{_reported(w).pk}/report/receipts"),
    "receipt_download": lambda w, a, c: _read(
        c.get(f"/api/receipts/{_reported(w).report.receipt_files.get().pk}")
    ),
}


def _read(response: Any) -> Any:
    """Read a file's answer to the end (the test client then closes the file)."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _paid(world: dict[str, Any]) -> Proposal:
    proposal = _under_review(world)
    for who in ("reviewer", "reviewer2"):
        services.review_save(actor=world[who], proposal=proposal, recommendation="approve")
    for to in ("approved", "agreement", "paid"):
        services.proposal_transition(actor=world["staff"], proposal=proposal, to=to)
    return proposal


def _reported(world: dict[str, Any]) -> Proposal:
    proposal = _paid(world)
    services.grant_report_file(
        actor=world["member"],
        proposal=proposal,
        summary="Done",
        points=[services.PointIn(chapter="roles", text="Meetups need travel support")],
        receipt_files=[upload()],
    )
    return proposal


def test_staff_bring_a_grant_report_s_points_into_the_consultation(world: dict[str, Any]) -> None:
    proposal = _reported(world)
    assert Feedback.objects.count() == 0
    body = post(client_for(world["staff"]), f"/api/grants/{proposal.pk}/report/feedback", {})
    assert body.status_code == 200
    item = Feedback.objects.get()
    assert item.channel == "regional_conversation"
    assert body.json()["points"][0]["feedback_id"] == item.pk


def _submitted(world: dict[str, Any]) -> Proposal:
    proposal = proposal_for(world)
    return services.proposal_transition(actor=world["member"], proposal=proposal, to="submitted")


READS = {
    "ambassadors": "/api/ambassadors",
    "gaps": "/api/ambassadors/gaps",
    "applications": "/api/ambassadors/applications",
    "activity": "/api/ambassadors/{ambassador}/activity",
    "activity_csv": "/api/ambassadors/activity.csv",
    "grants": "/api/grants",
    "grant_draft": "/api/grants/{draft}",
    "grant_reviews": "/api/grants/{review}/reviews",
    "funded_csv": "/api/grants/funded.csv",
    "funded_json": "/api/grants/funded.json",
    "country": "/api/countries/BD",
    "currencies": "/api/currencies",
}


def _call(world: dict[str, Any], accepted: Any, role: str, action: str) -> int:
    client = client_for(None if role == "anonymous" else world[role])
    if action in WRITES:
        return int(WRITES[action](world, accepted, client).status_code)
    url = READS[action].format(
        ambassador=accepted.pk,
        draft=proposal_for(world).pk if "{draft}" in READS[action] else 0,
        review=_under_review(world).pk if "{review}" in READS[action] else 0,
    )
    return int(client.get(url).status_code)


# action -> status per role, in ROLES order
MATRIX = {
    "apply": [401, 201, 401, 409, 201, 201, 201],
    "decide": [401, 403, 401, 403, 403, 403, 200],
    "facilitator": [401, 403, 401, 403, 403, 403, 200],
    "host": [401, 403, 401, 201, 403, 403, 403],
    "translate": [401, 403, 401, 201, 403, 403, 403],
    "request": [401, 403, 401, 200, 403, 403, 403],
    "answer": [401, 403, 401, 403, 403, 200, 200],
    "report": [401, 403, 401, 201, 403, 403, 403],
    "grant_create": [401, 201, 401, 201, 201, 201, 201],
    "grant_submit": [401, 200, 401, 404, 404, 404, 200],
    "grant_open_review": [401, 403, 401, 404, 403, 404, 200],
    "grant_review": [401, 403, 401, 404, 201, 404, 201],
    "grant_report": [401, 201, 401, 403, 403, 403, 403],
    "constraint_set": [401, 403, 401, 403, 403, 403, 200],
    "grant_report_feedback": [401, 403, 401, 403, 403, 403, 200],
    "withdraw": [401, 403, 401, 200, 403, 403, 403],
    "round_create": [401, 403, 401, 403, 403, 403, 201],
    "programme_create": [401, 403, 401, 403, 403, 403, 201],
    "receipt_upload": [401, 201, 401, 404, 403, 404, 403],
    "receipts": [401, 200, 401, 404, 200, 404, 200],
    "receipt_download": [401, 200, 401, 404, 200, 404, 200],
    "ambassadors": [200] * 7,
    "gaps": [200] * 7,
    "applications": [401, 200, 401, 200, 200, 200, 200],
    "activity": [200, 200, 200, 200, 200, 200, 200],
    "activity_csv": [200, 200, 200, 200, 200, 200, 200],
    "grants": [200, 200, 200, 200, 200, 200, 200],
    "grant_draft": [404, 200, 404, 404, 404, 404, 200],
    "grant_reviews": [401, 403, 401, 404, 200, 404, 200],
    "funded_csv": [200, 200, 200, 200, 200, 200, 200],
    "funded_json": [200, 200, 200, 200, 200, 200, 200],
    "country": [200, 200, 200, 200, 200, 200, 200],
    "currencies": [200, 200, 200, 200, 200, 200, 200],
}


# Each operation of the router -> the matrix rows that exercise it.
OPERATIONS = {
    "GET /ambassadors": ["ambassadors"],
    "GET /ambassadors/gaps": ["gaps"],
    "GET /ambassadors/applications": ["applications"],
    "POST /ambassadors/applications": ["apply"],
    "POST /ambassadors/applications/{pk}/decision": ["decide"],
    "POST /ambassadors/{pk}/facilitator": ["facilitator"],
    "GET /ambassadors/{pk}/activity": ["activity"],
    "POST /ambassadors/{pk}/conversations": ["host"],
    "POST /ambassadors/{pk}/translations": ["translate"],
    "POST /conversations/{pk}/request": ["request"],
    "POST /conversations/{pk}/request/answer": ["answer"],
    "POST /conversations/{pk}/report": ["report"],
    "GET /ambassadors/activity.csv": ["activity_csv"],
    "GET /grants": ["grants"],
    "POST /grants": ["grant_create"],
    "GET /grants/funded.csv": ["funded_csv"],
    "GET /grants/funded.json": ["funded_json"],
    "GET /grants/{pk}": ["grant_draft"],
    "POST /grants/{pk}/transition": ["grant_submit", "grant_open_review"],
    "GET /grants/{pk}/reviews": ["grant_reviews"],
    "POST /grants/{pk}/reviews": ["grant_review"],
    "POST /grants/{pk}/report": ["grant_report"],
    "POST /grants/{pk}/report/feedback": ["grant_report_feedback"],
    "GET /countries/{code}": ["country"],
    "GET /currencies": ["currencies"],
    "POST /countries/{code}/grant-constraints": ["constraint_set"],
    "POST /ambassadors/{pk}/withdraw": ["withdraw"],
    "POST /rounds": ["round_create"],
    "POST /grant-programmes": ["programme_create"],
    "GET /grants/{pk}/report/receipts": ["receipts"],
    "POST /grants/{pk}/report/receipts": ["receipt_upload"],
    "GET /receipts/{pk}": ["receipt_download"],
}


def test_every_endpoint_is_in_the_matrix() -> None:
    from convene.programmes.api import router

    operations = {
        f"{method} {path}"
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    assert operations == set(OPERATIONS)
    assert {row for rows in OPERATIONS.values() for row in rows} == set(MATRIX)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(world: dict[str, Any], accepted: Any, action: str, role: str) -> None:
    expected = MATRIX[action][ROLES.index(role)]
    assert _call(world, accepted, role, action) == expected


# ----------------------------------------------------------------- constant query counts


def _make(world: dict[str, Any], n: int) -> None:
    from tests.programmes.conftest import make_person

    for i in range(n):
        person = make_person(f"p{n}-{i}")
        item = services.ambassador_apply(
            actor=person,
            languages=["bn", "hi"],
            regions=["south-asia"],
            communities=["bangla-wikipedia"],
            activities=["host"],
            motivation="m",
        )
        services.ambassador_decide(actor=world["staff"], ambassador=item, accept=True)
        services.facilitator_assign(
            actor=world["staff"], ambassador=item, facilitator=world["facilitator"]
        )
        proposal = proposal_for(world, country="bd")
        services.proposal_transition(actor=world["member"], proposal=proposal, to="submitted")
        services.proposal_transition(actor=world["staff"], proposal=proposal, to="under_review")
        for who in ("reviewer", "reviewer2"):
            services.review_save(actor=world[who], proposal=proposal, recommendation="approve")
        services.proposal_transition(actor=world["staff"], proposal=proposal, to="approved")


LISTS = [
    "/api/ambassadors",
    "/api/ambassadors?language=bn&region=south-asia",
    "/api/ambassadors/applications",
    "/api/ambassadors/activity.csv",
    "/api/grants",
    "/api/grants?state=approved",
    "/api/grants/funded.csv",
    "/api/grants/funded.json",
]


@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow(world: dict[str, Any], url: str) -> None:
    from convene.programmes.models import Ambassador

    def count(n: int) -> int:
        Ambassador.objects.all().delete()
        Proposal.objects.all().delete()
        _make(world, n)
        client = client_for(world["staff"])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    assert count(1) == count(5)


@pytest.mark.parametrize("reader", [None, "member", "reviewer", "staff"])
def test_grants_list_each_proposal_once(world: dict[str, Any], reader: str | None) -> None:
    funded = _under_review(world)
    for who in ("reviewer", "reviewer2"):
        services.review_save(actor=world[who], proposal=funded, recommendation="approve")
    services.proposal_transition(actor=world["staff"], proposal=funded, to="approved")
    reviewing = _under_review(world)

    items = client_for(world[reader] if reader else None).get("/api/grants").json()

    expected = [funded.pk] if reader is None else [reviewing.pk, funded.pk]
    assert (items["count"], [g["id"] for g in items["items"]]) == (len(expected), expected)
