"""The front page and the grants list, whose content is cached (views/ambassadors.py,
views/grants.py): a change through the services shows at once on the next visit, each
reader sees the grants they may see (anonymous, applicant, reviewer, staff) after another
reader's visit cached the list, and the query counts stay flat, cold and warm."""

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.directory.services import OrganisationInput, organisation_update
from convene.programmes import services
from convene.programmes.models import Ambassador, Proposal
from tests.consultations.test_api import client_for
from tests.programmes.conftest import make_person, proposal_for

pytestmark = pytest.mark.django_db


def _directory(html: str) -> list[str]:
    """The names in the ambassadors' directory of the front page."""
    found = re.search(r'<ul id="ambassadors">(.*?)</ul>', html, re.S)
    return re.findall(r'<li><a href="[^"]+">([^<]*)</a>', found.group(1)) if found else []


def _funded(html: str) -> list[str]:
    section = html.split('<h2 id="funded-h">', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li><a href="[^"]+">([^<]*)</a> · ([^<]*)</li>', section)


def _grants(html: str) -> list[tuple[str, str]]:
    """(title, state) of each line of the grants list."""
    return re.findall(r'<tr><td><a href="[^"]+">([^<]*)</a></td>.*?<td>([^<]*)</td></tr>', html)


def _fund(world: dict[str, Any], proposal: Any) -> None:
    staff = world["staff"]
    services.proposal_transition(actor=proposal.applicant, proposal=proposal, to="submitted")
    services.proposal_transition(actor=staff, proposal=proposal, to="under_review")
    for who in ("reviewer", "reviewer2"):
        services.review_save(actor=world[who], proposal=proposal, recommendation="approve")
    services.proposal_transition(actor=staff, proposal=proposal, to="approved")


def _apply(world: dict[str, Any], username: str) -> Any:
    return services.ambassador_apply(
        actor=make_person(username), languages=["hi"], regions=["south-asia"],
        activities=["host"], motivation="m",
    )  # fmt: skip


def test_index_shows_an_accepted_ambassador_at_once(world: dict[str, Any], accepted: Any) -> None:
    client = client_for()
    before = _directory(client.get("/programmes/").content.decode())
    applied = _apply(world, "newcomer")
    services.ambassador_decide(actor=world["staff"], ambassador=applied, accept=True)

    after = client.get("/programmes/").content.decode()

    assert (before, _directory(after)) == (["ambassador"], ["ambassador", "newcomer"])
    assert 'id="gaps">Tamil</p>' in after  # Hindi is covered now; Tamil still is not


def test_index_drops_a_withdrawn_ambassador_at_once(world: dict[str, Any], accepted: Any) -> None:
    client = client_for()
    before = _directory(client.get("/programmes/?language=bn").content.decode())
    services.ambassador_withdraw(actor=world["ambassador"], ambassador=accepted)

    after = client.get("/programmes/?language=bn").content.decode()

    assert (before, _directory(after)) == (["ambassador"], [])
    assert '<option value="bn"' not in after  # no ambassador covers Bangla any more


def test_index_shows_a_changed_round_at_once(world: dict[str, Any]) -> None:
    client = client_for()
    client.get("/programmes/")
    programme_round = world["round"]
    services.round_update(
        actor=world["staff"], round=programme_round, title="Ambassadors 2031",
        starts_on=programme_round.starts_on, ends_on=programme_round.ends_on,
    )  # fmt: skip

    html = client.get("/programmes/").content.decode()

    assert '<h2 id="round-h">Ambassadors 2031</h2>' in html


def test_index_shows_a_funded_grant_and_its_renamed_hub_at_once(world: dict[str, Any]) -> None:
    client = client_for()
    proposal = services.proposal_create(
        actor=world["member"], kind="meetup", title="Hub pilot", country=world["in"],
        amount="100", currency="INR", hub=world["hub"],
    )  # fmt: skip
    before = _funded(client.get("/programmes/").content.decode())
    _fund(world, proposal)
    funded = _funded(client.get("/programmes/").content.decode())
    organisation_update(
        actor=world["staff"], organisation=world["hub"],
        data=OrganisationInput(
            name="Hub of South Asia", kind="hub", scope_type="thematic", theme="Strategy"
        ),
    )  # fmt: skip
    renamed = _funded(client.get("/programmes/").content.decode())

    assert (before, funded, renamed) == (
        [],
        [("Hub pilot", "approved · South Asia Hub")],
        [("Hub pilot", "approved · Hub of South Asia")],
    )


def test_index_filter_values_no_choice_has_find_no_one(
    world: dict[str, Any], accepted: Any
) -> None:
    client = client_for()
    pages = [
        client.get(url).content.decode()
        for url in [
            "/programmes/?language=zz",
            "/programmes/?region=nowhere",
            "/programmes/?language=ta",
        ]
    ]

    assert [_directory(page) for page in pages] == [[], [], []]
    assert ["No ambassador yet." in page for page in pages] == [True, True, True]
    assert [" selected>" in page for page in pages] == [False, False, False]


