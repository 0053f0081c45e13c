"""GET /api/regions, /api/countries, /api/languages: the slugs and codes the filters and
the planner take, named in the reader's language, paginated like every list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.directory.models import Country, Language, Region


@pytest.mark.usefixtures("reference")
def test_api_regions_give_slugs_names_and_countries(client):
    response = client.get("/api/regions", {"limit": 200})

    body = response.json()
    regions = {item["slug"]: item for item in body["items"]}
    assert (response.status_code, body["count"], body["next"]) == (200, 8, None)
    assert {key: regions["cee"][key] for key in ("slug", "name", "short_name")} == {
        "slug": "cee",
        "name": "Central & Eastern Europe & Central Asia",
        "short_name": "CEE",
    }
    assert ("PL" in regions["cee"]["countries"], "PL" in regions["nwe"]["countries"]) == (
        True,
        False,
    )


@pytest.mark.usefixtures("reference")
def test_api_regions_slugs_are_what_the_filters_take(client):
    slugs = [item["slug"] for item in client.get("/api/regions").json()["items"]]

    statuses = {client.get("/api/organisations", {"region": slug}).status_code for slug in slugs}

    assert statuses == {200}


@pytest.mark.usefixtures("reference")
def test_api_countries_are_named_in_the_readers_language(client):
    english = client.get("/api/countries", {"limit": 200}).json()
    french = client.get("/api/countries", {"limit": 200}, HTTP_ACCEPT_LANGUAGE="fr").json()

    assert english["count"] == Country.objects.count()
    assert {i["code"]: i["name"] for i in english["items"]}["DE"] == "Germany"
    assert {i["code"]: i["name"] for i in french["items"]}["DE"] == "Allemagne"


@pytest.mark.usefixtures("reference")
def test_api_languages_are_named_in_the_readers_language_and_paginated(client):
    response = client.get("/api/languages", {"limit": 3, "offset": 3}, HTTP_ACCEPT_LANGUAGE="fr")

    body = response.json()
    assert (body["count"], len(body["items"])) == (Language.objects.count(), 3)
    assert body["next"] == "http://testserver/api/languages?limit=3&offset=6"
    french = {
        i["code"]: i["name"]
        for i in client.get("/api/languages", {"limit": 200}, HTTP_ACCEPT_LANGUAGE="fr").json()[
            "items"
        ]
    }
    assert french.get("de") == "allemand"


@pytest.mark.usefixtures("reference")
def test_api_language_codes_are_what_the_filters_take(client):
    codes = [item["code"] for item in client.get("/api/languages", {"limit": 20}).json()["items"]]

    statuses = {client.get("/api/hubs", {"language": code}).status_code for code in codes}

    assert statuses == {200}


@pytest.mark.parametrize("path", ["/api/regions", "/api/countries", "/api/languages"])
def test_api_reference_lists_refuse_a_bad_limit(client, db, path):
    response = client.get(path, {"limit": 0})

    assert (response.status_code, response.json()["field"]) == (400, "limit")


def _make(start: int, stop: int) -> None:
    for i in range(start, stop):
        country = Country.objects.create(code=f"Q{chr(ord('A') + i)}", name=f"Country {i}")
        Language.objects.create(code=f"x{i}", name=f"Language {i}")
        region = Region.objects.create(slug=f"r{i}", name=f"Region {i}", short_name=f"R{i}")
        region.countries.set([country])


def _count(client, path: str, items: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert (response.status_code, response.json()["count"]) == (200, items)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/api/regions", "/api/countries", "/api/languages"])
def test_api_reference_lists_query_count_does_not_grow(client, db, path):
    _make(0, 1)
    one = _count(client, path, 1)
    _make(1, 5)
    five = _count(client, path, 5)

    assert five == one
