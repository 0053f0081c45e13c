"""Notes in a browser: an organiser pastes a session's notes, previews them, saves them,
sees them as the event's questions and answers, and downloads the wikitext."""

from pathlib import Path
from typing import Any

import pytest

from convene.notes.parsing import parse
from tests.e2e.session import sign_in
from tests.notes.conftest import SEED, make_event, make_person

pytestmark = pytest.mark.django_db(transaction=True)


def test_paste_preview_save_and_download_the_notes(
    page: Any, live_server: Any, tmp_path: Path
) -> None:
    admin = make_person("admin")
    admin.is_staff = True
    admin.save()
    organiser = make_person("organiser")
    event = make_event(admin, organiser)
    sign_in(page, live_server, organiser)
    # The board's live stream needs the ASGI server, which this test does not run
    # (tests/e2e/test_qa_board.py does): an idle stream stands in for it.
    page.route(
        "**/live/**",
        lambda route: route.fulfill(
            status=200, content_type="text/event-stream", body="retry: 600000\n\n"
        ),
    )
    notes = SEED.read_text(encoding="utf-8")

    page.goto(f"/notes/events/{event.pk}/import/")
    page.get_by_label("Paste the notes").fill(notes)
    page.get_by_role("button", name="Preview").click()

    preview = page.get_by_role("region", name="Preview")
    assert "Saving adds 12 questions and 13 answers to this event." in preview.inner_text()
    assert preview.get_by_text("What is the issue with grants to Bangladesh?").count() == 1
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path="var/shot-notes-preview.png", full_page=False)

    page.get_by_role("button", name="Save as this event's questions").click()

    page.wait_for_url(f"**/questions/events/{event.pk}/")
    assert "Added 12 questions and 13 answers." in page.get_by_role("status").first.inner_text()
    assert page.get_by_text("What is the issue with grants to Bangladesh?").count() >= 1

    page.goto(f"/notes/events/{event.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Wikitext").click()
    saved = tmp_path / "notes.wiki"
    download_info.value.save_as(saved)
    page.screenshot(path="var/shot-notes-event.png", full_page=True)

    assert parse(saved.read_text(encoding="utf-8"), "wikitext").items == parse(notes).items
