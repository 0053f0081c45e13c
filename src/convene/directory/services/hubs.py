"""Hubs: their roles, their stages (each transition dated) and their recognition."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid
from convene.core.types import Actor
from convene.directory.models import (
    HubRole,
    HubRoleKind,
    HubRoleStatus,
    Kind,
    Organisation,
    Recognition,
    Stage,
    StageChange,
)
from convene.directory.services.history import jsonable, record_change
from convene.directory.services.inputs import invalid
from convene.directory.services.permissions import require_editor, require_staff
from convene.directory.services.rules import validate_stage


def hub_set_role(
    *,
    actor: Actor,
    organisation: Organisation,
    role: str,
    status: str = HubRoleStatus.INTENDED,
    other: str = "",
) -> HubRole:
    """Add a role (or change its status). Grantmaking requires a legal entity."""
    person = require_editor(actor, organisation)
    errors: dict[str, list[str]] = {}
    if role not in HubRoleKind.values:
        errors["role"] = [_("Choose a role.")]
    elif role == HubRoleKind.OTHER and not other.strip():
        errors["other"] = [_("Say what the other role is.")]
    elif role == HubRoleKind.GRANTMAKING and not organisation.has_legal_entity:
        errors["role"] = [
            _("Grantmaking requires a legal entity; %(name)s has none on record.")
            % {"name": organisation.display_name}
        ]
    if status not in HubRoleStatus.values:
        errors["status"] = [_("Choose intended or active.")]
    if errors:
        raise invalid(errors)
    other = other.strip() if role == HubRoleKind.OTHER else ""
    with transaction.atomic():
        hub_role, created = HubRole.objects.get_or_create(
            organisation=organisation, role=role, other=other, defaults={"status": status}
        )
        before = None if created else hub_role.status
        if not created and hub_role.status != status:
            hub_role.status = status
            hub_role.save(update_fields=["status"])
        if created or before != status:
            record_change(
                actor=person,
                organisation=organisation,
                action="role",
                summary=_("Role %(role)s: %(status)s")
                % {"role": str(hub_role), "status": hub_role.get_status_display()},
                changes={f"role:{role}{':' + other if other else ''}": [before, status]},
            )
    return hub_role


def hub_remove_role(*, actor: Actor, hub_role: HubRole) -> None:
    organisation = hub_role.organisation
    person = require_editor(actor, organisation)
    with transaction.atomic():
        label = str(hub_role)
        key = f"role:{hub_role.role}{':' + hub_role.other if hub_role.other else ''}"
        previous = hub_role.status
        hub_role.delete()
        record_change(
            actor=person,
            organisation=organisation,
            action="role",
            summary=_("Role %(role)s removed") % {"role": label},
            changes={key: [previous, None]},
        )


def hub_change_stage(
    *,
    actor: Actor,
    organisation: Organisation,
    stage: str,
    changed_on: dt.date | None = None,
    note: str = "",
) -> StageChange:
    """Move a hub to `stage`, recording the dated transition. Pilot or later needs two
    communities or member organisations served; "recognised" needs a recognition."""
    person = require_editor(actor, organisation)
    errors: dict[str, list[str]] = {}
    if organisation.kind != Kind.HUB:
        errors["stage"] = [_("Only hubs have stages.")]
    elif stage not in Stage.values:
        errors["stage"] = [_("Choose a stage.")]
    else:
        served = organisation.communities.count() + organisation.member_organisations.count()
        recognised = Recognition.objects.filter(organisation=organisation).exists()
        validate_stage(stage=stage, served=served, recognised=recognised, errors=errors)
        if stage == organisation.stage:
            errors.setdefault("stage", []).append(_("The hub is already at this stage."))
    if errors:
        raise invalid(errors)
    with transaction.atomic():
        change = StageChange.objects.create(
            organisation=organisation,
            from_stage=organisation.stage,
            to_stage=stage,
            changed_on=changed_on or now().date(),
            note=note,
            recorded_by=person,
        )
        before = organisation.stage
        organisation.stage = stage
        organisation.save(update_fields=["stage", "updated_at"])
        record_change(
            actor=person,
            organisation=organisation,
            action="stage",
            summary=_("Stage: %(before)s → %(after)s")
            % {"before": before or "—", "after": organisation.get_stage_display()},
            changes={"stage": [before, stage]},
        )
    return change


def hub_recognise(
    *,
    actor: Actor,
    organisation: Organisation,
    decided_on: dt.date,
    decided_by: str,
    reference_url: str = "",
    note: str = "",
) -> Recognition:
    """Staff record the decision that recognises an organisation (the only way a hub can
    reach the "recognised" stage). Sets `recognised_on`."""
    person = require_staff(actor)
    if not decided_by.strip():
        raise Invalid(_("Name the body that decided."), field="decided_by")
    if Recognition.objects.filter(organisation=organisation).exists():
        raise Conflict(_("A recognition is already on record."), field="decided_on")
    with transaction.atomic():
        recognition = Recognition.objects.create(
            organisation=organisation,
            decided_on=decided_on,
            decided_by=decided_by.strip(),
            reference_url=reference_url,
            note=note,
        )
        before = organisation.recognised_on
        organisation.recognised_on = decided_on
        organisation.save(update_fields=["recognised_on", "updated_at"])
        record_change(
            actor=person,
            organisation=organisation,
            action="recognise",
            summary=_("Recognised by %(body)s") % {"body": recognition.decided_by},
            changes={"recognised_on": [jsonable(before), decided_on.isoformat()]},
        )
    return recognition
