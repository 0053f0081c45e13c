"""The profile: services, the edit page, the profile page."""

import contextlib

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from convene.core.errors import Invalid, NotAllowed
from convene.people.models import Profile
from convene.people.services import profile_ensure, profile_set_blocked, profile_update
from convene.people.validators import (
    clean_home_wiki,
    clean_language,
    clean_languages,
    clean_timezone,
)
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "Asha K.",
    "timezone": "Asia/Kathmandu",
    "language": "fr",
    "languages": "bn, en, pt_br",
    "home_wiki": "https://bn.m.wikipedia.org/wiki/Main_Page",
    "affiliations": "Bangla Wikimedians",
}


def _fields(profile):
    profile.refresh_from_db()
    return {
        "display_name": profile.display_name,
        "timezone": profile.timezone,
        "language": profile.language,
        "languages": profile.languages,
        "home_wiki": profile.home_wiki,
        "affiliations": profile.affiliations,
    }


# --- services ----------------------------------------------------------------------------


def test_profile_ensure_creates_once():
    user = UserFactory()

    first = profile_ensure(user=user, display_name="Asha")
    second = profile_ensure(user=user, display_name="Other")

    assert (first.pk, second.display_name, Profile.objects.count()) == (first.pk, "Asha", 1)


def test_profile_update_normalises_every_field():
    profile = ProfileFactory()

    profile_update(
        profile=profile,
        actor=profile.user,
        display_name="  Asha  ",
        timezone="Asia/Katmandu",
        language="es",
        languages=["bn", "EN", "pt_br", "bn"],
        home_wiki="https://bn.m.wikipedia.org/wiki/X",
        affiliations="Bangla Wikimedians",
    )

    assert _fields(profile) == {
        "display_name": "Asha",
        "timezone": "Asia/Kathmandu",
        "language": "es",
        "languages": ["bn", "en", "pt-BR"],
        "home_wiki": "bn.wikipedia.org",
        "affiliations": "Bangla Wikimedians",
    }


def test_profile_update_errors_for_each_bad_field_and_saves_nothing():
    profile = ProfileFactory(display_name="Asha", timezone="Europe/London")
    before = _fields(profile)

    with pytest.raises(Invalid) as caught:
        profile_update(
            profile=profile,
            actor=profile.user,
            display_name="Asha Kumari",
            timezone="Mars/Olympus_Mons",
            language="xx",
            languages=["bn", "qqqq", "klingon"],
            home_wiki="not a wiki",
        )

    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("timezone", "“Mars/Olympus_Mons” is not a time zone we know. Pick one from the list."),
        ("language", "“xx” is not a language Convene is translated into."),
        (
            "languages",
            "We do not know the language code “qqqq”, “klingon”. Use codes like bn, en or pt-BR.",
        ),
        (
            "home_wiki",
            "“not a wiki” is not a wiki address. Give its domain, like bn.wikipedia.org.",
        ),
    ]
    assert _fields(profile) == before


def test_profile_update_by_someone_else_is_refused():
    profile = ProfileFactory(display_name="Asha")

    with pytest.raises(NotAllowed):
        profile_update(profile=profile, actor=UserFactory(), display_name="Hacked")

    assert _fields(profile)["display_name"] == "Asha"


def test_profile_update_by_staff_is_allowed():
    profile = ProfileFactory(display_name="Asha")

    profile_update(profile=profile, actor=UserFactory(is_staff=True), display_name="Asha K.")

    assert _fields(profile)["display_name"] == "Asha K."


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("bn.wikipedia.org", "bn.wikipedia.org"),
        ("https://bn.wikipedia.org/wiki/Main_Page", "bn.wikipedia.org"),
        ("bn.m.wikipedia.org", "bn.wikipedia.org"),
        ("Meta.Wikimedia.org/", "meta.wikimedia.org"),
        ("www.wikidata.org", "www.wikidata.org"),
        ("", ""),
    ],
)
def test_clean_home_wiki_normalises_to_domain(given, expected):
    assert clean_home_wiki(given) == expected


@pytest.mark.parametrize("given", ["not a wiki", "ftp://bn.wikipedia.org", "localhost", "http://"])
def test_clean_home_wiki_refuses_non_domains(given):
    with pytest.raises(Invalid):
        clean_home_wiki(given)


def test_clean_languages_keeps_order_and_drops_duplicates():
    assert clean_languages(["zh-hant", "sr_latn", "es-419", "tcy", "zh-Hant"]) == [
        "zh-Hant",
        "sr-Latn",
        "es-419",
        "tcy",
    ]


def test_profile_set_blocked_by_staff():
    profile = ProfileFactory()

    profile_set_blocked(actor=UserFactory(is_staff=True), profile=profile, blocked=True)

    profile.refresh_from_db()
    assert profile.blocked is True


def test_profile_set_blocked_by_non_staff_is_refused():
    profile = ProfileFactory()

    with pytest.raises(NotAllowed):
        profile_set_blocked(actor=UserFactory(), profile=profile, blocked=True)

    profile.refresh_from_db()
    assert profile.blocked is False


# --- the edit page -----------------------------------------------------------------------


def test_profile_edit_page_offers_zones_named_in_reader_language(client):
    profile = ProfileFactory(language="fr")
    client.force_login(profile.user)

    body = client.get(reverse("people:profile_edit")).content.decode()

    assert 'value="America/St_Johns"' in body
    assert "Saint-Jean de Terre-Neuve" in body


