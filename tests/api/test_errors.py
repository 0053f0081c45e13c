"""Every error under /api/ answers the API's JSON shape, also when no endpoint ran: an
unknown path, a method the path does not take, a body over the size limit, a host that is
not allowed, an exception nobody handled."""

import json

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import path

from convene.urls import urlpatterns as site_urlpatterns
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def crash(request: HttpRequest):
    raise RuntimeError("a secret detail of the crash")


# The site, and an address under /api/ whose view fails as a bug would.
urlpatterns = [path("api/_crash", crash), *site_urlpatterns]


def _error(response) -> dict:
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert sorted(body) == ["code", "errors", "field", "message"]
    return body


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_unknown_api_path_is_json_404(client, method):
    response = getattr(client, method)("/api/no-such-thing")

    assert response.status_code == 404
    assert _error(response) == {
        "code": "not_found",
        "message": "There is no API endpoint at this address.",
        "field": None,
        "errors": [],
    }


def test_method_not_allowed_is_json_405_naming_the_allowed_ones(client):
    response = client.delete("/api/me")

    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "PATCH"]
    body = _error(response)
    assert body["code"] == "method_not_allowed"
    assert body["message"].startswith("This endpoint does not take this method; it takes ")


def test_body_over_the_upload_limit_is_json_413_naming_the_limit(client, settings):
    client.force_login(ProfileFactory().user)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = json.dumps({"display_name": "x" * limit})

    response = client.patch("/api/me", body, content_type="application/json")

    assert response.status_code == 413
    assert _error(response) == {
        "code": "too_large",
        "message": "The request body is larger than the limit of 2,621,440 bytes.",
        "field": None,
        "errors": [],
    }


def test_body_at_the_upload_limit_is_read(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    client.force_login(ProfileFactory().user)
    body = json.dumps({"display_name": "Asha"}).ljust(100)

    response = client.patch("/api/me", body, content_type="application/json")

    assert response.status_code == 200


def test_host_not_allowed_is_json_400(client):
    response = client.get("/api/me", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert _error(response)["code"] == "invalid"


@pytest.mark.urls("tests.api.test_errors")
@pytest.mark.parametrize("debug", [False, True])
def test_unhandled_exception_is_json_500_without_the_traceback(caplog, settings, debug):
    settings.DEBUG = debug  # Django's debug page (with the traceback) is not sent either
    client = Client(raise_request_exception=False)

    response = client.get("/api/_crash")

    assert response.status_code == 500
    assert _error(response) == {
        "code": "server_error",
        "message": "Something went wrong on our side; it has been logged.",
        "field": None,
        "errors": [],
    }
    assert "secret detail" not in response.content.decode()
    assert [record.exc_info[1].args for record in caplog.records if record.exc_info] == [
        ("a secret detail of the crash",)
    ]


def test_html_pages_keep_their_html_errors(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
