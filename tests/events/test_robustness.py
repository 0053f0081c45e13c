import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/events/99999999999999999999999/",
        "/events/series/99999999999999999999999/",
        "/events/calendar/event/99999999999999999999999.ics",
        "/api/events/99999999999999999999999",
        "/api/series/99999999999999999999999",
        "/events/month/2030/13/",
        "/events/calendar/person/nope.ics",
        "/events/calendar/region/nowhere.ics",
    ],
)
def test_unknown_things_are_4xx_not_500(client, url):
    response = client.get(url)

    assert response.status_code in (400, 404)


def test_planner_api_bad_hours_is_400(client):
    response = client.get("/api/planner?day=2030-01-01&zones=UTC&earliest=20&latest=10")

    assert response.status_code == 400


@pytest.mark.parametrize(
    "post",
    [
        {"start": "2030-11-12T09:00:00Z", "length_minutes": "99999999999999"},
        {"start": "9999-12-31T23:30:00Z", "length_minutes": "90"},
    ],
)
def test_planner_create_out_of_range_is_refused_not_500(client, organiser, post):
    from django.urls import reverse

    from convene.events import services

    series = services.series_create(actor=organiser, title="AMA")
    client.force_login(organiser)

    response = client.post(reverse("events:planner", args=[series.pk]), post)

    assert (response.status_code, series.editions.count()) == (302, 0)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_planner_api_day_at_the_calendar_edge_is_400(client, day):
    response = client.get(f"/api/planner?day={day}&zones=Pacific/Kiritimati,Etc/GMT%2B12")

    assert (response.status_code, response.json()["field"]) == (400, "day")


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_planner_page_day_at_the_calendar_edge_is_field_error(client, organiser, day):
    from django.urls import reverse

    from convene.events import services

    series = services.series_create(actor=organiser, title="AMA")
    client.force_login(organiser)
    params = {"day": day, "zones": "UTC", "editions": 3, "length_minutes": 60}
    params |= {"earliest": 8, "latest": 22}

    response = client.get(reverse("events:planner", args=[series.pk]), params)

    assert (response.status_code, list(response.context["form"].errors)) == (400, ["day"])


def test_planner_day_at_the_calendar_edge_plans():
    import datetime as dt
    import zoneinfo

    from convene.events.planner import LAST_DAY, Target, plan

    targets = [Target(label="Kiritimati", zones=((zoneinfo.ZoneInfo("Pacific/Kiritimati"), 1.0),))]

    result = plan(day=LAST_DAY, targets=targets, length=dt.timedelta(hours=10), editions=1)

    assert len(result.slots) == 1


def test_planner_api_bad_hours_names_earliest(client):
    response = client.get("/api/planner?day=2030-01-01&zones=UTC&earliest=20&latest=10")

    assert (response.status_code, response.json()["field"]) == (400, "earliest")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (
            {"timezone": "America/New_York", "starts_at_local": "9999-12-31T20:00"},
            "starts_at_local",
        ),
        ({"timezone": "Asia/Tokyo", "starts_at_local": "0001-01-01T01:00"}, "starts_at_local"),
        ({"all_day": "on", "start_date": "9999-12-31", "end_date": "9999-12-31"}, "start_date"),
    ],
)
def test_create_event_at_the_calendar_edge_is_field_error(client, organiser, extra, field):
    from django.urls import reverse

    from convene.events.models import Event

    client.force_login(organiser)
    data = {"title": "X", "kind": "session", "format": "online", "timezone": "UTC"}
    data |= {"link_lead_hours": "48", "link_audience": "everyone", "ends_at_local": ""}
    data |= extra

    response = client.post(reverse("events:create"), data)

    assert (response.status_code, Event.objects.count()) == (400, 0)
    assert response.context["form"].errors[field][0] == "Give a year from 2 to 9998."


@pytest.mark.parametrize(
    "post",
    [
        {"start": "0001-01-01T00:00:00Z", "length_minutes": "90"},
        {"start": "2030-11-12T09:00:00Z", "label": "x" * 121},
    ],
)
def test_planner_create_bad_edition_is_refused_and_saves_nothing(client, organiser, post):
    from django.urls import reverse

    from convene.events import services

    series = services.series_create(actor=organiser, title="AMA")
    client.force_login(organiser)

    response = client.post(reverse("events:planner", args=[series.pk]), post)

    assert (response.status_code, series.editions.count()) == (302, 0)
