"""Notes pages: import with a preview, downloads, publishing forms and results, refusals,
and query counts that do not grow with the data."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from convene.notes import services
from convene.notes.models import PublicationStatus, WikiPublication
from convene.notes.queries import event_notes
from convene.qa.models import Question
from tests.notes.conftest import give_token

pytestmark = pytest.mark.django_db

NOTES = "== Notes ==\n* Will hubs be defined?\n** MCDC response: Yes, later.\n* Unanswered one?\n"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_import_page_preview_shows_the_tree_and_saves_nothing(event: Any, organiser: Any) -> None:
    client = signed_in(organiser)
    url = reverse("notes:import", args=[event.pk])

    response = client.post(url, {"text": NOTES, "fmt": "auto", "action": "preview"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Will hubs be defined?" in page
    assert "MCDC response" in page
    assert "Saving adds 2 questions and 1 answers to this event." in page
    assert 'value="save"' in page
    assert Question.objects.count() == 0


def test_import_page_preview_lists_problems_with_line_numbers(event: Any, organiser: Any) -> None:
    text = "* Response: orphan\n* Real question?\n"

    response = signed_in(organiser).post(
        reverse("notes:import", args=[event.pk]), {"text": text, "fmt": "wikitext"}
    )

    assert "line 1: answer with no question before it; skipped" in response.content.decode()


def test_import_page_save_creates_the_questions_and_redirects_to_the_board(
    event: Any, organiser: Any
) -> None:
    client = signed_in(organiser)

    response = client.post(
        reverse("notes:import", args=[event.pk]), {"text": NOTES, "fmt": "auto", "action": "save"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("qa:board", args=[event.pk])
    assert list(Question.objects.filter(event=event).values_list("text", "state")) == [
        ("Will hubs be defined?", "answered_written"),
        ("Unanswered one?", "open"),
    ]


def test_import_page_upload_is_read_as_text(event: Any, organiser: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("notes.wiki", NOTES.encode(), content_type="text/plain")

    response = signed_in(organiser).post(
        reverse("notes:import", args=[event.pk]),
        {"upload": upload, "fmt": "auto", "action": "preview"},
    )

    assert "Will hubs be defined?" in response.content.decode()
    assert NOTES.split("\n")[1] in response.content.decode()  # the text is kept in the form


def test_import_page_bad_upload_keeps_the_form_with_an_error(event: Any, organiser: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("notes.bin", b"\xff\xfe\x81", content_type="application/x")

    response = signed_in(organiser).post(
        reverse("notes:import", args=[event.pk]), {"upload": upload, "fmt": "auto"}
    )

    assert response.status_code == 400
    assert "The file is not UTF-8 text." in response.content.decode()


def test_import_page_refusal_keeps_the_pasted_text(event: Any, organiser: Any) -> None:
    text = "Just an intro line, no list at all."

    response = signed_in(organiser).post(
        reverse("notes:import", args=[event.pk]), {"text": text, "fmt": "auto"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "No questions were found in these notes." in page
    assert text in page


def test_import_page_refuses_people_who_do_not_organise(event: Any, alice: Any) -> None:
    client = signed_in(alice)

    get = client.get(reverse("notes:import", args=[event.pk]))
    post = client.post(reverse("notes:import", args=[event.pk]), {"text": NOTES, "action": "save"})

    assert (get.status_code, post.status_code) == (403, 403)
    assert Question.objects.count() == 0


def test_import_page_sends_anonymous_people_to_sign_in(event: Any) -> None:
    response = Client().get(reverse("notes:import", args=[event.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_downloads_give_the_events_notes(event: Any, organiser: Any) -> None:
    services.event_import_notes(actor=organiser, event=event, text=NOTES)
    client = Client()

    wiki = client.get(reverse("notes:wikitext", args=[event.pk]))
    markdown = client.get(reverse("notes:markdown", args=[event.pk]))

    assert wiki.content.decode() == event_notes(event=event, fmt="wikitext")
    assert wiki.content.decode() == (
        "* Will hubs be defined?\n** MCDC response: Yes, later.\n* Unanswered one?\n"
    )
    assert wiki["Content-Disposition"] == (
        f'attachment; filename="{event.slug or "event"}-{event.pk}-notes.wiki"'
    )
    assert markdown.content.decode() == event_notes(event=event, fmt="markdown")


def test_download_of_an_unknown_event_is_404(db: None) -> None:
    assert Client().get(reverse("notes:wikitext", args=[9999])).status_code == 404


def test_notes_page_shows_forms_only_to_organisers(event: Any, organiser: Any, alice: Any) -> None:
    url = reverse("notes:event", args=[event.pk])

    theirs = signed_in(organiser).get(url).content.decode()
    hers = signed_in(alice).get(url).content.decode()

    assert reverse("notes:publish", args=[event.pk]) in theirs
    assert reverse("notes:publish", args=[event.pk]) not in hers
    assert reverse("notes:wikitext", args=[event.pk]) in hers


def test_publish_form_without_wikimedia_sign_in_shows_why(event: Any, organiser: Any) -> None:
    services.event_import_notes(actor=organiser, event=event, text=NOTES)

    response = signed_in(organiser).post(
        reverse("notes:publish", args=[event.pk]),
        {"page": "Some page", "summary": "Notes"},
    )

    assert response.status_code == 400
    assert "Sign in with your Wikimedia account first" in response.content.decode()
    assert WikiPublication.objects.count() == 0


def test_publish_form_runs_in_the_background_and_shows_the_revision(
    event: Any, organiser: Any, fake_wiki: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.event_import_notes(actor=organiser, event=event, text=NOTES)
    give_token(organiser, "good-token")
    fake_wiki.wiki.tokens["good-token"] = "Organiser"
    client = signed_in(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notes:publish", args=[event.pk]), {"page": "Notes page", "summary": "Notes"}
        )
    publication = WikiPublication.objects.get()
    page = client.get(response["Location"]).content.decode()

    assert response["Location"] == reverse("notes:publication", args=[publication.pk])
    assert publication.status == PublicationStatus.SUCCEEDED
    assert publication.revision_url in page


def test_publication_page_shows_the_conflict_diff_and_offers_to_publish_again(
    event: Any, organiser: Any
) -> None:
    publication = WikiPublication.objects.create(
        event=event,
        kind="notes",
        page="P",
        summary="s",
        content="* Ours\n",
        status=PublicationStatus.CONFLICT,
        wiki_text="* Theirs",
        wiki_revid=12,
        requested_by=organiser,
        requested_at=event.created_at,
    )

    page = signed_in(organiser).get(reverse("notes:publication", args=[publication.pk]))

    text = page.content.decode()
    assert "-* Theirs" in text
    assert "+* Ours" in text
    assert reverse("notes:retry", args=[publication.pk]) in text


def test_publication_page_is_for_organisers_only(event: Any, organiser: Any, alice: Any) -> None:
    publication = WikiPublication.objects.create(
        event=event, kind="notes", page="P", summary="s", content="x",
        requested_by=organiser, requested_at=event.created_at,
    )  # fmt: skip

    response = signed_in(alice).get(reverse("notes:publication", args=[publication.pk]))

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 5])
def test_notes_page_queries_do_not_grow(
    event: Any, organiser: Any, count: int, django_assert_num_queries: Any
) -> None:
    for n in range(count):
        WikiPublication.objects.create(
            event=event, kind="notes", page=f"P{n}", summary="s", content="x",
            requested_by=organiser, requested_at=event.created_at,
        )  # fmt: skip
        services.event_import_notes(actor=organiser, event=event, text=f"* Question {n}?\n")
    client = signed_in(organiser)
    url = reverse("notes:event", args=[event.pk])
    client.get(url)

    with django_assert_num_queries(QUERIES_NOTES_PAGE):
        client.get(url)


@pytest.mark.parametrize("count", [1, 5])
def test_download_queries_do_not_grow(
    event: Any, organiser: Any, count: int, django_assert_num_queries: Any
) -> None:
    services.event_import_notes(
        actor=organiser,
        event=event,
        text="".join(f"* Question {n}?\n** Response: A{n}.\n" for n in range(count)),
    )

    with django_assert_num_queries(QUERIES_DOWNLOAD):
        Client().get(reverse("notes:wikitext", args=[event.pk]))


# The session and user (2), the event, the organiser check, the announcement, the
# publications, the imports with who imported, the reader's profile, the header's unread
# notices count.
QUERIES_NOTES_PAGE = 9
# The event, the boards, the questions, their answers.
QUERIES_DOWNLOAD = 4


def test_retry_of_a_published_publication_is_refused_on_a_page(event: Any, organiser: Any) -> None:
    publication = WikiPublication.objects.create(
        event=event, kind="notes", page="P", summary="s", content="x",
        status=PublicationStatus.SUCCEEDED, requested_by=organiser, requested_at=event.created_at,
    )  # fmt: skip

    response = signed_in(organiser).post(reverse("notes:retry", args=[publication.pk]))

    assert response.status_code == 409
    assert "Only a conflict or a failure can be published again." in response.content.decode()
    assert WikiPublication.objects.count() == 1


def test_publishing_anonymously_is_refused(event: Any) -> None:
    response = Client().post(reverse("notes:publish", args=[event.pk]), {"page": "P"})

    assert (response.status_code, WikiPublication.objects.count()) == (401, 0)
