"""The pages, without JavaScript: the flows of the issue, the permission rows of every
state-changing form, constant query counts on the list pages."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from convene.consultations.models import Feedback
from convene.programmes import services
from convene.programmes.models import Ambassador, Proposal
from tests.consultations.test_api import client_for
from tests.programmes.conftest import DAY, proposal_for

pytestmark = pytest.mark.django_db


def test_every_page_answers(world: dict[str, Any], accepted: Any, hosted: Any) -> None:
    proposal = proposal_for(world, country="bd")
    client = client_for(world["member"])
    for url in [
        "/programmes/",
        "/programmes/apply/",
        "/programmes/me/",
        f"/programmes/ambassadors/{accepted.pk}/",
        f"/programmes/conversations/{hosted.pk}/",
        "/programmes/grants/",
        "/programmes/grants/new/",
        "/programmes/grants/new/?country=BD",
        f"/programmes/grants/{proposal.pk}/",
        "/programmes/countries/BD/",
        "/programmes/hubs/sa-hub/grants/",
    ]:
        assert client.get(url).status_code == 200, url
    staff = client_for(world["staff"])
    for url in ["/programmes/me/", f"/programmes/ambassadors/{accepted.pk}/"]:
        assert staff.get(url).status_code == 200
    host = client_for(world["ambassador"])
    for url in [
        f"/programmes/ambassadors/{accepted.pk}/host/",
        f"/programmes/conversations/{hosted.pk}/report/",
        "/programmes/me/",
    ]:
        assert host.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("language", "venue", "total"),
    [("en", "₹5,000.00", "₹12,000.00"), ("fr", "5\u202f000,00\xa0₹", "12\u202f000,00\xa0₹")],
)
def test_grant_page_writes_every_amount_in_the_reader_format(
    world: dict[str, Any], language: str, venue: str, total: str
) -> None:
    proposal = proposal_for(world)
    page = (
        client_for(world["member"])
        .get(f"/programmes/grants/{proposal.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        .content.decode()
    )

    assert f'<span id="amount">{total}</span>' in page
    assert f"<bdi>Venue</bdi>: {venue}</li>" in page


def test_apply_without_affiliation_and_be_accepted(world: dict[str, Any]) -> None:
    client = client_for(world["member"])
    response = client.post(
        "/programmes/apply/",
        {
            "languages": ["hi"],
            "regions": ["south-asia"],
            "activities": ["host", "consult"],
            "motivation": "I speak Hindi",
        },
    )
    assert response.status_code == 302
    item = Ambassador.objects.get(user=world["member"])
    assert "Applied" in client.get("/programmes/me/").content.decode().title()
    staff = client_for(world["staff"])
    done = staff.post(
        f"/programmes/ambassadors/{item.pk}/",
        {"decide": "1", "accept": "yes", "message": "Welcome"},
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == "accepted"
    assert "member" in client_for().get("/programmes/?language=hi").content.decode()


def test_host_report_and_see_feedback(world: dict[str, Any], accepted: Any) -> None:
    client = client_for(world["ambassador"])
    start = DAY - dt.timedelta(days=1)
    made = client.post(
        f"/programmes/ambassadors/{accepted.pk}/host/",
        {
            "title": "Bangla charter talk",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "language": "bn",
            "community": "bangla-wikipedia",
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    page = made["Location"]
    pk = int(page.rstrip("/").split("/")[-1])
    filed = client.post(
        f"/programmes/conversations/{pk}/report/",
        {
            "summary": "We met.",
            "language": "bn",
            "chapter_0": "roles",
            "paragraph_0": "p2",
            "text_0": "Name the groups",
            "community_0": "bangla-wikipedia",
        },
    )
    assert filed.status_code == 302
    item = Feedback.objects.get(channel="ambassador_report")
    assert item.text == "Name the groups"
    assert "became feedback" in client.get(page).content.decode()


def test_constraint_before_applying_and_two_reviewers_approve(world: dict[str, Any]) -> None:
    services.constraint_set(
        actor=world["staff"],
        country=world["bd"],
        kind="delayed",
        summary="Disbursement is delayed by institutional challenges.",
        what_to_do="Apply through a fiscal sponsor.",
    )
    client = client_for(world["member"])
    form = client.get("/programmes/grants/new/?country=BD").content.decode()
    assert "institutional challenges" in form
    made = client.post(
        "/programmes/grants/new/",
        {
            "country": "BD",
            "kind": "meetup",
            "title": "Dhaka meetup",
            "amount": "150000",
            "currency": "BDT",
            "budget": "Venue: 100000\nFood: 50000",
        },
    )
    assert made.status_code == 302
    proposal = Proposal.objects.get(title="Dhaka meetup")
    assert proposal.budget_lines == [
        {"label": "Venue", "amount": "100000.00"},
        {"label": "Food", "amount": "50000.00"},
    ]
    url = f"/programmes/grants/{proposal.pk}/"
    assert "institutional challenges" in client.get(url).content.decode()
    client.post(f"{url}transition", {"to": "submitted"})
    client_for(world["staff"]).post(f"{url}transition", {"to": "under_review"})
    reviewer_page = client_for(world["reviewer"]).get(url).content.decode()
    assert "institutional challenges" in reviewer_page
    for who in ("reviewer", "reviewer2"):
        sent = client_for(world[who]).post(url, {"recommendation": "approve", "score_impact": "4"})
        assert sent.status_code == 302
    client_for(world["staff"]).post(f"{url}transition", {"to": "approved", "note": "Funded"})
    proposal.refresh_from_db()
    assert proposal.state == "approved"
    assert "Funded" in client_for().get(url).content.decode()
    assert (
        "institutional challenges" in client_for().get("/programmes/countries/BD/").content.decode()
    )


# ----------------------------------------------------------------- permissions of the forms

ROLES = ["anonymous", "member", "ambassador", "reviewer", "committee_member", "staff"]


def _applied(world: dict[str, Any]) -> Ambassador:
    return services.ambassador_apply(
        actor=world["reviewer2"], languages=["ta"], activities=["host"], motivation="Tamil"
    )


def _hosted(world: dict[str, Any], accepted: Any) -> Any:
    return services.conversation_host(
        actor=world["ambassador"], ambassador=accepted, title="C",
        starts_at=DAY - dt.timedelta(days=1), ends_at=DAY - dt.timedelta(hours=20),
    )  # fmt: skip


def _reviewing(world: dict[str, Any]) -> Proposal:
    proposal = proposal_for(world)
    services.proposal_transition(actor=world["member"], proposal=proposal, to="submitted")
    return services.proposal_transition(actor=world["staff"], proposal=proposal, to="under_review")


FORM_POSTS: dict[str, Callable[[dict[str, Any], Any, Client], Any]] = {
    "apply": lambda w, a, c: c.post(
        "/programmes/apply/", {"languages": ["ta"], "activities": ["host"], "motivation": "m"}
    ),
    "decide": lambda w, a, c: c.post(
        f"/programmes/ambassadors/{_applied(w).pk}/", {"decide": "1", "accept": "no"}
    ),
    "host": lambda w, a, c: c.post(f"/programmes/ambassadors/{a.pk}/host/", {"title": ""}),
    "report": lambda w, a, c: c.post(
        f"/programmes/conversations/{_hosted(w, a).pk}/report/", {"summary": ""}
    ),
    "translate": lambda w, a, c: c.post(
        f"/programmes/ambassadors/{a.pk}/", {"translate": "1", "chapter": "roles", "language": "bn"}
    ),
    "constraint": lambda w, a, c: c.post(
        "/programmes/countries/BD/",
        {"kind": "delayed", "summary": "Slow.", "what_to_do": "Ask early."},
    ),
    "propose": lambda w, a, c: c.post("/programmes/grants/new/", {"country": "IN"}),
    "submit": lambda w, a, c: c.post(
        f"/programmes/grants/{proposal_for(w).pk}/transition", {"to": "submitted"}
    ),
    "review": lambda w, a, c: c.post(
        f"/programmes/grants/{_reviewing(w).pk}/", {"recommendation": "decline"}
    ),
}


def _form_call(world: dict[str, Any], accepted: Any, role: str, form: str) -> int:
    client = client_for(None if role == "anonymous" else world[role])
    return int(FORM_POSTS[form](world, accepted, client).status_code)


# form -> status per role (302: done; 400: refused on the form: empty fields, or the
# ambassador's second application; anonymous POSTs are answered 401 by RefusalMiddleware)
FORMS = {
    "apply": [401, 302, 400, 302, 302, 302],
    "decide": [404, 404, 404, 404, 404, 302],  # an undecided application is private
    "host": [401, 403, 400, 403, 403, 403],
    "report": [401, 403, 400, 403, 403, 403],
    "translate": [401, 403, 302, 403, 403, 403],
    "constraint": [401, 403, 403, 403, 403, 302],
    "propose": [401, 400, 400, 400, 400, 400],
    "submit": [401, 302, 404, 404, 404, 302],
    "review": [404, 403, 404, 302, 404, 302],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("form", list(FORMS))
def test_form_permissions(world: dict[str, Any], accepted: Any, form: str, role: str) -> None:
    assert _form_call(world, accepted, role, form) == FORMS[form][ROLES.index(role)]


# ----------------------------------------------------------------- constant query counts


def _make(world: dict[str, Any], n: int) -> None:
    from tests.programmes.conftest import make_person

    Ambassador.objects.all().delete()
    Proposal.objects.all().delete()
    for i in range(n):
        item = services.ambassador_apply(
            actor=make_person(f"v{n}-{i}"),
            languages=["bn"],
            regions=["south-asia"],
            activities=["host"],
            motivation="m",
        )
        services.ambassador_decide(actor=world["staff"], ambassador=item, accept=True)
        services.facilitator_assign(
            actor=world["staff"], ambassador=item, facilitator=world["staff"]
        )
        proposal = proposal_for(world, by="staff")
        services.proposal_transition(actor=world["staff"], proposal=proposal, to="submitted")


@pytest.mark.parametrize(
    "url", ["/programmes/", "/programmes/grants/", "/programmes/me/", "/programmes/countries/IN/"]
)
def test_list_pages_do_not_grow(world: dict[str, Any], url: str) -> None:
    def count(n: int) -> int:
        _make(world, n)
        client = client_for(world["staff"])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(1) == count(5)


def test_take_a_translation_from_the_ambassador_page(world: dict[str, Any], accepted: Any) -> None:
    client = client_for(world["ambassador"])
    url = f"/programmes/ambassadors/{accepted.pk}/"
    body = {"translate": "1", "chapter": "roles", "language": "bn"}
    assert client.post(url, body).status_code == 302
    again = client.post(url, body)
    assert again.status_code == 400
    assert "already translates" in again.content.decode()
    assert accepted.assignments.get().version == world["version"]


def test_staff_bring_a_grant_report_s_points_in_from_its_page(world: dict[str, Any]) -> None:
    from tests.programmes.test_api import _reported

    proposal = _reported(world)
    url = f"/programmes/grants/{proposal.pk}/"
    assert "Bring the points" in client_for(world["staff"]).get(url).content.decode()
    assert client_for(world["member"]).post(f"{url}report/feedback").status_code == 403
    assert client_for(world["staff"]).post(f"{url}report/feedback").status_code == 302
    assert "became feedback" in client_for().get(url).content.decode()
