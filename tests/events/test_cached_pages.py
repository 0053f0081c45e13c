"""The events list's cards and the month grid are cached (events/listing.py, the month
view): a change made through the services shows at once, and each reader still sees
their own registration."""

import datetime as dt

import pytest
from django.urls import reverse

from convene.directory.models import Country, Region
from convene.events import services
from tests.events.conftest import START


@pytest.fixture
def south_asia():
    region = Region.objects.create(slug="south-asia", name="South Asia", short_name="SA")
    for code, name in (("NP", "Nepal"), ("IN", "India")):
        region.countries.add(Country.objects.get_or_create(code=code, defaults={"name": name})[0])
    return region


def _list(client, query: str = "") -> str:
    return client.get(reverse("events:index") + query).content.decode()


def _month(client) -> str:
    return client.get(reverse("events:month", args=[2030, 6])).content.decode()


def test_list_shows_an_edit_at_once(client, make_event, organiser, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(title="Old title")
    before = _list(client)

    services.event_update(actor=organiser, event=event, title="New title")
    after = _list(client)

    assert ("Old title" in before, "New title" in after, "Old title" in after) == (
        True,
        True,
        False,
    )


def test_list_shows_a_cancellation_at_once(client, make_event, organiser, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(title="Soon cancelled")
    before = _list(client)

    services.event_set_status(actor=organiser, event=event, status="cancelled", reason="Ill")
    after = _list(client)

    assert ('class="tag warn">cancelled<' in before, 'class="tag warn">cancelled<' in after) == (
        False,
        True,
    )


def test_list_shows_a_new_edition_at_once(client, organiser, clock):
    clock.set(START - dt.timedelta(days=3))
    series = services.series_create(actor=organiser, title="Office hours")
    services.series_add_editions(
        actor=organiser, series=series, starts=[START], length=dt.timedelta(hours=1)
    )
    before = _list(client).count("All editions of “Office hours”")

    services.series_add_editions(
        actor=organiser,
        series=series,
        starts=[START + dt.timedelta(days=7)],
        length=dt.timedelta(hours=1),
    )
    after = _list(client).count("All editions of “Office hours”")

    assert (before, after) == (1, 2)


def test_list_marks_held_once_the_minute_passes(client, make_event, clock):
    clock.set(START + dt.timedelta(minutes=30))
    make_event(title="Going on")
    before = _list(client)

    clock.set(START + dt.timedelta(hours=1, minutes=1))
    after = _list(client, "?when=past")

    assert ('class="tag held"' in before, 'class="tag held"' in after) == (False, True)


def test_list_registrant_sees_their_tag_and_anonymous_none_after_caching(
    client, make_event, reader, clock
):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(title="Busy")
    services.registration_register(actor=reader, event=event)
    anonymous_first = _list(client)
    client.force_login(reader)
    registrant = _list(client)
    client.logout()
    anonymous_again = _list(client)

    tag = '<span class="tag ok">registered</span>'
    assert (tag in anonymous_first, tag in registrant, tag in anonymous_again) == (
        False,
        True,
        False,
    )


def test_list_registration_shows_at_once(client, make_event, reader, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(title="Busy")
    client.force_login(reader)
    before = _list(client)

    services.registration_register(actor=reader, event=event)
    after = _list(client)

    tag = '<span class="tag ok">registered</span>'
    assert (tag in before, tag in after) == (False, True)


def test_list_each_reader_zone_after_caching(client, make_event, clock):
    clock.set(START - dt.timedelta(days=3))
    make_event(title="Zoned")

    utc = _list(client, "?tz=UTC")
    kathmandu = _list(client, "?tz=Asia/Kathmandu")

    assert ("12:00\u202fPM" in utc, "5:45\u202fPM" in kathmandu) == (True, True)


def test_month_shows_an_edit_at_once(client, make_event, organiser, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(title="Old title")
    before = _month(client)

    services.event_update(actor=organiser, event=event, title="New title")
    after = _month(client)

    assert ("Old title" in before, "New title" in after, "Old title" in after) == (
        True,
        True,
        False,
    )


def test_month_shows_a_new_event_at_once(client, make_event, clock):
    clock.set(START - dt.timedelta(days=3))
    make_event(title="First")
    before = _month(client).count('class="month-event"')

    make_event(title="Second", start=START + dt.timedelta(days=1))
    after = _month(client).count('class="month-event"')

    assert (before, after) == (1, 2)


def test_month_each_zone_after_caching(client, make_event, clock):
    clock.set(START - dt.timedelta(days=3))
    make_event(title="Zoned")
    url = reverse("events:month", args=[2030, 6])

    utc = client.get(url + "?tz=UTC").content.decode()
    kathmandu = client.get(url + "?tz=Asia/Kathmandu").content.decode()

    assert ("12:00 <bdi>Zoned" in utc, "17:45 <bdi>Zoned" in kathmandu) == (True, True)


def test_home_shows_an_edit_at_once(client, make_event, organiser, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(title="Old title")
    before = client.get("/").content.decode()

    services.event_update(actor=organiser, event=event, title="New title")
    after = client.get("/").content.decode()

    assert ("Old title" in before, "New title" in after, "Old title" in after) == (
        True,
        True,
        False,
    )


def test_home_registrant_sees_their_tag_and_anonymous_none_after_caching(
    client, make_event, reader, clock
):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(title="Busy")
    services.registration_register(actor=reader, event=event)
    anonymous_first = client.get("/").content.decode()
    client.force_login(reader)
    registrant = client.get("/").content.decode()
    client.logout()
    anonymous_again = client.get("/").content.decode()

    tag = '<span class="tag ok">registered</span>'
    assert (tag in anonymous_first, tag in registrant, tag in anonymous_again) == (
        False,
        True,
        False,
    )


def test_detail_zone_table_and_description_follow_an_edit_at_once(
    client, make_event, organiser, south_asia
):
    event = make_event(description="First *text*", regions=[south_asia])
    url = reverse("events:detail", args=[event.pk]) + "?tz=UTC"
    before = client.get(url).content.decode()

    services.event_update(
        actor=organiser,
        event=event,
        description="Second *text*",
        when=services.When(
            starts_at=START + dt.timedelta(hours=1), ends_at=START + dt.timedelta(hours=2)
        ),
    )
    after = client.get(url).content.decode()

    row = '<th scope="row">Asia/Kathmandu</th><td>Mon, Jun 10, %s\u202fPM\u2013%s\u202fPM</td>'
    assert (
        row % ("5:45", "6:45") in before,
        "<p>First <em>text</em></p>" in before,
        row % ("6:45", "7:45") in after,
        "<p>Second <em>text</em></p>" in after,
    ) == (True, True, True, True)


def test_detail_first_comment_shows_at_once(client, make_event, reader):
    event = make_event()
    url = reverse("events:detail", args=[event.pk])
    before = client.get(url).content.decode()

    services.comment_add(actor=reader, event=event, body="A first word")
    after = client.get(url).content.decode()

    assert (
        "No comments yet." in before,
        "A first word" in after,
        "No comments yet." in after,
    ) == (True, True, False)


def test_detail_first_resource_shows_at_once(client, make_event, organiser):
    event = make_event()
    url = reverse("events:detail", args=[event.pk])
    before = client.get(url).content.decode()

    services.resource_add(
        actor=organiser, kind="slides", title="Our slides", event=event,
        url="https://example.org/slides",
    )  # fmt: skip
    after = client.get(url).content.decode()

    assert ("Our slides" in before, "Our slides" in after) == (False, True)


def test_list_filter_fields_show_each_reader_choice_after_caching(client, make_event, clock):
    clock.set(START - dt.timedelta(days=3))
    make_event(title="Workshop", kind="workshop")

    first = _list(client, "?kind=workshop&q=None")
    second = _list(client, "?kind=workshop")
    third = _list(client, "?kind=workshop&q=None")

    box = 'name="q" value="None"'
    assert (box in first, box in second, box in third) == (True, False, True)
