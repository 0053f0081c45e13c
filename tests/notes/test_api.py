"""The notes API: an event's notes, parsing, importing; refusals with the error shape."""

from typing import Any

import pytest
from django.test import Client

from convene.notes import services
from convene.notes.parsing import parse
from convene.notes.queries import event_notes
from convene.qa.models import Question

pytestmark = pytest.mark.django_db

NOTES = "* Will hubs be defined?\n** MCDC response: Yes, later.\n* Unanswered one?\n"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_event_notes_as_json_and_wikitext(event: Any, organiser: Any) -> None:
    services.event_import_notes(actor=organiser, event=event, text=NOTES)

    as_json = Client().get(f"/api/events/{event.pk}/notes").json()
    as_wiki = Client().get(f"/api/events/{event.pk}/notes?format=wikitext").json()

    assert as_json == {
        "event_id": event.pk,
        "format": "json",
        "items": parse(NOTES).to_json()["items"],
        "text": None,
    }
    assert as_wiki["text"] == event_notes(event=event) == NOTES


def test_event_notes_unknown_format_is_400_naming_the_field(event: Any) -> None:
    response = Client().get(f"/api/events/{event.pk}/notes?format=docx")

    assert (response.status_code, response.json()["field"]) == (400, "format")


def test_event_notes_unknown_event_is_404(db: None) -> None:
    response = Client().get("/api/events/9999/notes")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_parse_api_gives_items_and_problems(alice: Any) -> None:
    response = signed_in(alice).post(
        "/api/notes/parse",
        {"text": "* Response: orphan\n* Q?\n", "format": "wikitext"},
        content_type="application/json",
    )

    assert response.json() == {
        "format": "wikitext",
        "items": [{"kind": "question", "text": "Q?", "answers": [], "followups": []}],
        "problems": [
            {
                "line": 1,
                "message": "answer with no question before it; skipped",
                "text": "* Response: orphan",
            }
        ],
    }


def test_parse_api_needs_someone_signed_in(db: None) -> None:
    response = Client().post("/api/notes/parse", {"text": "* Q?"}, content_type="application/json")

    assert response.status_code == 401


def test_import_api_is_idempotent(event: Any, organiser: Any) -> None:
    client = signed_in(organiser)
    url = f"/api/events/{event.pk}/notes/import"

    first = client.post(url, {"text": NOTES}, content_type="application/json").json()
    second = client.post(url, {"text": NOTES}, content_type="application/json").json()

    assert (first["questions_added"], first["answers_added"], first["changed"]) == (2, 1, True)
    assert (second["questions_added"], second["changed"]) == (0, False)
    assert Question.objects.filter(event=event).count() == 2


def test_import_api_refuses_participants(event: Any, alice: Any) -> None:
    response = signed_in(alice).post(
        f"/api/events/{event.pk}/notes/import", {"text": NOTES}, content_type="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert Question.objects.count() == 0


def test_import_api_unknown_format_is_400(event: Any, organiser: Any) -> None:
    response = signed_in(organiser).post(
        f"/api/events/{event.pk}/notes/import",
        {"text": NOTES, "format": "docx"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()["field"]) == (400, "format")
