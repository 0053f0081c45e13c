"""Notices: the one way any app tells a person something (on the site and by e-mail).

`notice_send` writes the notice in the recipient's language and zone and, after the
transaction commits, queues its e-mail through the task queue (the `notice_email` task),
which sends it once however often the queue retries. A rolled-back write sends nothing.
"""

import logging
import zoneinfo
from collections.abc import Callable, Mapping
from typing import TypeAlias

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django_tasks import task

from convene.core.clock import now
from convene.core.links import absolute_url
from convene.core.timezones import UTC, parse_zone
from convene.core.types import Actor
from convene.people.models import Notice

logger = logging.getLogger(__name__)

# A placeholder's value: text (a lazy translation is rendered in the recipient's
# language), or a function of (zone, language) for what depends on them (a time).
Param: TypeAlias = str | int | Promise | Callable[[zoneinfo.ZoneInfo, str], str]
SUBJECT_MAX = 300


def recipient_zone_and_language(user: User) -> tuple[zoneinfo.ZoneInfo, str]:
    """The zone and interface language a person reads in (UTC and English by default)."""
    profile = getattr(user, "profile", None)
    zone = parse_zone(getattr(profile, "timezone", "") or "") or UTC
    language = getattr(profile, "language", "") or "en"
    return zone, language


def _fill(template: str, values: Mapping[str, str]) -> str:
    # A template without placeholders is used as it is (a literal "%" stays one).
    return template % values if values else template


def notice_send(
    *,
    recipient: User,
    kind: str,
    subject: str,
    body: str,
    params: Mapping[str, Param] | None = None,
    url: str = "",
    email: bool = True,
) -> Notice:
    """Tell `recipient` something: a notice on the site and, after commit, an e-mail.

    `subject` and `body` are source-language templates with named placeholders (marked
    with `gettext_noop` where they are defined); they are translated into the recipient's
    language and filled with `params`, each rendered in the recipient's language and
    zone. `url` is the site path the notice points to (the e-mail gives it in full).
    Side effects: one `Notice` row; on commit, `notice_email` is queued unless `email` is
    false, the person has no address or opted out of e-mail.
    """
    zone, language = recipient_zone_and_language(recipient)
    with translation.override(language):
        values = {
            name: value(zone, language) if callable(value) else str(value)
            for name, value in (params or {}).items()
        }
        subject_text = _fill(translation.gettext(subject), values)
        text = _fill(translation.gettext(body), values)
    notice = Notice.objects.create(
        recipient=recipient,
        kind=kind,
        subject=subject_text[:SUBJECT_MAX],
        text=text,
        url=url,
        created_at=now(),
    )
    profile = getattr(recipient, "profile", None)
    if email and recipient.email and getattr(profile, "email_notices", True):
        notice_id = notice.pk
        transaction.on_commit(lambda: _queue_email(notice_id))
    return notice


def _queue_email(notice_id: int) -> None:
    try:
        notice_email.enqueue(notice_id=notice_id)
    except Exception:  # a queue that cannot take it must not break the request that committed
        logger.exception("could not queue the e-mail of notice %s", notice_id)


def notice_email_send(*, notice_id: int) -> bool:
    """Send notice `notice_id`'s e-mail unless it was sent already; True if sent now.

    The notice is claimed first (a conditional update), so two runs of the task send one
    e-mail; a failure to send releases the claim and raises, so the queue may retry.
    """
    claimed = Notice.objects.filter(pk=notice_id, emailed_at__isnull=True).update(emailed_at=now())
    if not claimed:
        return False
    notice = Notice.objects.select_related("recipient").get(pk=notice_id)
    body = f"{notice.text}\n\n{absolute_url(notice.url)}" if notice.url else notice.text
    try:
        send_mail(notice.subject, body, None, [notice.recipient.email])
    except Exception:
        Notice.objects.filter(pk=notice_id).update(emailed_at=None)
        raise
    return True


def notices_mark_read(*, recipient: Actor) -> int:
    """Mark all of a person's notices read; how many were unread."""
    if not recipient.is_authenticated:
        return 0
    return Notice.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=now())


@task()
def notice_email(*, notice_id: int) -> bool:
    """The queued task: e-mail one notice (at most once)."""
    return notice_email_send(notice_id=notice_id)
