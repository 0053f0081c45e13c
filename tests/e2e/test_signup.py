import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_signup_set_timezone_and_see_it_applied(page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("asha@example.org")
    page.get_by_label("Username").fill("asha")
    page.get_by_label("Password", exact=True).fill("a-long-pass-phrase-42")
    page.get_by_label("Password (again)").fill("a-long-pass-phrase-42")
    page.get_by_role("button", name="Sign Up").click()

    page.goto("/people/me/edit/")
    page.get_by_label("Time zone").select_option("America/St_Johns")
    page.get_by_role("button", name="Save").click()

    zonebar = page.locator("#zonebar")
    assert re.search(r"America/St_Johns", zonebar.inner_text())
    assert "from your profile" in zonebar.inner_text()


@pytest.fixture
def wikimedia(settings, monkeypatch):
    from tests.people.fake_oauth import FakeWikimedia, switch_on

    fake = FakeWikimedia().start()
    switch_on(fake, settings, monkeypatch)
    yield fake
    fake.stop()


def test_log_in_with_wikimedia_round_trip(page, wikimedia):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Log in with Wikimedia").click()

    page.wait_for_url("**/people/me/")
    assert page.locator("h1").inner_text() == "Asha Kumari"
    assert [r.path for r in wikimedia.requests] == [
        "/w/rest.php/oauth2/authorize",
        "/w/rest.php/oauth2/access_token",
        "/w/rest.php/oauth2/resource/profile",
    ]
