"""Browser: an organiser adds a findings summary (a link) and its Spanish version, and
uploads slides; a reader sees them grouped on the event's page."""

import datetime as dt

import pytest
from django.test import Client

from convene.directory.models import Language
from convene.events import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_organiser_adds_resources_and_translation(page, live_server, tmp_path):
    Language.objects.get_or_create(code="en", defaults={"name": "English"})
    Language.objects.get_or_create(code="es", defaults={"name": "Spanish"})
    organiser = UserFactory(username="org", is_staff=True)
    event = services.event_create(
        actor=organiser,
        title="Hubs Dialogue",
        when=services.When(start_date=dt.date(2022, 2, 21), end_date=dt.date(2022, 3, 4)),
    )
    client = Client()
    client.force_login(organiser)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    slides = tmp_path / "slides.pdf"
    slides.write_bytes(b"%PDF-1.4 demo")

    page.goto(f"/events/{event.pk}/")
    page.get_by_role("link", name="Add a resource").click()
    page.get_by_label("Kind").select_option("findings")
    page.get_by_label("Title").fill("Hubs Dialogue: findings summary")
    page.get_by_label("Languages").fill("English")
    page.get_by_label("Date").fill("2022-03-04")
    page.get_by_label("Link").fill("https://meta.wikimedia.org/wiki/Hubs")
    page.get_by_role("button", name="Add").click()
    page.get_by_role("link", name="Add a resource").click()
    page.get_by_label("Kind").select_option("findings")
    page.get_by_label("Title").fill("Diálogo sobre hubs: resumen")
    page.get_by_label("Languages").fill("Spanish")
    page.get_by_label("Link").fill("https://meta.wikimedia.org/wiki/Hubs/es")
    page.get_by_label("Translation of").select_option(label="Hubs Dialogue: findings summary")
    page.get_by_role("button", name="Add").click()
    page.get_by_role("link", name="Add a resource").click()
    page.get_by_label("Kind").select_option("slides")
    page.get_by_label("Title").fill("Slides")
    page.get_by_label("Or upload a file").set_input_files(str(slides))
    page.get_by_role("button", name="Add").click()
    page.locator(".resources").wait_for()
    page.screenshot(path="var/shot-events-resources.png", full_page=True)

    items = page.locator(".resource")
    assert items.count() == 2
    assert "Also in:" in items.nth(0).inner_text()
    assert items.nth(0).get_by_role("link", name="Spanish").get_attribute("href") == (
        "https://meta.wikimedia.org/wiki/Hubs/es"
    )
    href = items.nth(1).get_by_role("link", name="Slides").get_attribute("href")
    assert page.request.get(href).body() == b"%PDF-1.4 demo"
