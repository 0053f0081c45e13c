"""Sign up, sign in, sign out, password reset, blocked accounts, e-mail configuration."""

import json
import os
import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from convene.people.models import Profile
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a-long-pass-phrase-42"


def _signup(client, **overrides):
    data = {
        "email": "asha@example.org",
        "username": "asha",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def _errors(response, field):
    return [str(error) for error in response.context["form"].errors.get(field, [])]


# --- pages in our layout -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_login", "<h1> Sign In </h1>"),
        ("account_signup", "<h1> Sign Up </h1>"),
        ("account_reset_password", "<h1> Password Reset </h1>"),
    ],
)
def test_account_page_uses_convene_layout(client, url_name, heading):
    response = client.get(reverse(url_name))

    body = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    assert heading in body
    assert 'id="zonebar"' in body
    assert "convene/css/convene.css" in body
    assert " style=" not in body
    assert "<script>" not in body


def test_signup_form_labels_fields_without_suffix(client):
    body = client.get(reverse("account_signup")).content.decode()

    labels = re.findall(r'<label for="(id_[a-z0-9]+)">([^<]+)</label>', body)
    assert labels == [
        ("id_email", "Email"),
        ("id_username", "Username"),
        ("id_password1", "Password"),
        ("id_password2", "Password (again)"),
    ]


def test_logout_page_asks_for_confirmation(client):
    client.force_login(ProfileFactory().user)

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert "Are you sure you want to sign out?" in response.content.decode()


def test_email_page_for_signed_in_person(client):
    client.force_login(ProfileFactory().user)

    response = client.get(reverse("account_email"))

    assert response.status_code == 200
    assert "<h1> Email Addresses </h1>" in re.sub(r"\s+", " ", response.content.decode())


# --- sign up -------------------------------------------------------------------------


def test_signup_creates_user_with_profile_and_signs_in(client):
    response = _signup(client)

    assert response.status_code == 302
    user = User.objects.get(username="asha")
    assert (user.email, Profile.objects.filter(user=user).count()) == ("asha@example.org", 1)
    assert client.get(reverse("people:profile")).wsgi_request.user == user


def test_signup_taken_username_is_refused_and_nothing_saved(client):
    UserFactory(username="asha")

    response = _signup(client, email="new@example.org")

    assert response.status_code == 200
    assert _errors(response, "username") == ["A user with that username already exists."]
    assert User.objects.count() == 1


def test_signup_taken_email_is_refused_and_nothing_saved(client):
    UserFactory(username="someone", email="asha@example.org")
    EmailAddress.objects.create(
        user=User.objects.get(username="someone"), email="asha@example.org", primary=True
    )

    response = _signup(client)

    assert response.status_code == 200
    assert _errors(response, "email") == ["A user is already registered with this email address."]
    assert User.objects.filter(username="asha").exists() is False


def test_signup_bad_email_is_refused_and_nothing_saved(client):
    response = _signup(client, email="not-an-address")

    assert response.status_code == 200
    assert _errors(response, "email") == ["Enter a valid email address."]
    assert User.objects.count() == 0


def test_signup_mismatched_passwords_are_refused_and_nothing_saved(client):
    response = _signup(client, password2="something-else-entirely")

    assert response.status_code == 200
    assert _errors(response, "password2") == ["You must type the same password each time."]
    assert User.objects.count() == 0


def test_signup_weak_password_is_refused_and_nothing_saved(client):
    response = _signup(client, password1="password", password2="password")

    assert response.status_code == 200
    assert "This password is too common." in _errors(response, "password1")
    assert User.objects.count() == 0


# --- sign in and out ---------------------------------------------------------------------


