import pytest
from django.test import Client
from django.urls import reverse

from convene.people.models import ApiToken, Profile
from convene.people.services import api_token_create
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_block_action_blocks_and_session_ends(staff_client):
    profile = ProfileFactory()
    their_client = Client()
    their_client.force_login(profile.user)

    response = staff_client.post(
        reverse("admin:people_profile_changelist"),
        {"action": "block", "_selected_action": [profile.pk]},
    )

    assert response.status_code == 302
    assert Profile.objects.get(pk=profile.pk).blocked is True
    assert their_client.get(reverse("people:profile")).status_code == 302


def test_admin_unblock_action_unblocks(staff_client):
    profile = ProfileFactory(blocked=True)

    staff_client.post(
        reverse("admin:people_profile_changelist"),
        {"action": "unblock", "_selected_action": [profile.pk]},
    )

    assert Profile.objects.get(pk=profile.pk).blocked is False


@pytest.mark.parametrize(
    "name", ["admin:people_profile_changelist", "admin:people_apitoken_changelist"]
)
def test_admin_lists_render(staff_client, name):
    api_token_create(user=ProfileFactory().user, name="script")

    assert staff_client.get(reverse(name)).status_code == 200


def test_admin_delete_token_revokes_it(staff_client):
    token, _key = api_token_create(user=ProfileFactory().user, name="script")

    staff_client.post(reverse("admin:people_apitoken_delete", args=[token.pk]), {"post": "yes"})

    assert ApiToken.objects.count() == 0


def _admin_profile_post(staff_client, profile, **changes):
    data = {
        "display_name": "Mina",
        "timezone": "Asia/Dhaka",
        "language": "",
        "languages": '["bn", "en"]',
        "home_wiki": "bn.wikipedia.org",
        "affiliations": "",
        **changes,
    }
    return staff_client.post(reverse("admin:people_profile_change", args=[profile.pk]), data)


def test_admin_profile_edit_normalises_like_the_service(staff_client):
    profile = ProfileFactory(timezone="")

    response = _admin_profile_post(
        staff_client,
        profile,
        timezone="Asia/Calcutta",
        languages='["PT_br"]',
        home_wiki="https://bn.m.wikipedia.org/wiki/X",
    )

    saved = Profile.objects.get(pk=profile.pk)
    assert response.status_code == 302
    assert (saved.timezone, saved.languages, saved.home_wiki) == (
        "Asia/Kolkata",
        ["pt-BR"],
        "bn.wikipedia.org",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Mars/Olympus"),
        ("language", "xx"),
        ("languages", '{"bn": 1}'),
        ("languages", '["not a code"]'),
        ("home_wiki", "not a wiki"),
    ],
)
def test_admin_profile_edit_refuses_bad_values_and_saves_nothing(staff_client, field, value):
    profile = ProfileFactory(display_name="Before", timezone="")

    response = _admin_profile_post(staff_client, profile, **{field: value})

    saved = Profile.objects.get(pk=profile.pk)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == [field]
    assert (saved.display_name, saved.timezone) == ("Before", "")
