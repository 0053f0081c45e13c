import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_has_csp_forbidding_inline_code(client):
    response = client.get(reverse("core:home"))

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy


def test_home_has_no_inline_script_or_style(client):
    body = client.get(reverse("core:home")).content.decode()

    assert "<style" not in body
    assert " style=" not in body
    assert body.count("<script") == body.count("<script src=")
    assert " onclick=" not in body


def test_home_has_landmarks_and_skip_link(client):
    body = client.get(reverse("core:home")).content.decode()

    for landmark in ("<header", "<nav", "<main", "<footer", 'href="#main"'):
        assert landmark in body


def test_healthz_checks_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_database_failure(client, monkeypatch):
    from django.db import DatabaseError, connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("no database")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "error"