def test_login_with_username_signs_in(client):
    user = UserFactory(username="asha", password=PASSWORD)

    response = client.post(reverse("account_login"), {"login": "asha", "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, reverse("people:profile"))
    assert client.get(reverse("people:profile")).wsgi_request.user == user


def test_login_with_email_signs_in(client):
    user = UserFactory(username="asha", email="asha@example.org", password=PASSWORD)

    client.post(reverse("account_login"), {"login": "asha@example.org", "password": PASSWORD})

    assert client.get(reverse("people:profile")).wsgi_request.user == user


def test_login_wrong_password_is_refused_with_clear_message(client):
    UserFactory(username="asha", password=PASSWORD)

    response = client.post(reverse("account_login"), {"login": "asha", "password": "wrong"})

    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].non_field_errors()] == [
        "The username and/or password you specified are not correct."
    ]
    assert response.wsgi_request.user.is_authenticated is False


def test_logout_signs_out(client):
    client.force_login(ProfileFactory().user)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.is_authenticated is False


# --- blocked accounts --------------------------------------------------------------------


def test_login_blocked_person_is_refused_with_clear_message(client):
    profile = ProfileFactory(user=UserFactory(username="asha", password=PASSWORD), blocked=True)

    response = client.post(reverse("account_login"), {"login": "asha", "password": PASSWORD})

    assert response.status_code == 403
    assert "This account is blocked" in response.content.decode()
    assert client.get("/").wsgi_request.user.is_authenticated is False
    assert profile.user.last_login is None


def test_login_blocked_person_with_wrong_password_learns_nothing(client):
    ProfileFactory(user=UserFactory(username="asha", password=PASSWORD), blocked=True)

    response = client.post(reverse("account_login"), {"login": "asha", "password": "wrong"})

    assert response.status_code == 200
    assert "This account is blocked" not in response.content.decode()


def test_session_of_person_blocked_later_stops_working(client):
    profile = ProfileFactory()
    client.force_login(profile.user)
    profile.blocked = True
    profile.save()

    response = client.get(reverse("people:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get("/api/me").status_code == 401


# --- password reset by e-mail ------------------------------------------------------------


def test_password_reset_mail_link_changes_password(client, mailoutbox):
    user = UserFactory(username="asha", email="asha@example.org", password=PASSWORD)

    response = client.post(reverse("account_reset_password"), {"email": "asha@example.org"})

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["asha@example.org"]]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": "a-brand-new-phrase-77", "password2": "a-brand-new-phrase-77"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-phrase-77") is True


def test_password_reset_bad_key_says_so(client):
    response = client.get("/accounts/password/reset/key/1-made-up/", follow=True)

    assert "The password reset link was invalid" in response.content.decode()


def test_password_reset_unknown_email_sends_no_reset_link(client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert all("/password/reset/key/" not in m.body for m in mailoutbox)


# --- e-mail configuration ----------------------------------------------------------------


def _settings_in_subprocess(env):
    code = (
        "import json, django.conf, os;"
        "os.environ['DJANGO_SETTINGS_MODULE']='convene.settings';"
        "from django.conf import settings;"
        "print(json.dumps([settings.EMAIL_BACKEND, getattr(settings, 'EMAIL_HOST', ''),"
        " getattr(settings, 'EMAIL_PORT', 0), getattr(settings, 'EMAIL_HOST_USER', ''),"
        " getattr(settings, 'EMAIL_USE_TLS', False)]))"
    )
    base = {k: v for k, v in os.environ.items() if k != "EMAIL_URL"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_email_url_configures_smtp():
    assert _settings_in_subprocess(
        {"EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587"}
    ) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        587,
        "mailer",
        True,
    ]


def test_email_defaults_to_console():
    assert _settings_in_subprocess({})[0] == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_change_password", "<h1> Change Password </h1>"),
        ("account_email", "<h1> Email Addresses </h1>"),
        ("account_logout", "<h1> Sign Out </h1>"),
    ],
)
def test_account_manage_page_uses_convene_layout(client, url_name, heading):
    client.force_login(ProfileFactory().user)

    response = client.get(reverse(url_name))

    body = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    assert heading in body
    assert 'id="zonebar"' in body
    assert " style=" not in body
