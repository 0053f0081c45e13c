"""The directory API: lists, detail, coverage, who-serves; unknown codes answer 400."""

import pytest

from convene.directory.services import OrganisationInput, hub_set_role, organisation_propose
from tests.directory.conftest import make_community, make_org

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def hubs(staff):
    community = make_community(staff, "Swahili Wikipedia", ["sw"], ["KE"])
    group = make_org(staff, "Kenya user group", countries=["KE"])
    hub = make_org(
        staff, "Swahili hub", kind="hub", scope_type="linguistic", languages=["sw"],
        communities=[community.pk], member_organisations=[group.pk], stage="planning",
        has_legal_entity=True, legal_jurisdiction="KE",
    )  # fmt: skip
    hub_set_role(actor=staff, organisation=hub, role="grantmaking", status="active")
    make_org(staff, "Advocacy hub", kind="hub", scope_type="thematic", theme="advocacy")
    return hub


def test_api_organisations_lists_with_pagination(client, hubs):
    response = client.get("/api/organisations", {"limit": 2})

    body = response.json()
    assert response.status_code == 200
    assert (body["count"], [i["slug"] for i in body["items"]]) == (
        3,
        ["advocacy-hub", "kenya-user-group"],
    )
    assert body["next"] == "http://testserver/api/organisations?limit=2&offset=2"


def test_api_hubs_filters_by_language_and_role(client, hubs):
    response = client.get("/api/hubs", {"language": "sw", "role": "grantmaking"})

    items = response.json()["items"]
    assert [(i["slug"], i["stage"], i["roles"]) for i in items] == [
        (
            "swahili-hub",
            "planning",
            [
                {
                    "role": "grantmaking",
                    "label": "resource allocation (grantmaking)",
                    "other": "",
                    "status": "active",
                }
            ],
        )
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"language": "not-a-language"}, "language"),
        ({"region": "atlantis"}, "region"),
        ({"kind": "club"}, "kind"),
        ({"stage": "finished"}, "stage"),
        ({"role": "cooking"}, "role"),
        ({"legal": "perhaps"}, "legal"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
    ],
)
def test_api_organisations_invalid_filter_is_400_naming_the_field(client, db, params, field):
    response = client.get("/api/organisations", params)

    assert (response.status_code, response.json()["field"]) == (400, field)


def test_api_organisation_detail(client, hubs):
    response = client.get("/api/organisations/swahili-hub")

    body = response.json()
    assert response.status_code == 200
    assert body["member_organisations"] == ["kenya-user-group"]
    assert body["communities"] == [
        {
            "slug": "swahili-wikipedia",
            "name": "Swahili Wikipedia",
            "kind": "language",
            "projects": [],
            "languages": ["sw"],
            "countries": ["KE"],
        }
    ]
    assert [(s["from_stage"], s["to_stage"]) for s in body["stage_history"]] == [("", "planning")]
    assert (body["legal_jurisdiction"], body["recognition"]) == ("KE", None)


def test_api_organisation_detail_hides_proposals_from_others(client, person):
    organisation_propose(
        actor=person, data=OrganisationInput(name="My group", kind="non_affiliated_group")
    )

    anonymous = client.get("/api/organisations/my-group")
    client.force_login(person)
    proposer = client.get("/api/organisations/my-group")

    assert (anonymous.status_code, proposer.status_code) == (404, 200)
    assert proposer.json()["status"] == "proposed"


def test_api_coverage_by_region(client, hubs):
    response = client.get("/api/coverage", {"by": "region"})

    body = response.json()
    rows = {r["key"]: r for r in body["items"]}
    assert body["count"] == 8
    assert "south-asia" in body["without_hub_discussion"]
    assert (rows["ssa"]["affiliates"], rows["ssa"]["communities_without_hub"]) == (1, 0)


def test_api_coverage_refuses_an_unknown_grouping(client, db):
    response = client.get("/api/coverage", {"by": "planet"})

    assert (response.status_code, response.json()["field"]) == (400, "by")


def test_api_who_serves_a_language(client, hubs):
    response = client.get("/api/who-serves", {"language": "sw"})

    body = response.json()
    assert [h["slug"] for h in body["hubs"]] == ["swahili-hub"]
    assert body["language_name"] == "Swahili"
    assert {c["code"] for c in body["official_in"]} >= {"KE", "TZ", "UG"}
    grantmaking = next(r for r in body["roles"] if r["role"] == "grantmaking")
    assert grantmaking["filled_by"] == [{"slug": "swahili-hub", "status": "active"}]


@pytest.mark.parametrize(
    ("params", "field"),
    [({}, "country"), ({"country": "ZZ"}, "country"), ({"language": "zz-Qq"}, "language")],
)
def test_api_who_serves_unknown_codes_are_400(client, db, params, field):
    response = client.get("/api/who-serves", params)

    assert (response.status_code, response.json()["field"]) == (400, field)
