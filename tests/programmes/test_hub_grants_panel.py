"""The grants that fund a hub, on the hub's directory page (programmes' panel) and on its
grants page: what each line shows, and the same number of queries for 1 grant as for 5."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.programmes import services
from convene.programmes.models import Proposal
from tests.consultations.test_api import client_for

pytestmark = pytest.mark.django_db

PAGES = ["/directory/sa-hub/", "/programmes/hubs/sa-hub/grants/"]


def _fund(world: dict[str, Any], n: int, *, state: str = "approved") -> None:
    hub = world["hub"]
    Proposal.objects.all().delete()
    for i in range(n):
        proposal = services.proposal_create(
            actor=world["member"], kind="meetup", title=f"Hub pilot {i}", country=world["in"],
            amount="12000.00", currency="INR", programme=world["grants"], hub=hub,
        )  # fmt: skip
        # The review that approves it is not what this test is about.
        Proposal.objects.filter(pk=proposal.pk).update(state=state)


@pytest.mark.parametrize("url", PAGES)
def test_hub_grants_lines_show_title_amount_state_programme(
    world: dict[str, Any], url: str
) -> None:
    _fund(world, 1)
    proposal = Proposal.objects.get()

    page = client_for().get(url).content.decode()

    assert f'<a href="/programmes/grants/{proposal.pk}/"' in page
    assert "Hub pilot 0</a> · ₹12,000.00 · approved · funded by Small grants</li>" in page


def test_hub_grants_panel_absent_without_funded_grant(world: dict[str, Any]) -> None:
    _fund(world, 1, state="submitted")

    page = client_for().get(PAGES[0]).content.decode()

    assert ('id="hub-grants-h"' in page, "Hub pilot 0" in page) == (False, False)


@pytest.mark.parametrize("url", PAGES)
def test_hub_grants_queries_do_not_grow(world: dict[str, Any], url: str) -> None:
    def count(n: int) -> int:
        _fund(world, n)
        client = client_for()
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert page.count("funded by Small grants") == n
        return len(queries)

    assert count(1) == count(5)
