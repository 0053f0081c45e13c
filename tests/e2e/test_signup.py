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
