"""Announcements on the wiki: posted when configured, rewritten with the call link once
it is released ("both on the wiki and here"), exactly once per release."""

import datetime as dt
from typing import Any

import pytest

from convene.core.errors import Refusal
from convene.events.services import links_release_due
from convene.notes import services
from convene.notes.models import Announcement, PublicationKind, PublicationStatus, WikiPublication
from convene.notes.tasks import sync_announcements
from tests.notes.conftest import START, give_token, make_event

pytestmark = pytest.mark.django_db

PAGE = "Movement Charter/Ask Me Anything"
LINK = "https://meet.example.org/ama-asia-pacific"


@pytest.fixture
def online(admin: Any, organiser: Any) -> Any:
    return make_event(admin, organiser, call_link=LINK)


@pytest.fixture
def signed_in_wiki(organiser: Any, fake_wiki: Any) -> Any:
    give_token(organiser, "good-token")
    fake_wiki.wiki.tokens["good-token"] = "Organiser"
    return fake_wiki


def test_announcement_is_posted_without_the_link_before_release(
    online: Any,
    organiser: Any,
    signed_in_wiki: Any,
    clock: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    clock.set(START - dt.timedelta(days=7))

    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_configure(actor=organiser, event=online, page=PAGE)

    text = signed_in_wiki.wiki.text(PAGE)
    assert text.startswith("'''Ask Me Anything about Movement Charter'''\n* When: 4 November 2030")
    assert "* The call link will be shared here on 2 November 2030, 09:00 UTC.\n" in text
    assert LINK not in text
    assert WikiPublication.objects.get().status == PublicationStatus.SUCCEEDED


def test_release_adds_the_link_on_the_wiki_once(
    online: Any,
    organiser: Any,
    signed_in_wiki: Any,
    clock: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    clock.set(START - dt.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_configure(actor=organiser, event=online, page=PAGE)
    clock.set(START - dt.timedelta(hours=47))
    links_release_due()

    with django_capture_on_commit_callbacks(execute=True):
        first = sync_announcements()
    with django_capture_on_commit_callbacks(execute=True):
        second = sync_announcements()

    assert (first, second) == (1, 0)
    assert f"* Call link: {LINK}\n" in signed_in_wiki.wiki.text(PAGE)
    assert list(WikiPublication.objects.order_by("pk").values_list("kind", "status")) == [
        (PublicationKind.ANNOUNCEMENT, PublicationStatus.SUCCEEDED),
        (PublicationKind.ANNOUNCEMENT, PublicationStatus.SUCCEEDED),
    ]


def test_announcement_configured_after_release_carries_the_link_and_is_not_repeated(
    online: Any,
    organiser: Any,
    signed_in_wiki: Any,
    clock: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    clock.set(START - dt.timedelta(hours=47))
    links_release_due()
    online.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_configure(actor=organiser, event=online, page=PAGE)
        swept = sync_announcements()

    assert swept == 0
    assert f"* Call link: {LINK}\n" in signed_in_wiki.wiki.text(PAGE)


def test_sweep_records_a_refusal_as_a_failed_publication(
    online: Any, organiser: Any, clock: Any
) -> None:
    Announcement.objects.create(
        event=online,
        page=PAGE,
        post_on_publish=False,
        configured_by=organiser,
        updated_at=START - dt.timedelta(days=7),
    )  # fmt: skip  (configured, then the organiser's Wikimedia account was removed)
    clock.set(START - dt.timedelta(hours=47))
    links_release_due()

    swept = sync_announcements()

    publication = WikiPublication.objects.get()
    assert (swept, publication.status, publication.error_code) == (
        1,
        PublicationStatus.FAILED,
        "no_token",
    )


def test_announcement_by_a_participant_is_refused(online: Any, alice: Any) -> None:
    give_token(alice, "alice-token")

    with pytest.raises(Refusal) as raised:
        services.announcement_configure(actor=alice, event=online, page=PAGE)

    assert (raised.value.status, Announcement.objects.count()) == (403, 0)


def test_announcement_escapes_the_title(admin: Any, organiser: Any) -> None:
    event = make_event(admin, organiser, title="{{Delete}} [[Spam]] ~~~~")

    text = services.render_announcement(event)

    assert text.splitlines()[0] == "'''<nowiki>{{Delete}} [[Spam]] ~~~~</nowiki>'''"
