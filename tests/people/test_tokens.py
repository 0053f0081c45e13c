"""Personal API tokens: made and revoked on the profile page, used on the API."""

import re

import pytest
from django.urls import reverse

from convene.core.errors import Invalid, NotAllowed
from convene.people.models import ApiToken
from convene.people.services import api_token_create, api_token_revoke
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_api_token_create_stores_only_the_hash():
    user = UserFactory()

    token, key = api_token_create(user=user, name=" my script ")

    assert (token.name, token.prefix, token.key_hash) == (
        "my script",
        key[:8],
        ApiToken.hash_key(key),
    )
    assert ApiToken.objects.filter(key_hash=key).exists() is False
    assert len(key) >= 40


def test_api_token_create_without_name_is_refused():
    with pytest.raises(Invalid):
        api_token_create(user=UserFactory(), name="   ")

    assert ApiToken.objects.count() == 0


def test_api_token_works_on_api_me(client):
    profile = ProfileFactory()
    _token, key = api_token_create(user=profile.user, name="script")

    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert (response.status_code, response.json()["username"]) == (200, profile.user.username)


def test_api_token_revoked_is_401(client):
    profile = ProfileFactory()
    token, key = api_token_create(user=profile.user, name="script")

    api_token_revoke(actor=profile.user, token=token)
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 401


def test_api_token_of_blocked_person_is_401(client):
    profile = ProfileFactory(blocked=True)
    _token, key = api_token_create(user=profile.user, name="script")

    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 401


def test_api_token_revoke_by_someone_else_is_refused():
    token, _key = api_token_create(user=UserFactory(), name="script")

    with pytest.raises(NotAllowed):
        api_token_revoke(actor=UserFactory(), token=token)

    assert ApiToken.objects.count() == 1


def test_profile_page_creates_token_and_shows_key_once(client):
    profile = ProfileFactory()
    client.force_login(profile.user)

    response = client.post(reverse("people:token_create"), {"name": "notes bot"}, follow=True)

    body = response.content.decode()
    key = re.search(r'<code class="token-key">([^<]+)</code>', body).group(1)
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    again = client.get(reverse("people:profile")).content.decode()
    assert key not in again
    assert "notes bot" in again


def test_profile_page_token_without_name_shows_error(client):
    client.force_login(ProfileFactory().user)

    response = client.post(reverse("people:token_create"), {"name": ""})

    assert response.status_code == 400
    assert response.context["token_form"].errors["name"] == ["This field is required."]
    assert ApiToken.objects.count() == 0


def test_profile_page_revokes_token(client):
    profile = ProfileFactory()
    token, _key = api_token_create(user=profile.user, name="script")
    client.force_login(profile.user)

    response = client.post(reverse("people:token_revoke", args=[token.pk]))

    assert response.status_code == 302
    assert ApiToken.objects.count() == 0


def test_profile_page_cannot_revoke_someone_elses_token(client):
    token, _key = api_token_create(user=UserFactory(), name="theirs")
    client.force_login(ProfileFactory().user)

    response = client.post(reverse("people:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("count", [1, 5])
def test_profile_page_query_count_does_not_grow_with_tokens(
    client, django_assert_num_queries, count
):
    profile = ProfileFactory()
    for n in range(count):
        api_token_create(user=profile.user, name=f"token {n}")
    client.force_login(profile.user)

    # session, user, profile, tokens, unread notices in the header
    with django_assert_num_queries(5):
        response = client.get(reverse("people:profile"))

    assert response.content.decode().count("/revoke/") == count


def test_api_me_patch_with_token_changes_profile(client):
    profile = ProfileFactory(display_name="Asha")
    _token, key = api_token_create(user=profile.user, name="script")

    response = client.patch(
        "/api/me",
        {"timezone": "Asia/Katmandu", "languages": ["bn", "pt_br"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["display_name"], body["timezone"], body["languages"]) == (
        "Asha",
        "Asia/Kathmandu",
        ["bn", "pt-BR"],
    )


def test_api_me_patch_bad_zone_is_400_naming_field_and_saves_nothing(client):
    profile = ProfileFactory(display_name="Asha", timezone="Europe/London")
    _token, key = api_token_create(user=profile.user, name="script")
    message = "“Mars/Olympus_Mons” is not a time zone we know. Pick one from the list."

    response = client.patch(
        "/api/me",
        {"display_name": "New", "timezone": "Mars/Olympus_Mons"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": message,
        "field": "timezone",
        "errors": [{"field": "timezone", "message": message}],
    }
    profile.refresh_from_db()
    assert (profile.display_name, profile.timezone) == ("Asha", "Europe/London")


def test_api_me_patch_anonymous_is_401(client):
    response = client.patch("/api/me", {"display_name": "X"}, content_type="application/json")

    assert response.status_code == 401


def test_api_me_patch_with_session_needs_csrf(client):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(ProfileFactory().user)

    response = csrf_client.patch("/api/me", {"display_name": "X"}, content_type="application/json")

    assert response.status_code == 403


def test_api_me_patch_reports_every_field_at_fault_at_once(client):
    profile = ProfileFactory(display_name="Asha", timezone="Europe/London")
    _token, key = api_token_create(user=profile.user, name="script")

    response = client.patch(
        "/api/me",
        {"timezone": "Mars/Olympus_Mons", "languages": ["bn", "zz"], "home_wiki": "no wiki"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 400
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [
        ("timezone", "“Mars/Olympus_Mons” is not a time zone we know. Pick one from the list."),
        ("languages", "We do not know the language code “zz”. Use codes like bn, en or pt-BR."),
        ("home_wiki", "“no wiki” is not a wiki address. Give its domain, like bn.wikipedia.org."),
    ]
    profile.refresh_from_db()
    assert profile.timezone == "Europe/London"


@pytest.mark.parametrize("body", ["[null, null]", "[]", "3", '"Asha"', "null"])
def test_api_me_patch_body_not_an_object_is_400(client, body):
    profile = ProfileFactory(display_name="Asha")
    _token, key = api_token_create(user=profile.user, name="script")

    response = client.generic(
        "PATCH",
        "/api/me",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert (response.status_code, response.json()["message"]) == (
        400,
        "the body must be a JSON object",
    )


def test_api_me_patch_turns_email_notices_off(client):
    profile = ProfileFactory(email_notices=True)
    _token, key = api_token_create(user=profile.user, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    patched = client.patch(
        "/api/me", {"email_notices": False}, content_type="application/json", **auth
    )
    read = client.get("/api/me", **auth)

    profile.refresh_from_db()
    assert (patched.status_code, patched.json()["email_notices"]) == (200, False)
    assert (read.json()["email_notices"], profile.email_notices) == (False, False)


def test_api_me_patch_email_notices_not_a_boolean_is_400(client):
    profile = ProfileFactory(email_notices=True)
    _token, key = api_token_create(user=profile.user, name="script")

    response = client.patch(
        "/api/me",
        {"email_notices": "sometimes"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    profile.refresh_from_db()
    assert (response.status_code, response.json()["field"]) == (400, "email_notices")
    assert profile.email_notices is True
