"""Pages stay light on a big directory: no page of the directory over 50 KB of HTML on
the bench's data (a smaller run of `bench/directory_data.py`)."""

import pytest
from bench.directory_data import generate

from tests.factories import UserFactory

BUDGET = 50 * 1024

PAGES = [
    "/directory/",
    "/directory/?kind=hub",
    "/directory/who-serves/?country={country}&language={language}",
    "/directory/who-serves/?country=India&language=Spanish",
    "/directory/coverage/?by=region",
    "/directory/coverage/?by=language",
    "/directory/coverage/?by=language&page=2",
    "/directory/timeline/",
    "/directory/{hub_slug}/",
]


@pytest.fixture
def bench_data(db):
    return generate(organisations=600, hubs=120, communities=1500)


def test_directory_pages_stay_under_50_kb(client, bench_data):
    sizes = {}
    for url in PAGES:
        response = client.get(url.format(**bench_data))
        assert response.status_code == 200, url
        sizes[url] = len(response.content)

    assert {url: size for url, size in sizes.items() if size > BUDGET} == {}


def test_the_map_outlines_are_one_cached_file(client, db):
    response = client.get("/directory/coverage/shapes.svg")

    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response.content.count(b"<path id=") > 150


def test_the_organisation_forms_stay_under_50_kb(client, bench_data):
    client.force_login(UserFactory(is_staff=True))

    sizes = {
        url: len(client.get(url).content) for url in ("/directory/new/", "/directory/propose/")
    }

    assert {url: size for url, size in sizes.items() if size > BUDGET} == {}
