import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_browser_zone_is_picked_up_then_changed_with_the_picker(page):
    page.goto("/")
    page.reload()  # the first visit's script sets the browser-zone cookie

    assert "Asia/Kathmandu" in page.locator("#zonebar").inner_text()
    assert "from your browser" in page.locator("#zonebar").inner_text()

    page.get_by_role("link", name="Change").first.click()
    page.get_by_label("Time zone").select_option("Australia/Lord_Howe")
    page.get_by_role("button", name="Use this zone").click()

    assert "Australia/Lord_Howe" in page.locator("#zonebar").inner_text()


def test_home_is_usable_at_360px_without_horizontal_scroll(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
    page.screenshot(path="var/screenshot-home-360.png", full_page=True)


def test_first_visit_zone_bar_names_the_browser_zone(page):
    page.goto("/")

    # The first visit, rendered in UTC, is shown again rendered in the browser's zone.
    page.locator("body[data-tz-source=browser]").wait_for()
    assert "Times are shown in Asia/Kathmandu" in page.locator("#zonebar").inner_text()
