"""The directory's cached page parts (the list's filters and rows, "who serves me", the
links): a change through a service shows at once, and each reader sees their own bits
(proposals, staff links, the language picker's candidates ranked by their languages)."""

import re

import pytest
from django.urls import reverse

from convene.directory.services import (
    OrganisationInput,
    organisation_propose,
    organisation_update,
)
from convene.people.models import Profile
from convene.people.pickers import LANGUAGES
from tests.directory.conftest import make_org
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("reference")

STAFF_LINK = reverse("directory:organisation_create")


def main_of(response) -> str:
    return response.content.decode().split('<main id="main">')[1].split("</main>")[0]


def test_directory_list_shows_a_new_organisation_at_once(client, staff):
    make_org(staff, "Alpha group")
    before = main_of(client.get(reverse("directory:index")))

    make_org(staff, "Beta group")
    after = main_of(client.get(reverse("directory:index")))

    assert ("Beta group" in before, "Beta group" in after) == (False, True)
    assert ("2 organisations" in before, "1 organisation" in before) == (False, True)
    assert "2 organisations" in after


def test_directory_list_gives_each_reader_their_own_proposals_and_links(client, staff, person):
    make_org(staff, "Listed group")
    organisation_propose(
        actor=person,
        data=OrganisationInput(name="My proposed group", kind="non_affiliated_group"),
    )
    url = reverse("directory:index")

    anonymous = main_of(client.get(url))
    client.force_login(person)
    proposer = main_of(client.get(url))
    client.force_login(staff)
    staffer = main_of(client.get(url))
    client.logout()
    anonymous_again = main_of(client.get(url))

    assert [
        ("My proposed group" in page, "Your proposals" in page, STAFF_LINK in page)
        for page in (anonymous, proposer, staffer, anonymous_again)
    ] == [(False, False, False), (True, True, False), (True, False, True), (False, False, False)]
    assert all("Listed group" in page for page in (anonymous, proposer, staffer))


def test_directory_list_ranks_a_typed_languages_candidates_by_each_readers_languages(client, db):
    url = reverse("directory:index")
    typed = "eng"
    reader = UserFactory(username="jamaican")
    Profile.objects.create(user=reader, languages=["jam"])

    anonymous = _candidates(client.get(url, {"language": typed}))
    client.force_login(reader)
    signed_in = _candidates(client.get(url, {"language": typed}))
    client.logout()
    anonymous_again = _candidates(client.get(url, {"language": typed}))

    assert anonymous == anonymous_again == _resolved(typed, first=["en"])
    assert signed_in == _resolved(typed, first=["jam", "en"])
    assert anonymous != signed_in


def test_directory_list_refuses_an_unknown_filter_from_the_cache_too(client, db):
    first = client.get(reverse("directory:index"), {"kind": "planet"})
    again = client.get(reverse("directory:index"), {"kind": "planet"})

    assert (first.status_code, again.status_code) == (400, 400)
    assert main_of(first) == main_of(again)


def test_directory_list_later_visit_asks_only_the_directory_version(
    client, staff, django_assert_num_queries
):
    make_org(staff, "Group", countries=["KE"])
    url = reverse("directory:index")
    client.get(url, {"country": "KE"})

    with django_assert_num_queries(1):
        response = client.get(url, {"country": "KE"})

    assert "Group" in main_of(response)


def test_organisation_page_shows_a_rename_to_anonymous_readers_at_once(client, staff):
    hub = make_org(staff, "Old name", kind="hub", scope_type="thematic", theme="advocacy")
    url = reverse("directory:organisation", args=[hub.slug])
    before = client.get(url).content.decode()

    organisation_update(
        actor=staff,
        organisation=hub,
        data=OrganisationInput(
            name="New name", kind="hub", scope_type="thematic", theme="advocacy"
        ),
    )
    after = client.get(url).content.decode()

    assert [
        re.findall(r"<title>(.*?) · Convene</title>|<h1 id=\"org-name\"><bdi>(.*?)</bdi>", page)
        for page in (before, after)
    ] == [[("Old name", ""), ("", "Old name")], [("New name", ""), ("", "New name")]]


def test_who_serves_later_visit_asks_only_the_version_and_the_panels(
    client, staff, django_assert_num_queries
):
    make_org(staff, "Kenya group", countries=["KE"])
    url = reverse("directory:who_serves")
    client.get(url, {"country": "KE"})

    # The directory version, and programmes' panel of the country's grant constraints.
    with django_assert_num_queries(1 + 1):
        response = client.get(url, {"country": "KE"})

    assert "Kenya group" in main_of(response)


def test_who_serves_prefills_each_readers_own_language(client, db):
    url = reverse("directory:who_serves")
    values = []
    for username, languages in (("bengali", ["bn"]), ("swahili", ["sw"]), ("", [])):
        client.logout()
        if username:
            reader = UserFactory(username=username)
            Profile.objects.create(user=reader, languages=languages)
            client.force_login(reader)
        page = main_of(client.get(url))
        values.append(re.search(r'name="language"(?: value="([^"]*)")?', page).group(1))

    assert values == ["Bangla", "Swahili", ""]


@pytest.mark.parametrize("path", ["/api/organisations", "/api/hubs"])
def test_api_list_shows_a_new_hub_at_once_with_links_to_the_host_asked(client, staff, path):
    make_org(staff, "First hub", kind="hub", scope_type="thematic", theme="advocacy")
    before = client.get(path, HTTP_HOST="localhost").json()

    make_org(staff, "Second hub", kind="hub", scope_type="thematic", theme="advocacy")
    after = client.get(path, HTTP_HOST="localhost").json()
    other_host = client.get(path, HTTP_HOST="127.0.0.1").json()

    assert [o["name"] for o in before["items"]] == ["First hub"]
    assert [o["name"] for o in after["items"]] == ["First hub", "Second hub"]
    assert [o["url"] for o in other_host["items"]] == [
        "http://127.0.0.1/directory/first-hub/",
        "http://127.0.0.1/directory/second-hub/",
    ]
    assert after["items"][0]["url"] == "http://localhost/directory/first-hub/"


def _candidates(response) -> list[str]:
    fieldset = re.search(r'<fieldset class="picker-candidates">.*?</fieldset>', main_of(response))
    assert fieldset is not None
    return re.findall(r'name="language" value="([^"]+)"', fieldset.group(0))


def _resolved(text: str, *, first: list[str]) -> list[str]:
    code, candidates = LANGUAGES.resolve(text, first=first)
    assert code is None
    return [option.code for option in candidates]
