"""The events API's list (events/api_list.py) and the public calendar feeds
(events/feeds.py) are cached: a change made through the services shows at once, each
reader still sees their own registration status and call links, and a call link shows
from the second of its release on."""

import datetime as dt

import pytest
from django.urls import reverse

from convene.events import services
from convene.events.models import Audience
from convene.events.services.person import feed_token_reset
from tests.events.conftest import START, make_person

pytestmark = pytest.mark.django_db

# Not on a minute: the cached parts are kept for the minute.
RELEASE = START - dt.timedelta(hours=48) + dt.timedelta(seconds=30)


def _items(client, query: str = "") -> list[dict]:
    return client.get(f"/api/events{query}").json()["items"]


def _site_feed(client) -> str:
    return client.get(reverse("events:feed_site")).content.decode()


def test_api_list_and_feed_show_an_edit_at_once(client, make_event, organiser, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(title="Old title")
    before = (_items(client)[0]["title"], "Old title" in _site_feed(client))

    services.event_update(actor=organiser, event=event, title="New title")
    services.event_set_status(actor=organiser, event=event, status="postponed", reason="Later")

    item = _items(client)[0]
    feed = _site_feed(client)
    assert before == ("Old title", True)
    assert (item["title"], item["status"], item["registration"]["state"]) == (
        "New title",
        "postponed",
        "open",
    )
    assert ("New title" in feed, "Old title" in feed, "STATUS:TENTATIVE" in feed) == (
        True,
        False,
        True,
    )


def test_api_list_new_event_shows_at_once(client, make_event, clock):
    clock.set(START - dt.timedelta(days=3))
    make_event(title="First")
    first = client.get("/api/events").json()["count"]

    make_event(title="Second", start=START + dt.timedelta(days=1))

    body = client.get("/api/events").json()
    assert (first, body["count"], [i["title"] for i in body["items"]]) == (
        1,
        2,
        ["First", "Second"],
    )


def test_api_list_each_reader_sees_their_own(client, make_event, organiser, reader, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(link_audience=Audience.REGISTERED, start=START + dt.timedelta(seconds=30))
    other = make_person("other")
    services.registration_register(actor=reader, event=event)
    clock.set(RELEASE + dt.timedelta(seconds=5))

    anonymous = _items(client)[0]  # cached from here on
    client.force_login(reader)
    mine = _items(client)[0]
    client.force_login(other)
    theirs = _items(client)[0]
    client.force_login(organiser)
    organisers = _items(client)[0]

    seen = [
        (item["registration"]["viewer_status"], item["call_link"])
        for item in (anonymous, mine, theirs, organisers)
    ]
    assert seen == [
        (None, None),
        ("confirmed", "https://meet.example.org/ama"),
        (None, None),
        (None, "https://meet.example.org/ama"),
    ]


def test_api_list_and_feed_show_a_link_from_its_release_second(client, make_event, clock):
    clock.set(START - dt.timedelta(days=3))
    make_event(start=START + dt.timedelta(seconds=30))
    clock.set(RELEASE - dt.timedelta(seconds=10))
    before = (_items(client)[0]["call_link"], "Call link" in _site_feed(client))

    clock.set(RELEASE)  # the same minute: the cached parts are still there

    after = (_items(client)[0]["call_link"], "Call link" in _site_feed(client))
    assert (before, after) == ((None, False), ("https://meet.example.org/ama", True))


def test_api_list_registration_state_follows_the_second(client, make_event, clock):
    clock.set(START - dt.timedelta(days=3))
    opens = START - dt.timedelta(days=1) + dt.timedelta(seconds=20)
    make_event(registration_opens_at=opens)
    clock.set(opens - dt.timedelta(seconds=5))
    before = _items(client)[0]["registration"]["state"]

    clock.set(opens)

    assert (before, _items(client)[0]["registration"]["state"]) == ("not_yet", "open")


def test_private_feeds_stay_each_readers_own(client, make_event, reader, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(link_audience=Audience.REGISTERED)
    other = make_person("other")
    services.registration_register(actor=reader, event=event)
    clock.set(START - dt.timedelta(hours=1))
    _site_feed(client)

    def private(person) -> str:
        token = feed_token_reset(actor=person).feed_token
        return client.get(reverse("events:feed_person", args=[token])).content.decode()

    assert ("Call link" in private(reader), "BEGIN:VEVENT" in private(other)) == (True, False)
