"""People in organisations: member, coordinator, board member, contact."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from convene.core.errors import Invalid
from convene.core.types import Actor
from convene.directory.models import (
    Membership,
    Organisation,
    PersonRole,
)
from convene.directory.services.history import record_change
from convene.directory.services.permissions import require_editor


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
