import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from convene.directory.models import Region
from convene.events import services
from convene.events.models import Audience
from tests.events.conftest import START, make_person

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def test_api_events_list_utc_and_local_times(client, make_event, clock):
    clock.set(START - dt.timedelta(days=3))
    make_event()

    body = client.get("/api/events?tz=Asia/Kathmandu").json()

    item = body["items"][0]
    assert body["count"] == 1
    assert (item["starts_at"], item["local_start"], item["local_end"]) == (
        "2030-06-10T12:00:00Z",
        "2030-06-10T17:45:00+05:45",
        "2030-06-10T18:45:00+05:45",
    )
    assert (item["call_link_release"], item["call_link"]) == ("2030-06-08T12:00:00Z", None)


def test_api_unknown_tz_is_400_naming_tz(client):
    response = client.get("/api/events?tz=Mars/Olympus")

    assert response.status_code == 400
    assert response.json()["field"] == "tz"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("when=soon", "when"),
        ("kind=party", "kind"),
        ("region=atlantis", "region"),
        ("language=xx", "language"),
    ],
)
def test_api_unknown_filter_is_400(client, query, field):
    response = client.get(f"/api/events?{query}")

    assert (response.status_code, response.json()["field"]) == (400, field)


@pytest.mark.parametrize("count", [1, 5])
def test_api_events_list_query_count(  # noqa: PLR0917
    client, make_event, clock, reader, django_assert_num_queries, count
):
    clock.set(START - dt.timedelta(days=3))
    for index in range(count):
        make_event(title=f"E{index}")
    client.force_login(reader)

    # session, user, profile, directory version, count, page, 3 prefetches, viewer
    # registrations, organised
    with django_assert_num_queries(11):
        response = client.get("/api/events")
    # The page's public part from the cache: the reader's rows only.
    with django_assert_num_queries(6):
        again = client.get("/api/events")

    assert response.json()["count"] == count
    assert again.content == response.content


def test_api_link_shown_only_to_registered_after_release(client, make_event, reader, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(link_audience=Audience.REGISTERED)
    client.force_login(reader)
    client.post(f"/api/events/{event.pk}/registration")
    clock.set(START - dt.timedelta(hours=48) + dt.timedelta(seconds=1))

    mine = client.get(f"/api/events/{event.pk}").json()["call_link"]
    client.logout()
    anonymous = client.get(f"/api/events/{event.pk}").json()["call_link"]
    refused = client.get(f"/api/events/{event.pk}/link").status_code

    assert (mine, anonymous, refused) == ("https://meet.example.org/ama", None, 403)


def test_api_registration_needs_sign_in(client, make_event):
    event = make_event()

    response = client.post(f"/api/events/{event.pk}/registration")

    assert response.status_code == 401


def test_api_registration_closed_is_409(client, make_event, reader, clock):
    event = make_event()
    clock.set(START + dt.timedelta(hours=2))
    client.force_login(reader)

    response = client.post(f"/api/events/{event.pk}/registration")

    assert (response.status_code, response.json()["code"]) == (409, "closed")


def test_api_registration_waitlist_and_cancel(client, make_event, reader, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(capacity=1)
    services.registration_register(actor=make_person("first"), event=event)
    client.force_login(reader)

    joined = client.post(f"/api/events/{event.pk}/registration").json()["status"]
    cancelled = client.delete(f"/api/events/{event.pk}/registration").json()["status"]

    assert (joined, cancelled) == ("waitlisted", "cancelled")


def test_api_series_lists_editions(client, organiser):
    series = services.series_create(actor=organiser, title="AMA")
    services.series_add_editions(
        actor=organiser,
        series=series,
        starts=[dt.datetime(2022, 11, 4, 9, tzinfo=UTC), dt.datetime(2022, 11, 12, 15, tzinfo=UTC)],
        length=dt.timedelta(hours=1),
        labels=["Asia-Pacific", "Americas"],
    )

    body = client.get(f"/api/series/{series.pk}?tz=UTC").json()

    assert [(e["edition_label"], e["starts_at"]) for e in body["editions"]] == [
        ("Asia-Pacific", "2022-11-04T09:00:00Z"),
        ("Americas", "2022-11-12T15:00:00Z"),
    ]


def test_api_event_404(client):
    response = client.get("/api/events/999999")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_api_planner_known_case(client):
    body = client.get(
        "/api/planner?day=2030-01-15&zones=Asia/Kolkata&editions=1&length_minutes=60&earliest=10&latest=11"
    ).json()

    assert body["slots"] == [
        {"start": "2030-01-15T04:30:00Z", "score": 1.0, "gain": 1.0, "reached": ["Asia/Kolkata"]}
    ]


def test_api_planner_with_region(client):
    region = Region.objects.create(slug="np-only", name="Nepal only", short_name="NP")
    from convene.directory.models import Country

    region.countries.add(Country.objects.get_or_create(code="NP", defaults={"name": "Nepal"})[0])

    body = client.get("/api/planner?day=2030-01-15&regions=np-only&editions=1").json()

    assert (body["coverage"], body["slots"][0]["reached"]) == (1.0, ["NP"])


def test_api_planner_unknown_zone_is_400(client):
    response = client.get("/api/planner?day=2030-01-15&zones=Nowhere/Land")

    assert response.json()["field"] == "zones"


def test_visible_link_helper_for_anonymous_is_none_before(make_event):
    from convene.events.queries import visible_link

    assert visible_link(event=make_event(), viewer=AnonymousUser()) is None


@pytest.mark.parametrize("field", ["q", "region", "language"])
def test_api_nul_in_filter_is_400(client, field):
    response = client.get(f"/api/events?{field}=a%00b")

    assert (response.status_code, response.json()["field"]) == (400, field)


def test_page_nul_in_search_is_400(client):
    response = client.get("/events/?q=a%00b")

    assert response.status_code == 400