def test_profile_edit_saves_and_redirects(client):
    profile = ProfileFactory()
    client.force_login(profile.user)

    response = client.post(reverse("people:profile_edit"), VALID)

    assert (response.status_code, response["Location"]) == (302, reverse("people:profile"))
    assert _fields(profile) == {
        "display_name": "Asha K.",
        "timezone": "Asia/Kathmandu",
        "language": "fr",
        "languages": ["bn", "en", "pt-BR"],
        "home_wiki": "bn.wikipedia.org",
        "affiliations": "Bangla Wikimedians",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timezone", "Mars/Olympus_Mons", "“Mars/Olympus_Mons” is not a time zone we know."),
        ("languages", "bn, zz", "We do not know the language code “zz”."),
        ("home_wiki", "bn wikipedia", "“bn wikipedia” is not a wiki address."),
        ("language", "de", "“de” is not a language Convene is translated into."),
    ],
)
def test_profile_edit_refuses_bad_field_and_saves_nothing(client, field, value, message):
    profile = ProfileFactory(display_name="Asha", timezone="Europe/London")
    client.force_login(profile.user)
    before = _fields(profile)

    response = client.post(reverse("people:profile_edit"), {**VALID, field: value})

    assert response.status_code == 400
    errors = [str(e) for e in response.context["form"].errors[field]]
    assert len(errors) == 1
    assert errors[0].startswith(message)
    assert "Nothing was saved" in response.content.decode()
    assert _fields(profile) == before


def test_profile_edit_needs_sign_in(client):
    response = client.get(reverse("people:profile_edit"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_edit_zone_applies_to_next_page(client):
    profile = ProfileFactory()
    client.force_login(profile.user)

    client.post(reverse("people:profile_edit"), {**VALID, "language": ""})
    response = client.get(reverse("people:profile"))

    assert (response.wsgi_request.reader_tz.key, response.wsgi_request.reader_tz_source) == (
        "Asia/Kathmandu",
        "profile",
    )


# --- the profile page --------------------------------------------------------------------


def test_profile_page_names_languages_in_reader_language(client):
    profile = ProfileFactory(languages=["bn", "pt-BR"], language="fr", timezone="Asia/Kathmandu")
    client.force_login(profile.user)

    body = client.get(reverse("people:profile")).content.decode()

    assert '<span class="tag" lang="bn">bengali</span>' in body
    assert '<span class="tag" lang="pt-BR">portugais (Brésil)</span>' in body
    assert "Asia/Kathmandu" in body


def test_profile_page_creates_missing_profile(client):
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse("people:profile"))

    assert response.status_code == 200
    assert Profile.objects.filter(user=user).count() == 1


# --- the public page of a person ---------------------------------------------------------


def test_person_page_shows_public_fields_only(client, django_assert_num_queries):
    profile = ProfileFactory(
        user=UserFactory(username="asha", email="asha@example.org"),
        display_name="Asha K.",
        languages=["bn"],
        home_wiki="bn.wikipedia.org",
        timezone="Asia/Dhaka",
    )

    with django_assert_num_queries(1):
        response = client.get(reverse("people:person", args=["asha"]))

    body = response.content.decode()
    assert (response.status_code, profile.display_name in body) == (200, True)
    assert '<span class="tag" lang="bn">Bangla</span>' in body
    assert ("asha@example.org" in body, "Asia/Dhaka" in body) == (False, False)


def test_person_page_unknown_is_404(client):
    assert client.get(reverse("people:person", args=["nobody"])).status_code == 404


@given(value=st.text(max_size=300))
def test_cleaners_answer_a_value_or_a_refusal(value):
    for clean in (clean_timezone, clean_home_wiki, clean_language):
        try:
            result = clean(value)
        except Invalid:
            continue
        assert isinstance(result, str)
    with contextlib.suppress(Invalid):
        assert all(isinstance(tag, str) for tag in clean_languages(value.split(",")))


# --- e-mailed notices ----------------------------------------------------------------------


def test_profile_edit_offers_email_notices_ticked_by_default(client):
    profile = ProfileFactory()
    client.force_login(profile.user)

    form = client.get(reverse("people:profile_edit")).context["form"]

    assert form.initial["email_notices"] is True


@pytest.mark.parametrize(("posted", "expected"), [({}, False), ({"email_notices": "on"}, True)])
def test_profile_edit_sets_email_notices(client, posted, expected):
    profile = ProfileFactory(email_notices=not expected)
    client.force_login(profile.user)

    response = client.post(reverse("people:profile_edit"), {**VALID, **posted})

    profile.refresh_from_db()
    assert (response.status_code, profile.email_notices) == (302, expected)


def test_profile_page_says_whether_notices_are_emailed(client):
    profile = ProfileFactory(email_notices=False)
    client.force_login(profile.user)

    body = client.get(reverse("people:profile")).content.decode()

    assert '<dd id="profile-email-notices">On the site only</dd>' in body


def test_profile_update_email_notices_must_be_a_boolean():
    profile = ProfileFactory()

    with pytest.raises(Invalid) as caught:
        profile_update(profile=profile, actor=profile.user, email_notices="no")

    assert (caught.value.field, caught.value.code) == ("email_notices", "invalid")
