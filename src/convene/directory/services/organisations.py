"""Organisations: created by staff, proposed by anyone signed in (and accepted or declined
by staff), edited by staff and their coordinators.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid
from convene.core.types import Actor
from convene.directory.models import (
    HubRole,
    HubRoleStatus,
    Kind,
    Membership,
    Organisation,
    PersonRole,
    Stage,
    StageChange,
    Status,
)
from convene.directory.services import notify
from convene.directory.services.history import diff, record_change, snapshot
from convene.directory.services.inputs import OrganisationInput, invalid, unique_slug
from convene.directory.services.permissions import require_editor, require_signed_in, require_staff
from convene.directory.services.rules import (
    apply_input,
    resolve_keys,
    set_relations,
    validate_organisation,
)

# Kinds a signed-in person may propose; bodies of the movement's governance are made by staff.
PROPOSABLE_KINDS = (
    Kind.HUB,
    Kind.NON_AFFILIATED_GROUP,
    Kind.USER_GROUP,
    Kind.CHAPTER,
    Kind.THEMATIC_ORGANISATION,
    Kind.REGIONAL_COLLABORATIVE,
)


def _create(*, person: User, data: OrganisationInput, status: str, action: str) -> Organisation:
    errors: dict[str, list[str]] = {}
    if data.kind == Kind.HUB and not data.stage:
        data.stage = Stage.IDEA
    resolved = resolve_keys(data, errors, self_pk=None)
    validate_organisation(data, resolved, errors, organisation=None)
    if data.slug and Organisation.objects.filter(slug=data.slug).exists():
        errors.setdefault("slug", []).append(_("This address is taken."))
    if errors:
        raise invalid(errors)
    with transaction.atomic():
        org = Organisation(
            slug=data.slug or unique_slug(Organisation, data.short_name or data.name),
            status=status,
            proposed_by=person if status == Status.PROPOSED else None,
        )
        apply_input(org, data, resolved)
        org.save()
        set_relations(org, resolved)
        HubRole.objects.bulk_create(
            [HubRole(organisation=org, role=role, status=HubRoleStatus.INTENDED)
             for role in dict.fromkeys(data.roles)]
        )  # fmt: skip
        if org.stage:
            StageChange.objects.create(
                organisation=org,
                from_stage="",
                to_stage=org.stage,
                changed_on=data.stage_since or data.founded_on or now().date(),
                recorded_by=person,
            )
        record_change(
            actor=person,
            organisation=org,
            action=action,
            summary=_("%(name)s created") % {"name": org.name}
            if action == "create"
            else _("%(name)s proposed") % {"name": org.name},
            changes=diff({}, snapshot(org)),
        )
    return org


def organisation_create(*, actor: Actor, data: OrganisationInput) -> Organisation:
    """Staff create an organisation (any kind), listed at once. Records a Change."""
    person = require_staff(actor)
    return _create(person=person, data=data, status=Status.ACTIVE, action="create")


def organisation_propose(*, actor: Actor, data: OrganisationInput) -> Organisation:
    """A signed-in person proposes a hub or group: saved as "proposed", visible to staff and
    the proposer only until staff accept it."""
    person = require_signed_in(actor)
    if data.kind not in PROPOSABLE_KINDS:
        raise Invalid(
            _("This kind of organisation is set up by staff, not proposed."), field="kind"
        )
    return _create(person=person, data=data, status=Status.PROPOSED, action="propose")


def organisation_update(
    *, actor: Actor, organisation: Organisation, data: OrganisationInput
) -> Organisation:
    """Staff or the organisation's coordinators change it. A changed stage is recorded as a
    stage transition dated today; nothing is saved if any rule fails. `data.roles` is
    ignored here: roles are set one by one (`hub_set_role`)."""
    person = require_editor(actor, organisation)
    errors: dict[str, list[str]] = {}
    if data.kind == Kind.HUB and not data.stage:
        data.stage = organisation.stage or Stage.IDEA
    if data.kind != organisation.kind and not person.is_staff:
        errors.setdefault("kind", []).append(
            _("Only staff may change the kind of an organisation.")
        )
    resolved = resolve_keys(data, errors, self_pk=organisation.pk)
    validate_organisation(data, resolved, errors, organisation=organisation)
    if (
        data.slug
        and data.slug != organisation.slug
        and Organisation.objects.filter(slug=data.slug).exclude(pk=organisation.pk).exists()
    ):
        errors.setdefault("slug", []).append(_("This address is taken."))
    if errors:
        raise invalid(errors)
    with transaction.atomic():
        before = snapshot(organisation)
        old_stage = organisation.stage
        if data.slug:
            organisation.slug = data.slug
        apply_input(organisation, data, resolved)
        organisation.save()
        set_relations(organisation, resolved)
        if organisation.stage and organisation.stage != old_stage:
            StageChange.objects.create(
                organisation=organisation,
                from_stage=old_stage,
                to_stage=organisation.stage,
                changed_on=now().date(),
                recorded_by=person,
            )
        changes = diff(before, snapshot(organisation))
        if changes:
            record_change(
                actor=person,
                organisation=organisation,
                action="update",
                summary=_("Changed %(fields)s") % {"fields": ", ".join(sorted(changes))},
                changes=changes,
            )
    return organisation


def proposal_accept(*, actor: Actor, organisation: Organisation, message: str = "") -> Organisation:
    """Staff list a proposed organisation; the proposer becomes its coordinator and is
    told (a notice, and its e-mail after commit)."""
    person = require_staff(actor)
    if organisation.status != Status.PROPOSED:
        raise Conflict(_("Only a proposal can be accepted."), field="status")
    with transaction.atomic():
        organisation.status = Status.ACTIVE
        organisation.decision_message = message.strip()
        organisation.save(update_fields=["status", "decision_message", "updated_at"])
        if organisation.proposed_by_id is not None:
            Membership.objects.get_or_create(
                organisation=organisation,
                user_id=organisation.proposed_by_id,
                role=PersonRole.COORDINATOR,
            )
        record_change(
            actor=person,
            organisation=organisation,
            action="accept",
            summary=_("Proposal accepted"),
            changes={
                "status": [Status.PROPOSED, Status.ACTIVE],
                "message": [None, message.strip()],
            },
        )
        notify.proposal_decided(organisation=organisation, accepted=True)
    return organisation


def proposal_decline(*, actor: Actor, organisation: Organisation, message: str) -> Organisation:
    """Staff decline a proposal with a message the proposer sees and is told (a notice,
    and its e-mail after commit)."""
    person = require_staff(actor)
    if organisation.status != Status.PROPOSED:
        raise Conflict(_("Only a proposal can be declined."), field="status")
    if not message.strip():
        raise Invalid(_("Tell the proposer why their proposal is declined."), field="message")
    with transaction.atomic():
        organisation.status = Status.DECLINED
        organisation.decision_message = message.strip()
        organisation.save(update_fields=["status", "decision_message", "updated_at"])
        record_change(
            actor=person,
            organisation=organisation,
            action="decline",
            summary=_("Proposal declined"),
            changes={
                "status": [Status.PROPOSED, Status.DECLINED],
                "message": [None, message.strip()],
            },
        )
        notify.proposal_decided(organisation=organisation, accepted=False)
    return organisation
