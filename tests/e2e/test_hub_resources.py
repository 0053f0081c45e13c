"""Browser: a hub's coordinator adds an introduction video and its Spanish version to the
hub, and a report to one of its timeline entries; a reader sees the two versions grouped
on the hub's page and the report on the timeline."""

import datetime as dt

import pytest
from django.test import Client

from convene.directory.models import Language, Membership, PersonRole, StageChange
from convene.directory.services import OrganisationInput, organisation_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, person):
    client = Client()
    client.force_login(person)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_coordinator_adds_hub_resources_grouped_with_their_translation(
    page, live_server, browser, request
):
    for code, name in (("en", "English"), ("es", "Spanish")):
        Language.objects.get_or_create(code=code, defaults={"name": name})
    staff = UserFactory(username="staffer", is_staff=True)
    hub = organisation_create(
        actor=staff,
        data=OrganisationInput(
            name="Wikimedia CEE Hub (pilot)", kind="hub", scope_type="thematic",
            theme="capacity building", stage="idea", stage_since=dt.date(2020, 5, 1),
        ),
    )  # fmt: skip
    entry = StageChange.objects.get(organisation=hub)
    coordinator = UserFactory(username="coordinator")
    Membership.objects.create(organisation=hub, user=coordinator, role=PersonRole.COORDINATOR)
    _sign_in(page, live_server, coordinator)

    page.goto(f"/directory/{hub.slug}/")
    panel = page.locator("#hub-resources")
    panel.get_by_role("link", name="Add a resource", exact=True).click()
    page.get_by_label("Kind").select_option("video")
    page.get_by_label("Title").fill("Introduction to hubs (video)")
    page.get_by_label("Languages").fill("English")
    page.get_by_label("Link").fill("https://meta.wikimedia.org/wiki/Hubs#video")
    page.get_by_role("button", name="Add").click()
    panel.get_by_role("link", name="Add a resource", exact=True).click()
    page.get_by_label("Kind").select_option("video")
    page.get_by_label("Title").fill("Introducción a los hubs (vídeo)")
    page.get_by_label("Languages").fill("Spanish")
    page.get_by_label("Link").fill("https://meta.wikimedia.org/wiki/Hubs/es#video")
    page.get_by_label("Translation of").select_option(label="Introduction to hubs (video)")
    page.get_by_role("button", name="Add").click()
    panel.get_by_role("link", name="Add a resource to this entry").click()
    page.get_by_label("Kind").select_option("report")
    page.get_by_label("Title").fill("Report on Hubs discussions, November")
    page.get_by_label("Date").fill("2020-11-30")
    page.get_by_label("Link").fill("https://meta.wikimedia.org/wiki/Hubs#report-2020-11")
    page.get_by_role("button", name="Add").click()
    page.screenshot(path="var/shot-hub-resources-coordinator.png", full_page=True)

    reading = browser.new_context(base_url=live_server.url, locale="en-GB")
    request.addfinalizer(reading.close)  # before the live server stops
    reader = reading.new_page()
    reader.goto(f"/directory/{hub.slug}/")
    reader.locator("#hub-resources").screenshot(path="var/shot-hub-resources.png")
    items = reader.locator("#hub-resources > .resource-list > .resource")
    video = items.nth(0)

    assert items.count() == 1
    assert "Also in:" in video.inner_text()
    assert video.get_by_role("link", name="Spanish").get_attribute("href") == (
        "https://meta.wikimedia.org/wiki/Hubs/es#video"
    )
    assert (
        video.get_by_role("link", name="Introduction to hubs (video)").get_attribute("hreflang")
        == "en"
    )
    assert reader.get_by_role("link", name="Add a resource").count() == 0

    reader.goto("/directory/timeline/")
    reader.screenshot(path="var/shot-timeline-resources.png", full_page=True)
    report = reader.locator("#timeline .entry.stage .resource")

    assert entry.resources.count() == 1
    assert (
        report.get_by_role("link", name="Report on Hubs discussions, November").get_attribute(
            "href"
        )
        == "https://meta.wikimedia.org/wiki/Hubs#report-2020-11"
    )
