"""Log in with a Wikimedia account: the whole OAuth 2 round trip against a fake server.

The Django test client plays the browser on our side; `requests` plays it on the wiki's
consent page (a real HTTP request over loopback, as are allauth's own calls to the token
and profile endpoints).
"""

import json
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.urls import reverse

from convene.people.models import Profile
from convene.people.services import profile_ensure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def _start(client):
    """Press "Log in with Wikimedia": our site sends the browser to the consent page."""
    response = client.post(reverse("mediawiki_login"))
    assert response.status_code == 302
    return response["Location"]


def _consent(authorize_url):
    """The person answers Wikimedia's consent page; it sends them back to Convene."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def _sign_in(client, fake):
    return client.get(_consent(_start(client)))


def _signed_in_user(client):
    response = client.get(reverse("people:profile"))
    return response.wsgi_request.user


def test_wikimedia_login_authorize_request_names_client_callback_and_state(client, wikimedia):
    authorize_url = _start(client)

    parts = urlsplit(authorize_url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert (
        f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{wikimedia.rest_api}/oauth2/authorize"
    )
    assert (query["client_id"], query["response_type"], query["redirect_uri"]) == (
        "convene-test-client",
        "code",
        "http://testserver/accounts/mediawiki/login/callback/",
    )
    assert len(query["state"]) >= 8


def test_wikimedia_login_new_person_gets_account_profile_and_stored_token(client, wikimedia):
    response = _sign_in(client, wikimedia)

    assert (response.status_code, response["Location"]) == (302, reverse("people:profile"))
    user = _signed_in_user(client)
    assert user.is_authenticated
    account = SocialAccount.objects.get(provider="mediawiki")
    assert (account.user_id, account.uid, account.extra_data["username"]) == (
        user.pk,
        "4242",
        "Asha Kumari",
    )
    assert Profile.objects.get(user=user).display_name == "Asha Kumari"
    assert user.email == "asha@example.org"
    assert not user.has_usable_password()
    # The wiki token is kept: publishing notes edits the wiki as the person.
    token = SocialToken.objects.get(account=account)
    assert token.token in wikimedia.tokens
    assert token.token_secret == f"refresh-{token.token}"
    token_calls = [r for r in wikimedia.requests if r.path.endswith("/oauth2/access_token")]
    assert [(r.form["grant_type"], r.form["client_secret"]) for r in token_calls] == [
        ("authorization_code", "convene-test-secret")
    ]
    profile_calls = [r for r in wikimedia.requests if r.path.endswith("/oauth2/resource/profile")]
    assert [r.headers["authorization"] for r in profile_calls] == [f"Bearer {token.token}"]


def test_wikimedia_login_second_time_reuses_the_account(client, wikimedia):
    _sign_in(client, wikimedia)
    first = _signed_in_user(client)
    client.post(reverse("account_logout"))

    response = _sign_in(client, wikimedia)

    assert response.status_code == 302
    assert _signed_in_user(client).pk == first.pk
    assert (User.objects.count(), SocialAccount.objects.count(), Profile.objects.count()) == (
        1,
        1,
        1,
    )


def test_wikimedia_login_without_confirmed_email_still_signs_up(client, wikimedia):
    wikimedia.person = {**wikimedia.person, "confirmed_email": False, "email": None}

    response = _sign_in(client, wikimedia)

    assert response.status_code == 302
    user = _signed_in_user(client)
    assert (user.is_authenticated, user.email) == (True, "")


def test_wikimedia_login_taken_username_keeps_wiki_name_as_display_name(client, wikimedia):
    UserFactory(username="Asha")
    wikimedia.person = {**wikimedia.person, "username": "Asha", "email": "other@example.org"}

    _sign_in(client, wikimedia)

    user = _signed_in_user(client)
    assert user.is_authenticated
    assert user.username != "Asha"
    assert user.profile.display_name == "Asha"


def test_wikimedia_login_refused_consent_creates_nothing(client, wikimedia):
    wikimedia.consent = "refuse"

    response = client.get(_consent(_start(client)), follow=True)

    assert response.status_code == 200
    assert "You did not allow Convene to use your Wikimedia account" in response.content.decode()
    assert response.wsgi_request.user.is_authenticated is False
    assert (User.objects.count(), SocialAccount.objects.count()) == (0, 0)
    assert [r.path for r in wikimedia.requests] == ["/w/rest.php/oauth2/authorize"]


def test_wikimedia_login_token_error_shows_clear_page_and_creates_nothing(client, wikimedia):
    wikimedia.token_error = True

    response = _sign_in(client, wikimedia)

    assert response.status_code == 401
    assert "Wikimedia did not confirm who you are" in response.content.decode()
    assert _signed_in_user(client).is_authenticated is False
    assert (User.objects.count(), SocialAccount.objects.count(), SocialToken.objects.count()) == (
        0,
        0,
        0,
    )


def test_wikimedia_login_callback_with_forged_state_is_refused(client, wikimedia):
    _start(client)

    response = client.get(reverse("mediawiki_callback"), {"code": "made-up", "state": "not-ours"})

    assert response.status_code == 401
    assert User.objects.count() == 0
    assert [r.path for r in wikimedia.requests] == []


def test_wikimedia_login_blocked_person_is_refused(client, wikimedia):
    _sign_in(client, wikimedia)
    user = _signed_in_user(client)
    client.post(reverse("account_logout"))
    profile = profile_ensure(user=user)
    profile.blocked = True
    profile.save()

    response = _sign_in(client, wikimedia)

    assert response.status_code == 403
    assert "This account is blocked" in response.content.decode()
    assert _signed_in_user(client).is_authenticated is False


@pytest.mark.parametrize("url_name", ["account_login", "account_signup"])
def test_login_page_offers_wikimedia_when_configured(client, wikimedia, url_name):
    response = client.get(reverse(url_name))

    body = response.content.decode()
    assert "Log in with Wikimedia" in body
    assert f'action="{reverse("mediawiki_login")}' in body


@pytest.mark.parametrize("url_name", ["account_login", "account_signup"])
def test_login_page_hides_wikimedia_when_not_configured(client, url_name):
    response = client.get(reverse(url_name))

    assert "Log in with Wikimedia" not in response.content.decode()


def test_connections_page_lists_wikimedia_account(client, wikimedia):
    _sign_in(client, wikimedia)

    response = client.get(reverse("socialaccount_connections"))

    assert response.status_code == 200
    assert "Asha Kumari" in response.content.decode()


def test_wikimedia_login_with_taken_email_asks_for_another(client, wikimedia):
    local = UserFactory(username="local", email="asha@example.org")
    EmailAddress.objects.create(user=local, email="asha@example.org", primary=True, verified=True)

    response = _sign_in(client, wikimedia)

    assert (response.status_code, response["Location"]) == (302, reverse("socialaccount_signup"))
    assert (User.objects.count(), SocialAccount.objects.count()) == (1, 0)
    form_page = client.get(reverse("socialaccount_signup"))
    assert form_page.status_code == 200
    refused = client.post(
        reverse("socialaccount_signup"), {"email": "asha@example.org", "username": "asha"}
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["email"] == [
        (
            "An account already exists with this email address. Please sign in to that "
            "account first, then connect your MediaWiki account."
        )
    ]
    assert (User.objects.count(), SocialAccount.objects.count()) == (1, 0)

    done = client.post(
        reverse("socialaccount_signup"), {"email": "asha.k@example.org", "username": "asha"}
    )

    assert done.status_code == 302
    user = User.objects.get(username="asha")
    assert (user.email, user.profile.display_name, SocialAccount.objects.get().user_id) == (
        "asha.k@example.org",
        "Asha Kumari",
        user.pk,
    )


def test_wikimedia_rest_api_is_allowed_as_form_action():
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'convene.settings';"
        "from django.conf import settings;"
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']))"
    )
    env = {**os.environ, "WIKIMEDIA_REST_API": "https://wiki.example.org:8443/w/rest.php"}

    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )

    assert json.loads(result.stdout) == ["'self'", "https://wiki.example.org:8443"]
