"""Browser: find the hubs serving a language from the profile, open one, read its roles
and its stage history."""

import datetime as dt

import pytest
from django.core.cache import cache

from convene.directory.reference import reference_load
from convene.directory.services import (
    CommunityInput,
    OrganisationInput,
    community_create,
    hub_change_stage,
    hub_set_role,
    organisation_create,
)
from convene.people.models import Profile
from tests.e2e.session import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Cached directory figures are keyed by the latest Change id, which a flushed
    # database reuses.
    cache.clear()


def test_who_serves_my_language_then_read_a_hubs_roles_and_stages(page, live_server):
    reference_load()
    staff = UserFactory(username="staffer", is_staff=True)
    reader = UserFactory(username="amina")
    Profile.objects.create(user=reader, display_name="Amina", languages=["sw", "en"])
    swahili = community_create(
        actor=staff,
        data=CommunityInput(name="Swahili Wikipedia", languages=["sw"], countries=["KE"]),
    )
    group = organisation_create(
        actor=staff,
        data=OrganisationInput(name="Kenya user group", kind="user_group", countries=["KE"]),
    )
    hub = organisation_create(
        actor=staff,
        data=OrganisationInput(
            name="Swahili hub", kind="hub", scope_type="linguistic", languages=["sw"],
            stage="research", stage_since=dt.date(2022, 3, 4), has_legal_entity=True,
            communities=[swahili.pk], member_organisations=[group.pk],
        ),
    )  # fmt: skip
    hub_change_stage(actor=staff, organisation=hub, stage="pilot", changed_on=dt.date(2023, 6, 1))
    hub_set_role(actor=staff, organisation=hub, role="grantmaking", status="active")
    hub_set_role(actor=staff, organisation=hub, role="mentorship", status="intended")
    sign_in(page, live_server, reader)

    page.goto("/")
    page.get_by_role("link", name="Directory").first.click()
    page.get_by_role("link", name="Who serves me?").first.click()

    assert page.locator("main").get_by_label("Language", exact=True).input_value() == "Swahili"
    assert (
        page.locator("main").get_by_label("Country", exact=True).input_value() == "Nepal"
    )  # from the browser's zone
    hubs = page.locator("#hubs")
    assert hubs.get_by_role("link").all_inner_texts() == ["Swahili hub"]
    page.screenshot(path="var/shot-directory-who-serves.png", full_page=True)

    hubs.get_by_role("link", name="Swahili hub").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Swahili hub"
    rows = page.locator("#roles tbody tr")
    assert [rows.nth(i).inner_text().split("\t") for i in range(rows.count())] == [
        ["resource allocation (grantmaking)", "active"],
        ["mentorship", "intended"],
    ]
    assert page.locator("#stage-history li").all_inner_texts() == [
        "March 4, 2022: research",
        "June 1, 2023: research → pilot",
    ]
    assert page.locator(".stages li.current").inner_text() == "pilot"
    page.screenshot(path="var/shot-directory-hub.png", full_page=True)


def test_directory_works_at_360px_without_javascript(browser, live_server):
    reference_load()
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 360, "height": 800}
    )
    page = context.new_page()

    page.goto("/directory/coverage/")
    title = page.locator("svg.map > title").text_content()
    width = page.evaluate("document.documentElement.scrollWidth")
    page.goto("/directory/?kind=hub")
    count = page.locator("#result-count").inner_text()
    context.close()

    assert title == "World map: hub coverage by country"
    assert width <= 360
    assert count == "0 organisations"
