"""The programmes' notices (templates marked for translation; filled in the recipient's
language by `people.notices.notice_send`, e-mailed after commit)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext_noop

from convene.people.notices import notice_send

TEMPLATES: dict[str, tuple[str, str]] = {
    "ambassador_applied": (
        gettext_noop("Your application to %(round)s was received"),
        gettext_noop("Staff will read it and answer you. You can follow it on your dashboard."),
    ),
    "ambassador_accepted": (
        gettext_noop("You are an ambassador of %(round)s"),
        gettext_noop("Welcome. %(message)s"),
    ),
    "ambassador_declined": (
        gettext_noop("Your application to %(round)s"),
        gettext_noop("Your application was not accepted this time. %(message)s"),
    ),
    "ambassador_withdrew": (
        gettext_noop("%(ambassador)s withdrew from %(round)s"),
        gettext_noop("They leave the directory; they may apply again later. %(message)s"),
    ),
    "facilitator_assigned": (
        gettext_noop("%(facilitator)s facilitates %(ambassador)s"),
        gettext_noop("%(facilitator)s will support %(ambassador)s during %(round)s."),
    ),
    "member_requested": (
        gettext_noop("%(ambassador)s asks %(body)s to send someone to %(event)s"),
        gettext_noop("%(message)s"),
    ),
    "member_answered": (
        gettext_noop("%(body)s answered your request for %(event)s"),
        gettext_noop("%(answer)s %(person)s"),
    ),
    "report_filed": (
        gettext_noop("%(ambassador)s filed the report of %(event)s"),
        gettext_noop("%(count)s points became consultation feedback."),
    ),
    "report_due": (
        gettext_noop("The report of %(event)s is due on %(due)s"),
        gettext_noop("Write what the conversation said, point by point, chapter by chapter."),
    ),
    "grant_state": (
        gettext_noop("Your proposal “%(title)s” is now: %(state)s"),
        gettext_noop("%(note)s%(next)s"),
    ),
    "grant_to_review": (
        gettext_noop("A proposal to review: %(title)s"),
        gettext_noop("“%(title)s” (%(country)s) is under review; %(threshold)s approvals decide."),
    ),
    "grant_report_due": (
        gettext_noop("The report of the grant “%(title)s” is due on %(due)s"),
        gettext_noop("Tell what the grant did; keep your receipts with the report."),
    ),
}


def tell(
    people: Iterable[User | None],
    kind: str,
    *,
    params: Mapping[str, Any],
    url: str,
) -> None:
    """Send notice `kind` to each distinct person given (None skipped)."""
    subject, body = TEMPLATES[kind]
    seen: set[int] = set()
    for person in people:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        notice_send(
            recipient=person,
            kind=f"programmes_{kind}",
            subject=subject,
            body=body,
            params=params,
            url=url,
        )
