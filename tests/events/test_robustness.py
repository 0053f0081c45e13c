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
