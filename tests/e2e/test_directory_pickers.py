"""Browser: the hub page fits a 360 px phone; who-serves is asked by typing a language's
name and picking it from the suggestions (the reader's own languages first)."""

import pytest

from convene.directory.reference import reference_load
from convene.directory.services import OrganisationInput, organisation_create
from convene.people.models import Profile
from tests.e2e.test_directory import _fresh_cache, sign_in  # noqa: F401 - an autouse fixture
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_hub_page_fits_a_360_px_screen(browser, live_server):
    reference_load()
    staff = UserFactory(username="staffer", is_staff=True)
    hub = organisation_create(
        actor=staff,
        data=OrganisationInput(
            name="Wikimedia Hub for the South Asian Association of Regional Cooperation",
            kind="hub", scope_type="regional", regions=["south-asia"],
            countries=["BD", "IN", "NP", "PK", "LK", "BT", "MV", "AF"],
            languages=["bn", "hi", "ne", "ur", "ta", "si"], has_legal_entity=True,
            wiki_url="https://meta.wikimedia.org/wiki/Wikimedia_South_Asia_Hub/Feasibility_study_and_consultation_report_2024",
            accountable_to="The member affiliates of the region, through their annual assembly",
        ),
    )  # fmt: skip
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 800})
    page = context.new_page()

    page.goto(f"/directory/{hub.slug}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    languages = page.locator(".facts dd").nth(4).inner_text()
    page.screenshot(path="var/shot-directory-hub-360.png", full_page=True)
    context.close()

    assert width <= 360
    assert languages == "Bangla, Hindi, Nepali, Sinhala, Tamil, Urdu"


def test_who_serves_by_typing_a_language_name(page, live_server):
    reference_load()
    staff = UserFactory(username="staffer", is_staff=True)
    organisation_create(
        actor=staff,
        data=OrganisationInput(
            name="Bangla hub", kind="hub", scope_type="linguistic", languages=["bn"]
        ),
    )
    reader = UserFactory(username="rafi")
    Profile.objects.create(user=reader, languages=["ne"])
    sign_in(page, live_server, reader)
    page.goto("/directory/who-serves/?country=&language=")
    language = page.locator("main").get_by_role("combobox", name="Language")

    language.fill("")
    language.focus()
    first = page.locator("#id_language-list li[data-code]").first
    first_code = first.get_attribute("data-code")
    language.fill("bang")
    suggestion = page.locator("#id_language-list li[data-code='bn']")
    suggestion.wait_for()
    page.screenshot(path="var/shot-directory-picker-open.png")
    suggestion.click()
    picked = language.input_value()
    page.get_by_role("button", name="Show who serves").click()

    assert first_code == "ne"  # the reader's own language, offered before typing
    assert picked == "Bangla"
    assert page.locator("#hubs").get_by_role("link").all_inner_texts() == ["Bangla hub"]
    page.screenshot(path="var/shot-directory-picker.png", full_page=True)
