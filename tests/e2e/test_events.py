"""Browser: an organiser plans a three-edition series with the planner; a reader in
another zone (the browser's, Asia/Kathmandu) registers and later sees the call link."""

import datetime as dt
import re

import pytest

from convene.core import clock as core_clock
from convene.events import services
from convene.events.models import Series
from convene.people.models import Profile
from tests.e2e.session import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

UTC = dt.UTC


@pytest.fixture
def frozen():
    yield core_clock.set_frozen
    core_clock.set_frozen(None)


def test_organiser_plans_three_edition_series(page, live_server):
    organiser = UserFactory(username="org", is_staff=True)
    Profile.objects.create(user=organiser, timezone="Europe/London")
    sign_in(page, live_server, organiser)

    page.goto("/events/")
    page.get_by_role("link", name="New series").click()
    page.get_by_label("Title").fill("Ask Me Anything about Movement Charter")
    page.get_by_label("Kind").select_option("ama")
    page.get_by_role("button", name="Create and plan editions").click()
    page.get_by_label("Date").fill("2030-11-12")
    page.get_by_label("Or target zones").fill(
        "Asia/Tokyo, Asia/Kolkata, Europe/Berlin, America/Sao_Paulo, America/Los_Angeles"
    )
    page.get_by_label("Editions").fill("3")
    page.get_by_role("button", name="Find the best times").click()
    page.locator(".planner-grid").wait_for()
    page.screenshot(path="var/shot-events-planner.png", full_page=True)
    page.get_by_role("button", name="Create these editions").click()

    page.locator(".editions").wait_for()
    page.screenshot(path="var/shot-events-series.png", full_page=True)
    series = Series.objects.get()
    assert series.editions.count() == 3
    assert page.locator(".editions > li").count() == 3
    # The organiser's zone (from the profile) is named on the page.
    assert "Europe/London" in page.locator(".editions").inner_text()


def test_reader_in_another_zone_registers_and_later_sees_link(page, live_server, frozen):
    organiser = UserFactory(username="org2", is_staff=True)
    reader = UserFactory(username="reader2")
    Profile.objects.create(user=reader)  # no zone: the browser's is used
    start = dt.datetime(2030, 6, 10, 12, tzinfo=UTC)
    event = services.event_create(
        actor=organiser,
        title="Ask Me Anything",
        when=services.When(starts_at=start, ends_at=start + dt.timedelta(hours=1)),
        call_link="https://meet.example.org/ama",
        link_audience="registered",
    )
    frozen(start - dt.timedelta(days=4))
    sign_in(page, live_server, reader)

    page.goto(f"/events/{event.pk}/")
    # First visit: the server does not know the zone yet (UTC); the script remembers the
    # browser's and has the page rendered in it, named by its current name (Chromium still
    # says Asia/Katmandu).
    first = page.locator(".when time", has_text="Kathmandu").inner_text()
    page.goto(f"/events/{event.pk}/")  # second visit: the zone cookie from the script is known
    assert first == (
        "Monday, June 10, 2030, 5:45\u202fPM\u20136:45\u202fPM"
        " (Nepal Time · Asia/Kathmandu · UTC+05:45)"
    )
    assert "5:45\u202fPM" in page.locator(".when").inner_text()
    assert "Asia/Kathmandu" in page.locator(".when").inner_text()
    page.get_by_role("button", name="Register").click()
    assert page.locator("#reg-heading + p .tag").inner_text() == "registered"
    assert page.locator(".call-link").count() == 0

    frozen(start - dt.timedelta(hours=47))
    services.links_release_due()
    page.goto(f"/events/{event.pk}/")
    page.screenshot(path="var/shot-events-detail.png", full_page=True)

    assert page.locator(".call-link").inner_text() == "https://meet.example.org/ama"
    page.get_by_role("link", name="Notices").click()
    assert "Call link: Ask Me Anything" in page.locator(".notices").inner_text()


def test_events_pages_work_at_360px_without_javascript(browser, live_server):
    organiser = UserFactory(username="org3", is_staff=True)
    start = dt.datetime(2030, 6, 10, 12, tzinfo=UTC)
    event = services.event_create(
        actor=organiser,
        title="A session with a rather long title about the Movement Charter",
        description="Some **Markdown** and a [link](https://meta.wikimedia.org/).",
        when=services.When(starts_at=start, ends_at=start + dt.timedelta(hours=1)),
        timezone_name="Asia/Kathmandu",
    )
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 360, "height": 800}
    )
    page = context.new_page()
    widths = []

    for url in (
        f"/events/{event.pk}/?tz=America/St_Johns",
        "/events/?when=all",
        "/events/month/2030/6/",
    ):
        page.goto(url)
        widths.append(page.evaluate("document.documentElement.scrollWidth"))
        if url.startswith("/events/?"):
            page.screenshot(path="var/shot-events-list-360.png", full_page=True)
    context.close()

    assert widths[:2] == [360, 360]


def test_front_page_shows_upcoming_times_in_the_browser_zone(page, live_server, frozen):
    organiser = UserFactory(username="org3", is_staff=True)
    start = dt.datetime(2030, 6, 10, 12, tzinfo=UTC)
    services.event_create(
        actor=organiser,
        title="Regional conversation",
        when=services.When(starts_at=start, ends_at=start + dt.timedelta(hours=1)),
    )
    frozen(start - dt.timedelta(days=4))

    page.goto("/")

    card = page.locator(".event-card", has_text="Regional conversation")
    assert re.search(r"5:45\sPM.*Asia/Kathmandu", card.locator("time").first.inner_text())