def test_index_cached_per_reader_language(world: dict[str, Any], accepted: Any) -> None:
    client = client_for()
    english = client.get("/programmes/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get("/programmes/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<html lang="en"' in english
    assert "Ambassadors and small grants" in english
    assert "Ambassadors and small grants" not in french


def test_grants_each_reader_sees_their_own_after_another_cached_it(world: dict[str, Any]) -> None:
    _fund(world, proposal_for(world, by="committee_member"))
    draft = proposal_for(world, by="member")
    services.proposal_transition(actor=world["member"], proposal=draft, to="submitted")
    readers = ["anonymous", "member", "reviewer2", "staff", "blocked", "ambassador"]
    seen = {}
    for _round in range(2):  # the second time, every list comes from the cache
        for who in readers:
            client = client_for(None if who == "anonymous" else world[who])
            seen[who] = _grants(client.get("/programmes/grants/").content.decode())

    public = [("South Asia strategy meetup", "approved")]
    both = [("South Asia strategy meetup", "submitted"), ("South Asia strategy meetup", "approved")]
    assert seen == {
        "anonymous": public,
        "member": both,  # their own submitted proposal
        "reviewer2": both,  # reviewers see it once submitted
        "staff": both,
        "blocked": public,
        "ambassador": public,
    }


def test_grants_show_a_change_through_the_services_at_once(world: dict[str, Any]) -> None:
    clients = [client_for(), client_for(world["member"]), client_for(world["reviewer"])]

    def lists() -> list[list[tuple[str, str]]]:
        return [_grants(c.get("/programmes/grants/").content.decode()) for c in clients]

    lists()
    proposal = proposal_for(world, by="member")
    created = lists()
    services.proposal_transition(actor=world["member"], proposal=proposal, to="submitted")
    submitted = lists()
    services.proposal_transition(actor=world["staff"], proposal=proposal, to="under_review")
    under_review = lists()
    services.review_save(actor=world["reviewer"], proposal=proposal, recommendation="conflict")
    conflicted = lists()

    title = "South Asia strategy meetup"
    assert created == [[], [(title, "draft")], []]
    assert submitted == [[], [(title, "submitted")], [(title, "submitted")]]
    assert under_review == [[], [(title, "under review")], [(title, "under review")]]
    assert conflicted == [[], [(title, "under review")], []]


def test_grants_a_new_reviewer_sees_what_they_review_at_once(world: dict[str, Any]) -> None:
    proposal = proposal_for(world, by="member")
    services.proposal_transition(actor=world["member"], proposal=proposal, to="submitted")
    newcomer = make_person("newcomer")
    client = client_for(newcomer)
    before = _grants(client.get("/programmes/grants/").content.decode())
    programme = world["grants"]
    services.grant_programme_update(
        actor=world["staff"], programme=programme, title=programme.title,
        rubric=programme.rubric, threshold=programme.threshold,
        reviewers=[world["reviewer"], world["reviewer2"], newcomer],
    )  # fmt: skip

    after = _grants(client.get("/programmes/grants/").content.decode())

    assert (before, after) == ([], [("South Asia strategy meetup", "submitted")])


@pytest.mark.parametrize(
    ("language", "amount"), [("en", "₹12,000.00"), ("fr", "12\u202f000,00\xa0₹")]
)
def test_grants_cached_per_reader_language(
    world: dict[str, Any], language: str, amount: str
) -> None:
    _fund(world, proposal_for(world))
    client_for().get("/programmes/grants/", HTTP_ACCEPT_LANGUAGE="ja")

    html = client_for().get("/programmes/grants/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f"<td>{amount}</td>" in html


def _make(world: dict[str, Any], n: int) -> None:
    Ambassador.objects.all().delete()
    Proposal.objects.all().delete()
    hindi = services.ambassador_apply(
        actor=world["member"], languages=["hi"], regions=["south-asia"], activities=["host"],
        motivation="m",
    )  # fmt: skip
    services.ambassador_decide(actor=world["staff"], ambassador=hindi, accept=True)
    for i in range(n):
        item = _apply(world, f"c{n}-{i}")
        services.ambassador_decide(actor=world["staff"], ambassador=item, accept=True)
        funded = proposal_for(world, by="member")
        services.proposal_transition(actor=world["member"], proposal=funded, to="submitted")
        services.proposal_transition(actor=world["staff"], proposal=funded, to="under_review")
        for who in ("reviewer", "reviewer2"):
            services.review_save(actor=world[who], proposal=funded, recommendation="approve")
        services.proposal_transition(actor=world["staff"], proposal=funded, to="approved")


@pytest.mark.parametrize("reader", ["anonymous", "member", "staff"])
@pytest.mark.parametrize(
    "url", ["/programmes/", "/programmes/?language=hi&region=south-asia", "/programmes/grants/"]
)
@pytest.mark.parametrize("cold", [True, False])
def test_cached_pages_queries_do_not_grow(
    world: dict[str, Any], url: str, reader: str, cold: bool
) -> None:
    def count(n: int) -> int:
        _make(world, n)
        client = client_for(None if reader == "anonymous" else world[reader])
        client.get(url)
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(1) == count(5)
