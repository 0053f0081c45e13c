"""Publishing to a MediaWiki (a fake one, served by the test): success, conflict, expired
or refused token, the wiki unreachable, the bot account — each shown, nothing lost."""

import datetime as dt
import secrets
import socket
from typing import Any

import pytest

from convene.core.errors import Refusal
from convene.notes import publishing, services
from convene.notes.models import PublicationStatus, WikiPublication
from convene.notes.queries import conflict_diff, event_notes
from convene.wiki.client import connect
from tests.notes.conftest import give_token
from tests.notes.fake_mediawiki import FakeMediaWiki

pytestmark = pytest.mark.django_db

PAGE = "Movement Charter/Ask Me Anything/Asia-Pacific"


@pytest.fixture
def imported(event: Any, organiser: Any, seed_text: str) -> Any:
    services.event_import_notes(actor=organiser, event=event, text=seed_text)
    return event


def publish(event: Any, actor: Any, **extra: Any) -> WikiPublication:
    extra.setdefault("page", PAGE)
    extra.setdefault("summary", "Notes of the session")
    publication = services.publication_request(actor=actor, event=event, **extra)
    publication.refresh_from_db()
    return publication


def test_publish_creates_the_page_as_the_person(
    imported: Any, organiser: Any, fake_wiki: FakeMediaWiki, django_capture_on_commit_callbacks: Any
) -> None:
    give_token(organiser, "good-token")
    fake_wiki.wiki.tokens["good-token"] = "Organiser"

    with django_capture_on_commit_callbacks(execute=True):
        publication = services.publication_request(
            actor=organiser, event=imported, page=PAGE, summary="Notes of the session"
        )
    publication.refresh_from_db()

    latest = fake_wiki.wiki.latest(PAGE)
    assert latest is not None
    assert (latest.text, latest.user, latest.summary) == (
        event_notes(event=imported),
        "Organiser",
        "Notes of the session",
    )
    assert (publication.status, publication.revision_id, publication.revision_url) == (
        PublicationStatus.SUCCEEDED,
        latest.revid,
        f"http://{fake_wiki.host}/w/index.php?oldid={latest.revid}",
    )
    assert fake_wiki.wiki.edits[0]["createonly"] == "1"


def test_publish_again_edits_on_top_of_our_revision(
    imported: Any, organiser: Any, fake_wiki: FakeMediaWiki, django_capture_on_commit_callbacks: Any
) -> None:
    give_token(organiser, "good-token")
    fake_wiki.wiki.tokens["good-token"] = "Organiser"
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(imported, organiser)
    first.refresh_from_db()
    services.event_import_notes(
        actor=organiser, event=imported, text="* One more question?\n** Response: Yes.\n"
    )

    with django_capture_on_commit_callbacks(execute=True):
        second = publish(imported, organiser)
    second.refresh_from_db()

    assert (second.status, second.base_revid) == (PublicationStatus.SUCCEEDED, first.revision_id)
    assert fake_wiki.wiki.edits[-1]["baserevid"] == str(first.revision_id)
    assert fake_wiki.wiki.text(PAGE).endswith("* One more question?\n** Response: Yes.\n")


def test_publish_to_a_section_keeps_its_heading_and_the_rest(
    imported: Any, organiser: Any, fake_wiki: FakeMediaWiki, django_capture_on_commit_callbacks: Any
) -> None:
    give_token(organiser, "good-token")
    fake_wiki.wiki.tokens["good-token"] = "Organiser"
    fake_wiki.wiki.save(PAGE, "Intro\n== Notes ==\n\n== Replies ==\nThanks!")

    with django_capture_on_commit_callbacks(execute=True):
        first = publish(imported, organiser, section="1")
    first.refresh_from_db()
    # Nothing was written there yet: the empty section is filled without asking.
    assert first.status == PublicationStatus.SUCCEEDED
    assert fake_wiki.wiki.text(PAGE) == (
        "Intro\n== Notes ==\n" + event_notes(event=imported) + "== Replies ==\nThanks!"
    )


def test_edit_made_on_the_wiki_in_between_is_a_conflict_with_a_diff(
    imported: Any, organiser: Any, fake_wiki: FakeMediaWiki, django_capture_on_commit_callbacks: Any
) -> None:
    give_token(organiser, "good-token")
    fake_wiki.wiki.tokens["good-token"] = "Organiser"
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(imported, organiser)
    first.refresh_from_db()
    ours = fake_wiki.wiki.text(PAGE)
    theirs = ours + "* A question added on the wiki\n"
    fake_wiki.wiki.save(PAGE, theirs, user="Someone else")

    with django_capture_on_commit_callbacks(execute=True):
        second = publish(imported, organiser)
    second.refresh_from_db()

    assert (second.status, second.error_code) == (PublicationStatus.CONFLICT, "editconflict")
    assert fake_wiki.wiki.text(PAGE) == theirs  # nothing overwritten
    assert (second.wiki_text, second.wiki_revid) == (
        theirs.strip(),
        fake_wiki.wiki.latest(PAGE).revid,
    )
    assert conflict_diff(second)[-1] == "-* A question added on the wiki"
    assert second.content == event_notes(event=imported)  # nothing lost


