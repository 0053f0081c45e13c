"""Reminders when a report is due (an idempotent sweep: each is reminded once)."""

import datetime as dt

from convene.core.clock import now
from convene.programmes.models import Conversation, GrantState, Proposal
from convene.programmes.services.notify import tell

AHEAD = dt.timedelta(days=3)


def reports_remind() -> int:
    """Tell hosts whose conversation report, and grantees whose grant report, is due
    within three days (or overdue) and not filed. Returns how many were told."""
    at = now()
    horizon = (at + AHEAD).date()
    told = 0
    conversations = Conversation.objects.filter(
        report__isnull=True,
        reminded_at__isnull=True,
        report_due_on__lte=horizon,
        event__ends_at__lte=at,
    ).select_related("event", "ambassador__user")
    for conversation in conversations:
        tell(
            [conversation.ambassador.user],
            "report_due",
            params={
                "event": conversation.event.title,
                "due": conversation.report_due_on.isoformat(),
            },
            url=f"/programmes/conversations/{conversation.pk}/report/",
        )
        Conversation.objects.filter(pk=conversation.pk).update(reminded_at=at)
        told += 1
    grants = Proposal.objects.filter(
        state=GrantState.PAID, reminded_at__isnull=True, report_due_on__lte=horizon
    ).select_related("applicant")
    for proposal in grants:
        due = proposal.report_due_on.isoformat() if proposal.report_due_on else ""
        tell(
            [proposal.applicant],
            "grant_report_due",
            params={"title": proposal.title, "due": due},
            url=f"/programmes/grants/{proposal.pk}/report/",
        )
        Proposal.objects.filter(pk=proposal.pk).update(reminded_at=at)
        told += 1
    return told
