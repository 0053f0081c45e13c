"""Telling people about directory decisions, through `people.notices.notice_send` (the
notice is written with the decision; its e-mail is queued after commit)."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext_noop

from convene.directory.models import JoinRequest, Organisation
from convene.people.notices import notice_send

PROPOSAL_ACCEPTED = (
    gettext_noop("Your proposal “%(name)s” is accepted"),
    gettext_noop(
        "Staff accepted your proposal “%(name)s”: it is now listed in the directory, and "
        "you are its coordinator.\n\nTheir message: %(message)s"
    ),
)
PROPOSAL_DECLINED = (
    gettext_noop("Your proposal “%(name)s” is declined"),
    gettext_noop("Staff declined your proposal “%(name)s”.\n\nTheir message: %(message)s"),
)
JOIN_ASKED = (
    gettext_noop("%(person)s asks to join %(name)s"),
    gettext_noop(
        "%(person)s asks to join %(name)s. Accept or decline on its page.\n\n"
        "Their message: %(message)s"
    ),
)
JOIN_ACCEPTED = (
    gettext_noop("You are now a member of %(name)s"),
    gettext_noop("Your request to join %(name)s is accepted.\n\nTheir message: %(message)s"),
)
JOIN_DECLINED = (
    gettext_noop("Your request to join %(name)s is declined"),
    gettext_noop("Your request to join %(name)s is declined.\n\nTheir message: %(message)s"),
)


def _page(organisation: Organisation) -> str:
    return reverse("directory:organisation", args=[organisation.slug])


def _no_message(text: str) -> str:
    return text.strip() or "—"


def proposal_decided(*, organisation: Organisation, accepted: bool) -> None:
    """Tell the proposer (if still there) that staff accepted or declined their proposal."""
    proposer = organisation.proposed_by
    if proposer is None:
        return
    subject, body = PROPOSAL_ACCEPTED if accepted else PROPOSAL_DECLINED
    notice_send(
        recipient=proposer,
        kind="directory.proposal_accepted" if accepted else "directory.proposal_declined",
        subject=subject,
        body=body,
        params={
            "name": organisation.name,
            "message": _no_message(organisation.decision_message),
        },
        url=_page(organisation),
    )


def join_asked(*, join_request: JoinRequest, deciders: Iterable[User]) -> None:
    """Tell those who may decide that someone asks to join."""
    asker = join_request.user
    for decider in deciders:
        notice_send(
            recipient=decider,
            kind="directory.join_asked",
            subject=JOIN_ASKED[0],
            body=JOIN_ASKED[1],
            params={
                "person": asker.get_username(),
                "name": join_request.organisation.name,
                "message": _no_message(join_request.message),
            },
            url=_page(join_request.organisation) + "#join-requests",
        )


def join_decided(*, join_request: JoinRequest, accepted: bool) -> None:
    """Tell the person who asked to join what was decided, with the message."""
    subject, body = JOIN_ACCEPTED if accepted else JOIN_DECLINED
    notice_send(
        recipient=join_request.user,
        kind="directory.join_accepted" if accepted else "directory.join_declined",
        subject=subject,
        body=body,
        params={
            "name": join_request.organisation.name,
            "message": _no_message(join_request.decision_message),
        },
        url=_page(join_request.organisation),
    )
