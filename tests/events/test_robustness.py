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
