"""people.notices: the one way to tell a person something."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from convene.core.links import absolute_url
from convene.people.models import Notice
from convene.people.notices import notice_email, notice_email_send, notice_send
from convene.people.services import profile_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def person() -> User:
    user = User.objects.create_user("ana", "ana@example.org", "pw-long-enough")
    profile = profile_ensure(user=user)
    profile.language = "fr"
    profile.timezone = "Asia/Kathmandu"
    profile.save()
    return user


def _send(person: User, **overrides: Any) -> Notice:
    values: dict[str, Any] = {
        "recipient": person,
        "kind": "test.hello",
        # A string the catalogs translate, so that the language shows.
        "subject": gettext_noop("Notices"),
        "body": gettext_noop("Hello %(name)s, it is %(when)s."),
        "params": {"name": "Ana", "when": lambda zone, language: f"{zone.key}/{language}"},
        "url": "/events/1/",
    }
    values.update(overrides)
    return notice_send(**values)


def test_notice_send_renders_in_recipient_language_and_zone(
    person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = _send(person)

    assert (notice.kind, notice.url) == ("test.hello", "/events/1/")
    assert notice.text == "Hello Ana, it is Asia/Kathmandu/fr."
    assert [(m.to, m.body) for m in mail.outbox] == [
        (
            ["ana@example.org"],
            f"Hello Ana, it is Asia/Kathmandu/fr.\n\n{absolute_url('/events/1/')}",
        )
    ]


def test_notice_email_waits_for_the_commit(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _send(person)
        assert mail.outbox == []

    assert len(callbacks) == 1


def test_notice_rolled_back_sends_nothing(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _send(person)
                raise RuntimeError("the action failed after the notice")
        except RuntimeError:
            pass

    assert (Notice.objects.count(), mail.outbox) == (0, [])


def test_notice_email_retried_sends_once(person):
    notice = _send(person)

    first = notice_email_send(notice_id=notice.pk)
    second = notice_email_send(notice_id=notice.pk)

    assert (first, second, len(mail.outbox)) == (True, False, 1)


def test_notice_email_failure_releases_the_claim_for_a_retry(person, monkeypatch):
    notice = _send(person)

    def down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("convene.people.notices.send_mail", down)
    with pytest.raises(ConnectionRefusedError):
        notice_email_send(notice_id=notice.pk)
    monkeypatch.undo()

    assert notice_email_send(notice_id=notice.pk) is True
    assert len(mail.outbox) == 1


def test_notice_not_emailed_when_opted_out(person, django_capture_on_commit_callbacks):
    person.profile.email_notices = False
    person.profile.save()

    with django_capture_on_commit_callbacks(execute=True):
        _send(person)

    assert (Notice.objects.count(), mail.outbox) == (1, [])


def test_notice_task_is_the_queued_one(person):
    notice = _send(person)

    result = notice_email.enqueue(notice_id=notice.pk)

    assert (result.return_value, len(mail.outbox)) == (True, 1)


def test_notices_page_marks_read(client, person):
    _send(person)
    client.force_login(person)

    before = client.get(reverse("people:notices")).content.decode()
    client.post(reverse("people:notices"))

    assert '<li class="card unread">' in before
    assert Notice.objects.filter(read_at__isnull=True).count() == 0


def test_old_notices_address_redirects(client, person):
    client.force_login(person)

    response = client.get("/events/notices/")

    assert (response.status_code, response["Location"]) == (301, "/people/me/notices/")
