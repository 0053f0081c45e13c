"""Browser: a member finds a past "Ask Me Anything" by searching, sees it was held and
reads its answers one click away."""

import datetime as dt

import pytest

from convene.core import clock as core_clock
from convene.events import services
from convene.notes.services import event_import_notes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NOTES = (
    "• Will the ambassadorships program be limited to board members of User Groups?\n"
    "  • Response: Ambassadorship is open for everyone.\n"
)


@pytest.fixture
def frozen():
    yield core_clock.set_frozen
    core_clock.set_frozen(None)


def test_member_finds_a_past_ama_by_search(page, live_server, frozen):
    organiser = UserFactory(username="mcdc", is_staff=True)
    start = dt.datetime(2022, 11, 4, 9, tzinfo=dt.UTC)
    event = services.event_create(
        actor=organiser,
        title="Ask Me Anything about Movement Charter",
        edition_label="Asia-Pacific",
        kind="ama",
        when=services.When(starts_at=start, ends_at=start + dt.timedelta(minutes=90)),
    )
    event_import_notes(actor=organiser, event=event, text=NOTES)
    frozen(dt.datetime(2023, 1, 10, tzinfo=dt.UTC))

    page.goto("/events/")
    page.get_by_text("Filter").click()
    page.get_by_label("Search").fill("Ask Me Anything")
    page.get_by_role("button", name="Show").click()
    past = page.locator(".past-matches")
    past.wait_for()
    page.screenshot(path="var/shot-events-past-search.png", full_page=True)

    assert "held" in past.locator(".event-card").inner_text()
    assert past.locator(".past-link").inner_text() == "1 past session matches"
    past.get_by_role("link", name="Ask Me Anything about Movement Charter — Asia-Pacific").click()
    assert "This session was held." in page.locator(".held-notice").inner_text()
    page.locator(".held-notice").get_by_role("link", name="Questions and answers").click()
    assert "Ambassadorship is open for everyone." in page.locator("main").inner_text()
