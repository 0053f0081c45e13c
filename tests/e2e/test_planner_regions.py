"""Browser: an organiser plans three editions for North America, Latin America & Caribbean
and South Asia; each is daytime in its region's largest cities and carries its region."""

import re

import pytest
from django.test import Client

from convene.directory.models import Region
from convene.directory.reference import reference_load
from convene.events.models import Series
from convene.people.models import Profile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_organiser_plans_editions_for_three_regions(page, live_server):
    reference_load()
    organiser = UserFactory(username="planner", is_staff=True)
    Profile.objects.create(user=organiser, timezone="Europe/London")
    client = Client()
    client.force_login(organiser)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    names = {
        slug: Region.objects.get(slug=slug).name for slug in ("north-america", "lac", "south-asia")
    }

    page.goto("/events/series/new/")
    page.get_by_label("Title").fill("Ask Me Anything about Movement Charter")
    page.get_by_role("button", name="Create and plan editions").click()
    page.get_by_label("Date").fill("2030-11-12")
    page.get_by_label("Target regions").select_option(value=list(names))
    page.get_by_label("Editions").fill("3")
    page.get_by_role("button", name="Find the best times").click()
    page.locator(".reach").first.wait_for()
    page.screenshot(path="var/shot-events-planner-regions.png", full_page=True)
    # Each region's largest places, where its edition is for it, are reached.
    served = page.locator(".reach tr.serves li")
    local = [served.nth(i).inner_text() for i in range(served.count())]
    page.get_by_role("button", name="Create these editions").click()
    page.locator(".editions").wait_for()

    assert any(text.startswith("Los Angeles") for text in local)
    assert any(text.startswith(("São Paulo", "Sao Paulo")) for text in local)
    assert any(text.startswith("Kolkata") for text in local)
    assert [text for text in local if "not reached" in text] == []
    for text in local:  # "Kolkata 6:30 PM reached" (the interface language's clock)
        found = re.search(r"(\d{1,2}):\d{2}\s?([AP]M)?", text)
        assert found is not None, text
        hour = int(found[1]) % 12 + (12 if found[2] == "PM" else 0) if found[2] else int(found[1])
        assert 8 <= hour <= 21, text
    series = Series.objects.get()
    regions = [{r.slug for r in edition.regions.all()} for edition in series.editions.all()]
    assert set().union(*regions) == set(names)
    assert all(len(r) < 3 for r in regions)
