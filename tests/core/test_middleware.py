import pytest
from django.urls import reverse

from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def _zone_of(response):
    return response.wsgi_request.reader_tz.key, response.wsgi_request.reader_tz_source


def test_reader_timezone_from_url_kathmandu(client):
    response = client.get(reverse("core:home"), {"tz": "Asia/Kathmandu"})

    assert _zone_of(response) == ("Asia/Kathmandu", "url")
    assert "Asia/Kathmandu" in response.content.decode()
    assert "UTC+05:45" in response.content.decode()


def test_reader_timezone_from_url_st_johns(client, clock):
    import datetime as dt

    clock.set(dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC))
    response = client.get(reverse("core:home"), {"tz": "America/St_Johns"})

    assert _zone_of(response) == ("America/St_Johns", "url")
    assert "UTC\N{MINUS SIGN}03:30" in response.content.decode()


def test_reader_timezone_unknown_zone_falls_back_and_says_so(client):
    response = client.get(reverse("core:home"), {"tz": "Mars/Olympus_Mons"})

    assert response.status_code == 200
    assert _zone_of(response) == ("UTC", "default")
    assert response.wsgi_request.reader_tz_error == "Mars/Olympus_Mons"
    assert "is not a time zone we know" in response.content.decode()


def test_reader_timezone_profile_wins_over_browser_cookie(client):
    profile = ProfileFactory(timezone="Australia/Lord_Howe")
    client.force_login(profile.user)
    client.cookies["convene_tz"] = "Europe/London"

    response = client.get(reverse("core:home"))

    assert _zone_of(response) == ("Australia/Lord_Howe", "profile")


def test_reader_timezone_url_wins_over_profile(client):
    profile = ProfileFactory(timezone="Australia/Lord_Howe")
    client.force_login(profile.user)

    response = client.get(reverse("core:home"), {"tz": "Europe/London"})

    assert _zone_of(response) == ("Europe/London", "url")


def test_reader_timezone_browser_cookie_when_no_profile(client):
    client.cookies["convene_tz"] = "Asia/Kathmandu"

    response = client.get(reverse("core:home"))

    assert _zone_of(response) == ("Asia/Kathmandu", "browser")


def test_reader_timezone_bad_cookie_is_ignored(client):
    client.cookies["convene_tz"] = "<script>"

    response = client.get(reverse("core:home"))

    assert _zone_of(response) == ("UTC", "default")


def test_timezone_picker_sets_cookie_and_profile(client):
    profile = ProfileFactory()
    client.force_login(profile.user)

    response = client.post(
        reverse("core:timezone"), {"timezone": "Asia/Kathmandu", "next": "/people/me/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/people/me/"
    assert response.cookies["convene_tz"].value == "Asia/Kathmandu"
    profile.refresh_from_db()
    assert profile.timezone == "Asia/Kathmandu"


def test_timezone_picker_refuses_unknown_zone_and_keeps_profile(client):
    profile = ProfileFactory(timezone="Europe/London")
    client.force_login(profile.user)

    response = client.post(reverse("core:timezone"), {"timezone": "Europe/Atlantis"})

    assert response.status_code == 400
    assert "“Europe/Atlantis” is not a time zone we know" in response.content.decode()
    profile.refresh_from_db()
    assert profile.timezone == "Europe/London"


def test_timezone_picker_refuses_offsite_next(client):
    response = client.post(
        reverse("core:timezone"), {"timezone": "UTC", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_timezone_picker_lists_zones_named_in_reader_language(client, settings):
    settings.LANGUAGES_IN_PROGRESS = []

    response = client.get(reverse("core:timezone"), HTTP_ACCEPT_LANGUAGE="fr")

    body = response.content.decode()
    assert 'value="Asia/Kathmandu"' in body
    assert "Népal" in body  # Babel's French name for the zone's country


def test_language_from_profile_wins_over_browser(client):
    profile = ProfileFactory(language="es")
    client.force_login(profile.user)

    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.wsgi_request.LANGUAGE_CODE == "es"
    assert response["Content-Language"] == "es"


def test_language_from_browser_without_profile(client, settings):
    settings.LANGUAGES_IN_PROGRESS = []

    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Content-Language"] == "fr"


def test_set_language_saves_profile(client):
    profile = ProfileFactory()
    client.force_login(profile.user)

    response = client.post(reverse("core:set_language"), {"language": "fr", "next": "/"})

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.language == "fr"
