import pytest

from convene.people.models import ApiToken
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def _token_for(user, key="k" * 40):
    ApiToken.objects.create(user=user, name="test", key_hash=ApiToken.hash_key(key), prefix=key[:8])
    return key


def test_openapi_schema_is_served(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Convene API"
    assert "/api/me" in schema["paths"]


def test_me_anonymous_is_401_with_error_body(client):
    response = client.get("/api/me")

    assert response.status_code == 401
    assert response.json() == {
        "code": "not_authenticated",
        "message": "Sign in or send a token.",
        "field": None,
        "errors": [],
    }


def test_me_with_session(client):
    profile = ProfileFactory(display_name="Asha", timezone="Asia/Kolkata", languages=["bn", "en"])
    client.force_login(profile.user)

    response = client.get("/api/me")

    assert response.status_code == 200
    body = response.json()
    assert (body["display_name"], body["timezone"], body["languages"]) == (
        "Asha",
        "Asia/Kolkata",
        ["bn", "en"],
    )


def test_me_with_token(client):
    profile = ProfileFactory()
    key = _token_for(profile.user)

    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 200
    assert response.json()["username"] == profile.user.username


def test_me_with_unknown_token_is_401(client):
    response = client.get("/api/me", HTTP_AUTHORIZATION="Bearer nope")

    assert response.status_code == 401
    assert response.json()["message"] == "That API token is unknown or was revoked."


def test_me_with_malformed_authorization_is_401(client):
    response = client.get("/api/me", HTTP_AUTHORIZATION="Basic abc")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_me_token_of_blocked_person_is_401(client):
    profile = ProfileFactory(blocked=True)
    key = _token_for(profile.user)

    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 401


def test_unknown_api_path_is_404(client):
    response = client.get("/api/no-such-thing")

    assert response.status_code == 404


@pytest.mark.parametrize("offset", ["-1", "99999999999999999999999"])
def test_list_offset_out_of_range_is_400_naming_it(client, offset):
    response = client.get("/api/events", {"offset": offset})

    assert response.status_code == 400
    assert response.json()["field"] == "offset"
