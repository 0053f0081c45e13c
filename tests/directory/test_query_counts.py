"""The directory, hub page, "who serves me" and coverage issue as many queries for five
items as for one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convene.directory.services import hub_change_stage, hub_set_role, membership_add
from tests.directory.conftest import make_community, make_org
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("reference")

ROLES = ["legal_support", "capacity_building", "coordination", "technology", "mentorship"]


def build(staff, n: int):
    """n more hubs (names repeat, slugs stay unique), each with n roles, communities,
    member organisations and people."""
    hubs = []
    for i in range(n):
        communities = [
            make_community(staff, f"Community {i}-{j}", ["sw", "bn"][j % 2 :][:1], ["KE", "IN"])
            for j in range(max(n, 2))
        ]
        members = [make_org(staff, f"Group {i}-{j}", countries=["KE"]) for j in range(n)]
        hub = make_org(
            staff, f"Hub {i}", kind="hub", scope_type="regional", regions=["ssa"],
            countries=["KE", "TZ"], languages=["sw"], stage="planning",
            communities=[c.pk for c in communities], member_organisations=[m.pk for m in members],
        )  # fmt: skip
        hub_change_stage(actor=staff, organisation=hub, stage="pilot")
        for role in ROLES[:n]:
            hub_set_role(actor=staff, organisation=hub, role=role, status="active")
        for j in range(n):
            membership_add(
                actor=staff, organisation=hub, user=UserFactory(username=f"p{i}-{j}"), role="member"
            )
        hubs.append(hub)
    return hubs


def count(client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("directory:index", {}),
    (
        "directory:index",
        {"kind": "hub", "country": "KE", "language": "sw", "role": "legal_support"},
    ),
    ("directory:who_serves", {"country": "KE", "language": "sw"}),
    ("directory:coverage", {"by": "region"}),
    ("directory:coverage", {"by": "language"}),
    ("directory:coverage_csv", {"by": "region"}),
    ("directory:timeline", {}),
]


@pytest.mark.parametrize(("name", "params"), PAGES)
def test_page_queries_do_not_grow_with_items(client, staff, name, params):
    build(staff, 1)
    one = count(client, reverse(name), params)
    build(staff, 5)
    five = count(client, reverse(name), params)

    assert five == one


@pytest.mark.parametrize("n", [1, 5])
def test_hub_page_queries_do_not_grow_with_items(client, staff, django_assert_num_queries, n):
    hub = build(staff, n)[0]
    url = reverse("directory:organisation", args=[hub.slug])

    # The directory's own, 1 for the grants that fund the hub (programmes' panel) and 1
    # for its resources (events' panel; none here).
    with django_assert_num_queries(16 + 1 + 1):
        response = client.get(url)

    assert response.status_code == 200


API = [
    ("/api/organisations", {}),
    ("/api/hubs", {"language": "sw"}),
    ("/api/who-serves", {"country": "KE"}),
    ("/api/coverage", {"by": "language"}),
]


@pytest.mark.parametrize(("url", "params"), API)
def test_api_queries_do_not_grow_with_items(client, staff, url, params):
    build(staff, 1)
    one = count(client, url, params)
    build(staff, 5)
    five = count(client, url, params)

    assert five == one


def test_api_organisation_detail_queries_do_not_grow(client, staff):
    small = build(staff, 1)[0]
    one = count(client, f"/api/organisations/{small.slug}")
    big = build(staff, 5)[0]
    five = count(client, f"/api/organisations/{big.slug}")

    assert five == one


def test_hub_page_for_a_reader_is_served_from_the_fragment_cache(
    client, staff, django_assert_num_queries
):
    hub = build(staff, 2)[0]
    url = reverse("directory:organisation", args=[hub.slug])
    client.get(url)

    # The directory version (the organisation's head is cached under it too), and the
    # grants that fund the hub (programmes' panel) and its resources (events' panel),
    # outside the cached fragment.
    with django_assert_num_queries(1 + 1 + 1):
        response = client.get(url)

    assert "Hub 0" in response.content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_stage_change_queries_do_not_grow_with_items(client, staff, django_assert_num_queries, n):
    hub = build(staff, n)[0]
    client.force_login(staff)
    url = reverse("directory:stage_change", args=[hub.slug])

    with django_assert_num_queries(15):  # the page's prefetches are not loaded for a redirect
        response = client.post(url, {"stage": "planning", "changed_on": "2024-05-01"})

    assert response.status_code == 302