def test_conflict_at_save_time_is_caught_by_baserevid(
    imported: Any, organiser: Any, fake_wiki: FakeMediaWiki, django_capture_on_commit_callbacks: Any
) -> None:
    give_token(organiser, "good-token")
    fake_wiki.wiki.tokens["good-token"] = "Organiser"
    with django_capture_on_commit_callbacks(execute=True):
        publish(imported, organiser)
    services.event_import_notes(actor=organiser, event=imported, text="* Late question?\n")
    # Someone saves between our read and our edit: only baserevid can notice.
    fake_wiki.wiki.before_edit = lambda: fake_wiki.wiki.save(PAGE, "Rewritten", user="Other")

    with django_capture_on_commit_callbacks(execute=True):
        second = publish(imported, organiser)
    second.refresh_from_db()

    assert (second.status, second.wiki_text) == (PublicationStatus.CONFLICT, "Rewritten")
    assert fake_wiki.wiki.text(PAGE) == "Rewritten"


def test_publish_after_review_replaces_the_reviewed_revision(
    imported: Any, organiser: Any, fake_wiki: FakeMediaWiki, django_capture_on_commit_callbacks: Any
) -> None:
    give_token(organiser, "good-token")
    fake_wiki.wiki.tokens["good-token"] = "Organiser"
    fake_wiki.wiki.save(PAGE, "Someone's own page", user="Someone")
    with django_capture_on_commit_callbacks(execute=True):
        conflict = publish(imported, organiser)
    conflict.refresh_from_db()
    assert conflict.status == PublicationStatus.CONFLICT

    with django_capture_on_commit_callbacks(execute=True):
        again = services.publication_retry(actor=organiser, publication=conflict)
    again.refresh_from_db()

    assert (again.status, again.base_revid) == (PublicationStatus.SUCCEEDED, conflict.wiki_revid)
    assert fake_wiki.wiki.text(PAGE) == conflict.content


def test_refused_token_asks_to_sign_in_again(
    imported: Any, organiser: Any, fake_wiki: FakeMediaWiki, django_capture_on_commit_callbacks: Any
) -> None:
    give_token(organiser, "revoked-token")  # the wiki does not know it any more

    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(imported, organiser)
    publication.refresh_from_db()

    assert (publication.status, publication.error_code) == (PublicationStatus.FAILED, "auth")
    assert publication.error_text == publishing.error_message("auth")
    assert publication.content == event_notes(event=imported)
    assert fake_wiki.wiki.latest(PAGE) is None


def test_http_401_is_a_refused_token_too(
    imported: Any, organiser: Any, fake_wiki: FakeMediaWiki, django_capture_on_commit_callbacks: Any
) -> None:
    give_token(organiser, "revoked-token")
    fake_wiki.wiki.answer_401 = True

    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(imported, organiser)
    publication.refresh_from_db()

    assert (publication.status, publication.error_code) == (PublicationStatus.FAILED, "auth")


