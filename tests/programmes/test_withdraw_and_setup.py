"""An ambassador withdraws (browser and API, with a confirmation; they leave the
directory, their facilitator is told, they may apply again); staff create and change
rounds and grant programmes from the browser (field errors keep what was typed)."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.people.models import Notice
from convene.programmes import services
from convene.programmes.models import Ambassador, GrantProgramme, Round
from tests.consultations.test_api import client_for, post
from tests.programmes.conftest import proposal_for

pytestmark = pytest.mark.django_db


def test_withdraw_needs_the_confirmation_and_leaves_the_directory(
    world: dict[str, Any], accepted: Any
) -> None:
    client = client_for(world["ambassador"])
    url = f"/programmes/ambassadors/{accepted.pk}/withdraw/"
    assert "Withdraw" in client.get(f"/programmes/ambassadors/{accepted.pk}/").content.decode()
    unconfirmed = client.post(url, {"message": "Exams"})
    assert unconfirmed.status_code == 400
    assert unconfirmed.context["form"]["message"].value() == "Exams"
    assert client.post(url, {"confirm": "on", "message": "Exams"}).status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == "withdrawn"
    assert "No ambassador yet." in client_for().get("/programmes/").content.decode()
    assert client_for().get(f"/programmes/ambassadors/{accepted.pk}/").status_code == 404
    notice = Notice.objects.get(
        recipient=world["facilitator"], kind="programmes_ambassador_withdrew"
    )
    assert "Exams" in notice.text
    assert not world["round"].series.organisers_people.filter(pk=world["ambassador"].pk).exists()
    assert not world["charter"].recorders.filter(pk=world["ambassador"].pk).exists()


def test_withdrawn_ambassador_may_apply_again(world: dict[str, Any], accepted: Any) -> None:
    services.ambassador_withdraw(actor=world["ambassador"], ambassador=accepted)
    again = services.ambassador_apply(
        actor=world["ambassador"], languages=["ta"], activities=["consult"], motivation="Back"
    )
    assert (again.pk, again.status, again.decided_by) == (accepted.pk, "applied", None)
    assert [lang.code for lang in again.languages.all()] == ["ta"]


def test_an_undecided_application_withdrawn_tells_staff(world: dict[str, Any]) -> None:
    item = services.ambassador_apply(
        actor=world["member"], languages=["bn"], activities=["host"], motivation="m"
    )
    services.ambassador_withdraw(actor=world["member"], ambassador=item)
    told = Notice.objects.filter(kind="programmes_ambassador_withdrew")
    assert sorted(n.recipient.username for n in told) == ["facilitator", "staff"]


def test_withdraw_drops_open_translations(world: dict[str, Any], accepted: Any) -> None:
    taken = services.translation_take(
        actor=world["ambassador"], ambassador=accepted, version=world["version"], language="bn"
    )
    services.ambassador_withdraw(actor=world["ambassador"], ambassador=accepted)
    taken.refresh_from_db()
    assert taken.status == "dropped"


def test_withdraw_through_the_api(world: dict[str, Any], accepted: Any) -> None:
    url = f"/api/ambassadors/{accepted.pk}/withdraw"
    assert post(client_for(world["staff"]), url, {}).status_code == 403
    done = post(client_for(world["ambassador"]), url, {"message": "Busy"})
    assert (done.status_code, done.json()["status"]) == (200, "withdrawn")
    assert post(client_for(world["ambassador"]), url, {}).status_code == 409
    assert client_for().get("/api/ambassadors").json()["count"] == 0


# ----------------------------------------------------------------- staff set-up

ROUND = {
    "slug": "ambassadors-2031",
    "title": "Ambassadors 2031",
    "starts_on": "2031-01-01",
    "ends_on": "2031-06-30",
    "conversations_required": "2",
    "reports_required": "on",
    "report_due_days": "10",
}


def test_staff_create_a_round_with_its_series_and_charter(world: dict[str, Any]) -> None:
    client = client_for(world["staff"])
    assert client.post("/programmes/rounds/new/", ROUND).status_code == 302
    made = Round.objects.get(slug="ambassadors-2031")
    assert (made.conversations_required, made.report_due_days) == (2, 10)
    assert made.series is not None
    assert made.series.title == "Ambassadors 2031"
    assert made.charter == world["charter"]
    assert "Ambassadors 2031" in client.get("/programmes/setup/").content.decode()


def test_round_form_errors_keep_what_was_typed(world: dict[str, Any]) -> None:
    client = client_for(world["staff"])
    bad = client.post("/programmes/rounds/new/", {**ROUND, "ends_on": "2030-01-01"})
    assert bad.status_code == 400
    form = bad.context["form"]
    assert form.errors["ends_on"] == ["The round ends before it starts."]
    assert form["title"].value() == "Ambassadors 2031"
    taken = client.post("/programmes/rounds/new/", {**ROUND, "slug": "round-1"})
    assert "There is already a round" in taken.context["form"].errors["slug"][0]


def test_staff_change_a_round(world: dict[str, Any]) -> None:
    client = client_for(world["staff"])
    url = "/programmes/rounds/round-1/edit/"
    assert client.get(url).context["form"]["title"].value() == "Ambassadors 2030"
    body = {k: v for k, v in ROUND.items() if k != "slug"} | {"title": "Renamed"}
    assert client.post(url, body).status_code == 302
    world["round"].refresh_from_db()
    assert (world["round"].title, world["round"].slug) == ("Renamed", "round-1")


PROGRAMME = {
    "slug": "meetup-grants",
    "title": "Meetup grants",
    "rubric": "Impact\nfeasibility: Can it be done?",
    "threshold": "3",
    "currencies": ["INR", "BDT"],
    "kinds": ["meetup", "event"],
    "reviewers": "reviewer, reviewer2",
    "report_due_days": "45",
}


def test_staff_create_a_grant_programme_that_limits_proposals(world: dict[str, Any]) -> None:
    client = client_for(world["staff"])
    assert client.post("/programmes/grant-programmes/new/", PROGRAMME).status_code == 302
    made = GrantProgramme.objects.get(slug="meetup-grants")
    assert made.rubric == [
        {"key": "impact", "label": "Impact"},
        {"key": "feasibility", "label": "Can it be done?"},
    ]
    assert (made.threshold, made.currencies, made.kinds) == (3, ["BDT", "INR"], ["meetup", "event"])
    assert sorted(u.username for u in made.reviewers.all()) == ["reviewer", "reviewer2"]
    assert proposal_for(world).programme == made  # an INR meetup: the new programme takes it
    form = client_for(world["member"]).get("/programmes/grants/new/?country=IN").context["form"]
    assert [code for code, _name in form.fields["currency"].choices] == ["BDT", "INR"]
    refused = client_for(world["member"]).post(
        "/programmes/grants/new/",
        {"country": "IN", "kind": "meetup", "title": "T", "amount": "5", "currency": "USD"},
    )
    assert refused.status_code == 400
    assert refused.context["form"]["title"].value() == "T"


def test_a_programme_refuses_other_currencies_and_kinds(world: dict[str, Any]) -> None:
    from convene.core.errors import Invalid

    programme = services.grant_programme_create(
        actor=world["staff"], slug="inr", title="INR only", rubric=[{"label": "Impact"}],
        currencies=["INR"], kinds=["meetup"],
    )  # fmt: skip
    with pytest.raises(Invalid) as refused:
        services.proposal_create(
            actor=world["member"], kind="event", title="T", country=world["in"], amount="5",
            currency="USD", programme=programme,
        )  # fmt: skip
    assert sorted(e.field for e in refused.value.errors) == ["currency", "kind"]


def test_programme_form_errors_name_their_fields(world: dict[str, Any]) -> None:
    client = client_for(world["staff"])
    bad = client.post(
        "/programmes/grant-programmes/new/", {**PROGRAMME, "reviewers": "reviewer nobody"}
    )
    assert bad.status_code == 400
    assert bad.context["form"].errors["reviewers"] == ["No such people: nobody."]
    assert bad.context["form"]["rubric"].value() == PROGRAMME["rubric"]
    empty = client.post("/programmes/grant-programmes/new/", {**PROGRAMME, "rubric": " "})
    assert "rubric" in empty.context["form"].errors


def test_staff_change_a_grant_programme(world: dict[str, Any]) -> None:
    client = client_for(world["staff"])
    url = "/programmes/grant-programmes/small-grants/edit/"
    form = client.get(url).context["form"]
    assert form["rubric"].value() == "impact: Impact\nbudget: Budget"
    body = {k: v for k, v in PROGRAMME.items() if k != "slug"} | {"threshold": "1"}
    assert client.post(url, body).status_code == 302
    world["grants"].refresh_from_db()
    assert world["grants"].threshold == 1


@pytest.mark.parametrize(
    "url",
    ["/programmes/setup/", "/programmes/rounds/new/", "/programmes/grant-programmes/new/"],
)
def test_setup_pages_are_staff_only(world: dict[str, Any], url: str) -> None:
    assert client_for().get(url).status_code == 302  # to the sign-in page
    assert client_for(world["member"]).get(url).status_code == 403
    if url != "/programmes/setup/":  # the list takes no POST
        assert client_for(world["member"]).post(url, {}).status_code == 403
    assert client_for(world["staff"]).get(url).status_code == 200


def test_setup_page_queries_do_not_grow(world: dict[str, Any]) -> None:
    import datetime as dt

    def count(n: int) -> int:
        Round.objects.all().delete()
        GrantProgramme.objects.all().delete()
        for i in range(n):
            services.round_create(
                actor=world["staff"], slug=f"r{n}-{i}", title=f"R {i}",
                starts_on=dt.date(2031, 1, 1), ends_on=dt.date(2031, 2, 1),
            )  # fmt: skip
            services.grant_programme_create(
                actor=world["staff"], slug=f"g{n}-{i}", title=f"G {i}",
                rubric=[{"label": "Impact"}], reviewers=[world["reviewer"]],
            )  # fmt: skip
        client = client_for(world["staff"])
        client.get("/programmes/setup/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/programmes/setup/").status_code == 200
        return len(queries)

    assert count(1) == count(5)
    assert Ambassador.objects.count() == 0


def test_the_front_page_shows_the_first_ambassadors_and_says_so(
    world: dict[str, Any], accepted: Any, monkeypatch: Any
) -> None:
    from convene.programmes.views import ambassadors as views

    other = services.ambassador_apply(
        actor=world["member"], languages=["bn"], activities=["host"], motivation="m"
    )
    services.ambassador_decide(actor=world["staff"], ambassador=other, accept=True)
    monkeypatch.setattr(views, "DIRECTORY_PAGE", 1)
    page = client_for().get("/programmes/").content.decode()
    assert "The first 1 of 2 ambassadors" in page
    assert (
        "The first"
        not in client_for().get("/programmes/?language=bn&region=south-asia").content.decode()
    )


def test_staff_open_a_round_and_a_grant_programme_through_the_api(world: dict[str, Any]) -> None:
    staff = client_for(world["staff"])
    round_body = {
        "slug": "ambassadors-2031", "title": "Ambassadors 2031", "starts_on": "2031-01-01",
        "ends_on": "2031-06-30", "conversations_required": 2, "charter": "charter",
    }  # fmt: skip
    made = post(staff, "/api/rounds", round_body)
    assert made.status_code == 201, made.json()
    assert (made.json()["charter"], made.json()["conversations_required"]) == ("charter", 2)
    assert made.json()["series_id"] == Round.objects.get(slug="ambassadors-2031").series_id
    again = post(staff, "/api/rounds", round_body)
    assert (again.status_code, again.json()["field"]) == (409, "slug")
    body = {
        "slug": "meetup-grants", "title": "Meetup grants", "rubric": [{"label": "Impact"}],
        "threshold": 2, "currencies": ["inr"], "kinds": ["meetup"], "reviewers": ["reviewer"],
    }  # fmt: skip
    grants = post(staff, "/api/grant-programmes", body)
    assert grants.status_code == 201, grants.json()
    assert (grants.json()["currencies"], grants.json()["rubric"]) == (
        ["INR"],
        [{"key": "impact", "label": "Impact"}],
    )
    bad = post(staff, "/api/grant-programmes", {**body, "slug": "x2", "currencies": ["XXZ"]})
    assert (bad.status_code, bad.json()["field"]) == (400, "currencies")
    refused = post(client_for(world["member"]), "/api/grant-programmes", {**body, "slug": "m"})
    assert refused.status_code == 403
