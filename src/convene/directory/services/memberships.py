"""People in organisations: member, coordinator, board member, contact; and requests to
join, which a coordinator (or staff) accepts or declines with a message."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid
from convene.core.types import Actor
from convene.directory.models import (
    JoinRequest,
    JoinStatus,
    Membership,
    Organisation,
    PersonRole,
    Status,
)
from convene.directory.services import notify
from convene.directory.services.history import record_change
from convene.directory.services.permissions import require_editor, require_signed_in

MESSAGE_MAX = 2000


def membership_add(
    *, actor: Actor, organisation: Organisation, user: User, role: str
) -> Membership:
    """Staff or coordinators add a person with a role (member, coordinator, board, contact)."""
    person = require_editor(actor, organisation)
    if role not in PersonRole.values:
        raise Invalid(_("Choose a role."), field="role")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            organisation=organisation, user=user, role=role
        )
        if created:
            record_change(
                actor=person,
                organisation=organisation,
                action="member",
                summary=_("%(person)s added as %(role)s")
                % {"person": user.get_username(), "role": membership.get_role_display()},
                changes={f"person:{user.get_username()}": [None, role]},
            )
    return membership


def membership_remove(*, actor: Actor, membership: Membership) -> None:
    organisation = membership.organisation
    person = require_editor(actor, organisation)
    with transaction.atomic():
        username = membership.user.get_username()
        role = membership.role
        membership.delete()
        record_change(
            actor=person,
            organisation=organisation,
            action="member",
            summary=_("%(person)s no longer %(role)s") % {"person": username, "role": role},
            changes={f"person:{username}": [role, None]},
        )


def _deciders(organisation: Organisation) -> list[User]:
    """Who decides on requests to join: the coordinators, or staff when it has none."""
    coordinators = list(
        User.objects.filter(
            directory_memberships__organisation=organisation,
            directory_memberships__role=PersonRole.COORDINATOR,
            is_active=True,
        ).distinct()
    )
    return coordinators or list(User.objects.filter(is_staff=True, is_active=True))


def membership_request(
    *, actor: Actor, organisation: Organisation, message: str = ""
) -> JoinRequest:
    """A signed-in person asks to join a listed organisation. Its coordinators (staff when
    it has none) get a notice, and its e-mail after commit. Refused (`Conflict`) for a
    member or someone whose request is already waiting."""
    person = require_signed_in(actor)
    if organisation.status != Status.ACTIVE:
        raise Conflict(_("Only a listed organisation takes requests to join."))
    if Membership.objects.filter(organisation=organisation, user=person).exists():
        raise Conflict(_("You are already a member."))
    if JoinRequest.objects.filter(
        organisation=organisation, user=person, status=JoinStatus.PENDING
    ).exists():
        raise Conflict(_("Your request to join is already waiting for a decision."))
    if len(message) > MESSAGE_MAX:
        raise Invalid(_("Keep the message under 2,000 characters."), field="message")
    with transaction.atomic():
        join_request = JoinRequest.objects.create(
            organisation=organisation, user=person, message=message.strip(), created_at=now()
        )
        notify.join_asked(join_request=join_request, deciders=_deciders(organisation))
    return join_request


def membership_request_decide(
    *, actor: Actor, join_request: JoinRequest, accept: bool, message: str = ""
) -> JoinRequest:
    """A coordinator or staff accept (the person becomes a member) or decline (a message
    is needed) a request to join; the person gets a notice with the decision and the
    message, and its e-mail after commit. Records a Change."""
    organisation = join_request.organisation
    person = require_editor(actor, organisation)
    if join_request.status != JoinStatus.PENDING:
        raise Conflict(_("This request is decided already."), field="decision")
    if not accept and not message.strip():
        raise Invalid(_("Tell the person why their request is declined."), field="message")
    with transaction.atomic():
        join_request.status = JoinStatus.ACCEPTED if accept else JoinStatus.DECLINED
        join_request.decided_by = person
        join_request.decided_at = now()
        join_request.decision_message = message.strip()
        join_request.save(update_fields=["status", "decided_by", "decided_at", "decision_message"])
        username = join_request.user.get_username()
        if accept:
            Membership.objects.get_or_create(
                organisation=organisation, user=join_request.user, role=PersonRole.MEMBER
            )
        record_change(
            actor=person,
            organisation=organisation,
            action="member",
            summary=(
                _("%(person)s joined") if accept else _("%(person)s's request to join declined")
            )
            % {"person": username},
            changes={f"person:{username}": [None, PersonRole.MEMBER]} if accept else {},
        )
        notify.join_decided(join_request=join_request, accepted=accept)
    return join_request
