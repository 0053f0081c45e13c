import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from convene.events import services
from convene.events.models import Audience, PersonSettings
from tests.events.conftest import START

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_event_feed_parses_back_with_uid_sequence_and_zone(client, make_event, organiser):
    event = make_event(timezone_name="Europe/London")
    services.event_update(actor=organiser, event=event, title="Ask Me Anything (new)")

    cal = parse(client.get(reverse("events:feed_event", args=[event.pk])))

    [vevent] = cal.walk("VEVENT")
    [vtimezone] = cal.walk("VTIMEZONE")
    assert str(vevent["UID"]) == f"{event.uid}@convene"
    assert int(vevent["SEQUENCE"]) == 1
    assert str(vevent["SUMMARY"]) == "Ask Me Anything (new)"
    assert vevent.decoded("DTSTART") == START
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert str(vtimezone["TZID"]) == "Europe/London"
    # Trimmed: only the transitions of 2030, not every year since 1970.
    assert len(vtimezone.subcomponents) == 3


def test_feed_has_link_only_after_release(client, make_event, clock):
    event = make_event()
    url = reverse("events:feed_event", args=[event.pk])

    clock.set(START - dt.timedelta(hours=49))
    before = str(parse(client.get(url)).walk("VEVENT")[0]["DESCRIPTION"])
    clock.set(START - dt.timedelta(hours=47))
    after = str(parse(client.get(url)).walk("VEVENT")[0]["DESCRIPTION"])

    assert ("meet.example.org" in before, "meet.example.org" in after) == (False, True)


def test_public_feed_never_has_registered_only_link(client, make_event, clock):
    event = make_event(link_audience=Audience.REGISTERED)
    clock.set(START - dt.timedelta(hours=1))

    text = client.get(reverse("events:feed_event", args=[event.pk])).content.decode()

    assert "meet.example.org" not in text


def test_person_feed_has_registered_only_link_and_reset_kills_old_url(
    client, make_event, reader, clock
):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(link_audience=Audience.REGISTERED)
    services.registration_register(actor=reader, event=event)
    token = services.person_settings(reader).feed_token
    clock.set(START - dt.timedelta(hours=1))

    cal = parse(client.get(reverse("events:feed_person", args=[token])))
    services.feed_token_reset(actor=reader)
    old = client.get(reverse("events:feed_person", args=[token])).status_code
    new_token = PersonSettings.objects.get(user=reader).feed_token

    assert "https://meet.example.org/ama" in str(cal.walk("VEVENT")[0]["DESCRIPTION"])
    assert (old, client.get(reverse("events:feed_person", args=[new_token])).status_code) == (
        404,
        200,
    )


def test_date_range_feed_uses_dates(client, organiser):
    event = services.event_create(
        actor=organiser,
        title="Hubs Dialogue",
        when=services.When(start_date=dt.date(2022, 2, 21), end_date=dt.date(2022, 3, 4)),
    )

    [vevent] = parse(client.get(reverse("events:feed_event", args=[event.pk]))).walk("VEVENT")

    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (
        dt.date(2022, 2, 21),
        dt.date(2022, 3, 5),
    )


def test_cancelled_event_feed_status(client, make_event, organiser):
    event = make_event()
    services.event_set_status(actor=organiser, event=event, status="cancelled", reason="Ill.")

    [vevent] = parse(client.get(reverse("events:feed_event", args=[event.pk]))).walk("VEVENT")

    assert (str(vevent["STATUS"]), int(vevent["SEQUENCE"])) == ("CANCELLED", 1)


@pytest.mark.parametrize("count", [1, 5])
def test_site_feed_query_count(client, make_event, clock, django_assert_num_queries, count):
    clock.set(START - dt.timedelta(days=1))
    for index in range(count):
        make_event(title=f"E{index}", start=START + dt.timedelta(days=index))

    # the directory's version (the cache key), the events
    with django_assert_num_queries(2):
        response = client.get(reverse("events:feed_site"))
    # The body from the cache.
    with django_assert_num_queries(1):
        again = client.get(reverse("events:feed_site"))

    assert len(parse(response).walk("VEVENT")) == count
    assert again.content == response.content


def test_series_region_and_organisation_feeds_answer(client, organiser):
    from convene.directory.models import Organisation, Region

    region = Region.objects.create(slug="r", name="R", short_name="R")
    org = Organisation.objects.create(slug="o", name="O", kind="hub")
    series = services.series_create(actor=organiser, title="S")
    services.series_add_editions(
        actor=organiser,
        series=series,
        starts=[START],
        length=dt.timedelta(hours=1),
        regions=[region],
    )
    event = series.editions.get()
    event.organisers.add(org)

    urls = [
        reverse("events:feed_series", args=[series.pk]),
        reverse("events:feed_region", args=["r"]),
        reverse("events:feed_org", args=["o"]),
    ]

    assert [len(parse(client.get(u)).walk("VEVENT")) for u in urls] == [1, 1, 1]


@pytest.mark.parametrize(
    "text", ["a" * 200, "é" * 100, "日本語の説明" * 30, "x; y, z\\ w\nnew line"]
)
def test_long_and_special_text_round_trips(client, organiser, text):
    event = services.event_create(
        actor=organiser,
        title="T",
        description=text,
        when=services.When(starts_at=START, ends_at=START + dt.timedelta(hours=1)),
    )

    body = client.get(reverse("events:feed_event", args=[event.pk])).content
    [vevent] = Calendar.from_ical(body).walk("VEVENT")

    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert str(vevent["DESCRIPTION"]).startswith(text.strip())
