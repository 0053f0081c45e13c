"""Who may do what in the programmes (the services enforce these; pages use them to show
or hide controls).

- apply as an ambassador, propose a grant: any signed-in, active, unblocked person (no
  affiliation asked);
- accept or decline ambassadors, assign facilitators, create rounds and grant programmes,
  move proposals through review, agreement and payment, keep the country register: staff;
- host conversations, take translations, file reports: accepted ambassadors (their own);
- see an ambassador's work: the ambassador, their facilitator, staff;
- review a proposal: the programme's reviewers and staff, except its applicant and anyone
  who declared a conflict of interest on it;
- see a proposal: everyone once funded; before that its applicant, staff and its
  (unconflicted) reviewers; reviews and receipts: never the public.
"""

from typing import Any

from django.db.models import Q

from convene.consultations.queries.access import is_active_person
from convene.core.fragments import cached_value
from convene.core.generations import generation
from convene.directory.models import Membership
from convene.programmes.generations import GRANTS
from convene.programmes.models import (
    FUNDED_STATES,
    Ambassador,
    AmbassadorStatus,
    Conversation,
    Proposal,
    Recommendation,
    Review,
)


def is_staff(user: Any) -> bool:
    return is_active_person(user) and bool(user.is_staff)


def can_apply(user: Any) -> bool:
    return is_active_person(user)


def can_decide(user: Any) -> bool:
    """Accept ambassadors, run grant decisions, keep the constraint register."""
    return is_staff(user)


def is_accepted(ambassador: Ambassador) -> bool:
    return ambassador.status == AmbassadorStatus.ACCEPTED


def can_act_as(user: Any, ambassador: Ambassador) -> bool:
    """Host, translate and report as this ambassador: the ambassador, once accepted."""
    return is_active_person(user) and ambassador.user_id == user.pk and is_accepted(ambassador)


def can_withdraw(user: Any, ambassador: Ambassador) -> bool:
    """The applicant or ambassador themselves, while applied or accepted."""
    return (
        is_active_person(user)
        and ambassador.user_id == user.pk
        and ambassador.status in (AmbassadorStatus.APPLIED, AmbassadorStatus.ACCEPTED)
    )


def can_see_work(user: Any, ambassador: Ambassador) -> bool:
    if not is_active_person(user):
        return False
    return user.is_staff or user.pk in (ambassador.user_id, ambassador.facilitator_id)


def can_answer_request(user: Any, conversation: Conversation) -> bool:
    """Answer a request for a member: staff and the members of the body asked."""
    if not is_active_person(user) or conversation.body_id is None:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(user=user, organisation_id=conversation.body_id).exists()


def _conflicted(user: Any, proposal: Proposal) -> bool:
    return Review.objects.filter(
        proposal=proposal, reviewer_id=user.pk, recommendation=Recommendation.CONFLICT
    ).exists()


def is_reviewer(user: Any, proposal: Proposal) -> bool:
    """One of the programme's reviewers (or staff), not its applicant."""
    if not is_active_person(user) or proposal.applicant_id == user.pk:
        return False
    if user.is_staff:
        return True
    return proposal.programme.reviewers.filter(pk=user.pk).exists()


def can_review(user: Any, proposal: Proposal) -> bool:
    return is_reviewer(user, proposal) and not _conflicted(user, proposal)


def can_see_proposal(user: Any, proposal: Proposal) -> bool:
    if proposal.state in FUNDED_STATES:
        return True
    if not is_active_person(user):
        return False
    return proposal.applicant_id == user.pk or user.is_staff or _reads_as_reviewer(user, proposal)


def _reads_as_reviewer(user: Any, proposal: Proposal) -> bool:
    """Reviewers see proposals once submitted (never drafts), unless conflicted."""
    return proposal.state != "draft" and can_review(user, proposal)


def proposals_visibility(user: Any) -> str:
    """Which proposals `user` sees, named so that readers who see the same ones share the
    name: "public" (the funded ones: anyone who neither proposed nor may review one),
    "staff" (all), else the person's own ("person:<pk>")."""
    if not is_active_person(user):
        return "public"
    if user.is_staff:
        return "staff"
    # Whether they proposed or may review some proposal, kept until the grants change
    # (if it were out of date, they would see the funded ones only, never more).
    involved = cached_value(
        "programmes.involved",
        [generation(GRANTS), user.pk],
        lambda: Proposal.objects.filter(
            Q(applicant_id=user.pk) | Q(programme__reviewers=user.pk)
        ).exists(),
    )
    return f"person:{user.pk}" if involved else "public"


def can_see_private(user: Any, proposal: Proposal) -> bool:
    """Reviews, scores, private comments and receipts (and downloading them): the
    applicant, staff, the grant's (unconflicted) reviewers."""
    if not is_active_person(user):
        return False
    return proposal.applicant_id == user.pk or user.is_staff or _reads_as_reviewer(user, proposal)