def test_expired_token_is_not_even_sent(
    imported: Any,
    organiser: Any,
    fake_wiki: FakeMediaWiki,
    clock: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    clock.set(dt.datetime(2030, 11, 5, tzinfo=dt.UTC))
    give_token(organiser, "good-token", expires_at=dt.datetime(2030, 11, 4, tzinfo=dt.UTC))
    fake_wiki.wiki.tokens["good-token"] = "Organiser"

    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(imported, organiser)
    publication.refresh_from_db()

    assert (publication.status, publication.error_code) == (PublicationStatus.FAILED, "auth")
    assert fake_wiki.wiki.edits == []


def test_unreachable_wiki_fails_clearly_and_can_be_retried(
    imported: Any,
    organiser: Any,
    fake_wiki: FakeMediaWiki,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    give_token(organiser, "good-token")
    fake_wiki.wiki.tokens["good-token"] = "Organiser"
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.WIKI_HOST = f"127.0.0.1:{closed.getsockname()[1]}"
    with django_capture_on_commit_callbacks(execute=True):
        failed = publish(imported, organiser)
    failed.refresh_from_db()
    assert (failed.status, failed.error_code, failed.error_text) == (
        PublicationStatus.FAILED,
        "unreachable",
        publishing.error_message("unreachable"),
    )

    settings.WIKI_HOST = fake_wiki.host
    with django_capture_on_commit_callbacks(execute=True):
        again = services.publication_retry(actor=organiser, publication=failed)
    again.refresh_from_db()

    assert again.status == PublicationStatus.SUCCEEDED
    assert fake_wiki.wiki.text(PAGE) == failed.content


def test_bot_account_publishes(
    imported: Any,
    organiser: Any,
    fake_wiki: FakeMediaWiki,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.WIKI_BOT_USER = "ConveneBot@notes"
    settings.WIKI_BOT_PASSWORD = "s3cret"
    fake_wiki.wiki.bots["ConveneBot@notes"] = "s3cret"

    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(imported, organiser, as_bot=True)
    publication.refresh_from_db()

    assert publication.status == PublicationStatus.SUCCEEDED
    assert fake_wiki.wiki.latest(PAGE).user == "ConveneBot@notes"


def test_bot_with_a_wrong_password_fails_clearly(
    imported: Any,
    organiser: Any,
    fake_wiki: FakeMediaWiki,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.WIKI_BOT_USER = "ConveneBot@notes"
    settings.WIKI_BOT_PASSWORD = "wrong"
    fake_wiki.wiki.bots["ConveneBot@notes"] = "s3cret"

    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(imported, organiser, as_bot=True)
    publication.refresh_from_db()

    assert (publication.status, publication.error_code) == (PublicationStatus.FAILED, "bot_login")


def test_publish_without_a_wikimedia_account_is_refused(imported: Any, organiser: Any) -> None:
    with pytest.raises(Refusal) as raised:
        publish(imported, organiser)

    assert (raised.value.status, raised.value.code) == (400, "no_token")
    assert WikiPublication.objects.count() == 0


def test_publish_by_someone_not_organising_is_refused(imported: Any, alice: Any) -> None:
    give_token(alice, "alice-token")

    with pytest.raises(Refusal) as raised:
        publish(imported, alice)

    assert (raised.value.status, raised.value.code) == (403, "forbidden")


@pytest.mark.parametrize(
    "case",
    [
        ("", "", "x", "page"),
        ("Bad [[title]]", "", "x", "page"),
        (PAGE, "two", "x", "section"),
        (PAGE, "", "  ", "summary"),
    ],
)
def test_publish_bad_target_is_refused(
    imported: Any, organiser: Any, case: tuple[str, str, str, str]
) -> None:
    page, section, summary, field = case
    give_token(organiser, "good-token")

    with pytest.raises(Refusal) as raised:
        services.publication_request(
            actor=organiser, event=imported, page=page, section=section, summary=summary
        )

    assert (raised.value.status, raised.value.field) == (400, field)


def test_publish_an_event_without_questions_is_refused(event: Any, organiser: Any) -> None:
    give_token(organiser, "good-token")

    with pytest.raises(Refusal) as raised:
        publish(event, organiser)

    assert (raised.value.status, raised.value.code) == (409, "empty")


# A real transaction: the worker drops connections left inside one (as it must in
# production), which would end a test's wrapping transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_publishing_waits_for_the_worker(
    imported: Any,
    organiser: Any,
    fake_wiki: FakeMediaWiki,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from io import StringIO

    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CONVENE_PERIODIC_TASKS = []
    give_token(organiser, "good-token")
    fake_wiki.wiki.tokens["good-token"] = "Organiser"
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(imported, organiser)
    waiting = publication.status

    call_command("worker", "--once", stdout=StringIO())
    publication.refresh_from_db()

    assert (waiting, publication.status) == (PublicationStatus.PENDING, PublicationStatus.SUCCEEDED)


def test_sweep_is_registered_for_the_worker() -> None:
    from convene.core.periodic import configured

    assert ("convene.notes.tasks.sync_announcements", 60.0) in [
        (p.path, p.every) for p in configured()
    ]


# ---------------------------------------------------------------- a real MediaWiki


@pytest.fixture
def real_wiki(mediawiki: Any, settings: Any) -> Any:
    """The session's real MediaWiki (tests/mediawiki.py) as the configured wiki."""
    settings.WIKI_HOST = mediawiki.host
    settings.WIKI_PATH = "/"
    settings.WIKI_SCHEME = "http"
    settings.WIKI_BOT_USER = mediawiki.bot.user
    settings.WIKI_BOT_PASSWORD = mediawiki.bot.password
    settings.WIKI_MAX_RETRIES = 0
    settings.WIKI_RETRY_TIMEOUT = 0
    return mediawiki


def test_publish_to_a_real_mediawiki_then_an_edit_there_is_a_conflict(
    imported: Any, organiser: Any, real_wiki: Any, django_capture_on_commit_callbacks: Any
) -> None:
    page = f"Convene notes/{secrets.token_hex(4)}"
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(imported, organiser, page=page, as_bot=True)
    first.refresh_from_db()
    other = connect(real_wiki.config(), real_wiki.other)
    published = other.read_page(page)
    other.write_page(page, "Corrected on the wiki", summary="Fix", baserevid=published.revid)
    services.event_import_notes(actor=organiser, event=imported, text="* Late question?\n")

    with django_capture_on_commit_callbacks(execute=True):
        second = publish(imported, organiser, page=page, as_bot=True)
    second.refresh_from_db()

    assert (first.status, published.text + "\n", published.revid) == (
        PublicationStatus.SUCCEEDED,
        first.content,
        first.revision_id,
    )
    assert (second.status, second.wiki_text) == (
        PublicationStatus.CONFLICT,
        "Corrected on the wiki",
    )
    assert other.read_page(page).text == "Corrected on the wiki"
