"""The base layout's parts kept rendered (core/frame.py): each reader still sees their
own menu, zone, language and page address once the parts are kept."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _home(client, query: str = "") -> str:
    return client.get(reverse("core:home") + query).content.decode()


def _account_menu(body: str) -> str:
    found = re.search(r'<ul class="nav account".*?</ul>', body, re.DOTALL)
    assert found is not None
    return found.group(0)


def test_frame_signed_in_and_anonymous_each_see_their_menu(client):
    person = UserFactory(username="ada")
    anonymous_first = _account_menu(_home(client))
    client.force_login(person)
    signed_in = _account_menu(_home(client))
    client.logout()
    anonymous_again = _account_menu(_home(client))

    assert (
        "Sign in" in anonymous_first,
        "Sign out" in signed_in,
        "<bdi>ada</bdi>" in signed_in,
        "Sign in" in signed_in,
        anonymous_again == anonymous_first,
    ) == (True, True, True, False, True)


def test_frame_zone_bar_follows_each_reader_zone(client):
    utc = _home(client, "?tz=UTC")
    kathmandu = _home(client, "?tz=Asia/Kathmandu")
    unknown = _home(client, "?tz=Nowhere/Land")

    assert (
        "Times are shown in <strong>Etc/UTC</strong>" in utc,
        "Times are shown in <strong>Asia/Kathmandu</strong>" in kathmandu,
        'data-tz="Asia/Kathmandu"' in kathmandu,
        "“Nowhere/Land” is not a time zone we know." in unknown,
        "is not a time zone we know" in utc,
    ) == (True, True, True, True, False)


def test_frame_next_links_name_each_page(client):
    home = _home(client, "?tz=UTC")
    events = client.get(reverse("events:index") + "?tz=UTC").content.decode()

    assert (
        '<input type="hidden" name="next" value="/?tz=UTC">' in home,
        '<input type="hidden" name="next" value="/events/?tz=UTC">' in events,
        "?next=/events/%3Ftz%3DUTC" in events,
    ) == (True, True, True)


def test_frame_each_reader_language(client):
    english = _home(client)
    french = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert (
        '<html lang="en"' in english,
        '<html lang="fr"' in french,
        ">Skip to content<" in english,
        ">Skip to content<" in french,
    ) == (True, True, True, False)


def test_frame_csrf_token_per_reader(client):
    person = UserFactory(username="ada")
    client.force_login(person)
    first = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', _home(client))

    assert len(first) == 2
