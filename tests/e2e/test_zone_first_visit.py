"""Browser: "your own time" is consistent on a first visit: one zone name (the current
one, Asia/Kathmandu where Chromium says Asia/Katmandu), the same words in the zone bar and
the times; later visits, even without JavaScript, are in the browser's zone."""

import datetime as dt

import pytest
from django.test import Client

from convene.events import services
from convene.people.models import Profile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

START = dt.datetime(2030, 6, 10, 12, tzinfo=dt.UTC)


def make_event():
    organiser = UserFactory(username="org", is_staff=True)
    return services.event_create(
        actor=organiser,
        title="Ask Me Anything",
        when=services.When(starts_at=START, ends_at=START + dt.timedelta(hours=1)),
    )


def test_first_visit_names_one_current_zone_in_bar_and_times(page):
    event = make_event()

    page.goto(f"/events/{event.pk}/")
    page.locator("body[data-tz-source=browser]").wait_for()
    text = page.locator("body").inner_text()

    assert "Times are shown in Asia/Kathmandu (UTC+05:45)" in page.locator("#zonebar").inner_text()
    assert "5:45\u202fPM\u20136:45\u202fPM" in page.locator(".when").inner_text()
    assert "Asia/Kathmandu" in page.locator(".when").inner_text()
    assert "Shown in Asia/Kathmandu." in text
    assert "Katmandu" not in text
    assert "UTC." not in text


def test_signed_in_reader_with_browser_zone_sees_it_later_without_javascript(
    browser, page, live_server
):
    event = make_event()
    reader = UserFactory(username="reader")
    Profile.objects.create(user=reader)  # "browser's zone"
    client = Client()
    client.force_login(reader)
    session = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    page.context.add_cookies([{**session, "url": live_server.url}])
    page.goto("/")  # the first visit, with the script
    page.locator("body[data-tz-source=browser]").wait_for()
    cookies = page.context.cookies()

    later = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    later.add_cookies(cookies)
    other = later.new_page()
    other.goto(f"/events/{event.pk}/")
    bar = other.locator("#zonebar").inner_text()
    when = other.locator(".when").inner_text()
    later.close()

    assert "Times are shown in Asia/Kathmandu" in bar
    assert "from your browser" in bar
    assert "Asia/Kathmandu" in when
