"""Writes for the directory: one function per action.

Every function checks permission (`NotSignedIn`/`NotAllowed` with a readable message),
validates (`Invalid` listing every field at fault, `Conflict` when the thing's state
forbids it; nothing saved), writes inside a transaction and records a `Change` (who,
when, what). Nothing here is pushed to live pages: the directory
has no live views.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed, NotSignedIn, Refusal
from convene.core.types import Actor
from convene.directory import queries
from convene.directory.models import (
    STAGE_ORDER,
    Change,
    Community,
    CommunityKind,
    Country,
    Formation,
    HubRole,
    HubRoleKind,
    HubRoleStatus,
    Kind,
    Language,
    Membership,
    Organisation,
    PersonRole,
    Recognition,
    Region,
    ScopeType,
    Stage,
    StageChange,
    Status,
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
PILOT_INDEX = STAGE_ORDER.index(Stage.PILOT)


@dataclass
class OrganisationInput:
    """Everything an organisation form or command may set. M2M fields by key."""

    name: str
    kind: str
    short_name: str = ""
    slug: str = ""
    description: str = ""
    wiki_url: str = ""
    website: str = ""
    founded_on: dt.date | None = None
    recognised_on: dt.date | None = None
    has_legal_entity: bool = False
    legal_jurisdiction: str = ""
    parent_id: int | None = None
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    communities: list[int] = field(default_factory=list)
    member_organisations: list[int] = field(default_factory=list)
    scope_type: str = ""
    theme: str = ""
    formation: str = ""
    stage: str = ""
    stage_since: dt.date | None = None  # the date of the first stage, on creation
    accountable_to: str = ""
    accountable_to_organisation_id: int | None = None
    is_sample: bool = False


@dataclass
class CommunityInput:
    name: str
    kind: str = CommunityKind.LANGUAGE
    slug: str = ""
    projects: list[str] = field(default_factory=list)
    theme: str = ""
    description: str = ""
    languages: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    is_sample: bool = False


# --- permission -------------------------------------------------------------------------


def _require_signed_in(actor: Actor) -> User:
    if not isinstance(actor, User) or not actor.is_authenticated:
        raise NotSignedIn(_("Sign in to do that."))
    return actor


def _require_staff(actor: Actor) -> User:
    person = _require_signed_in(actor)
    if not person.is_staff:
        raise NotAllowed(_("Only staff may do that."))
    return person


def _require_editor(actor: Actor, organisation: Organisation) -> User:
    person = _require_signed_in(actor)
    if not queries.organisation_can_edit(viewer=person, organisation=organisation):
        raise NotAllowed(_("Only staff and the organisation's coordinators may edit it."))
    return person


def _invalid(errors: dict[str, list[str]]) -> Refusal:
    """One `Invalid` listing every field at fault."""
    fields: dict[str | None, Sequence[str]] = {name: list(m) for name, m in errors.items()}
    return Invalid.from_fields(fields)


# --- history ----------------------------------------------------------------------------


def _record(
    *,
    actor: User | None,
    action: str,
    summary: str,
    organisation: Organisation | None = None,
    community: Community | None = None,
    changes: dict[str, Any] | None = None,
) -> Change:
    return Change.objects.create(
        organisation=organisation,
        community=community,
        actor=actor,
        at=now(),
        action=action,
        summary=summary[:500],
        changes=changes or {},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _snapshot(org: Organisation) -> dict[str, Any]:
    scalars = [
        "name",
        "short_name",
        "slug",
        "kind",
        "description",
        "wiki_url",
        "website",
        "founded_on",
        "recognised_on",
        "has_legal_entity",
        "legal_jurisdiction_id",
        "parent_id",
        "scope_type",
        "theme",
        "formation",
        "stage",
        "accountable_to",
        "accountable_to_organisation_id",
        "status",
    ]
    snap = {name: _jsonable(getattr(org, name)) for name in scalars}
    if org.pk:
        snap["countries"] = sorted(org.countries.values_list("code", flat=True))
        snap["regions"] = sorted(org.regions.values_list("slug", flat=True))
        snap["languages"] = sorted(org.languages.values_list("code", flat=True))
        snap["communities"] = sorted(org.communities.values_list("slug", flat=True))
        snap["member_organisations"] = sorted(
            org.member_organisations.values_list("slug", flat=True)
        )
    return snap


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


# --- validation -------------------------------------------------------------------------


@dataclass
class _Resolved:
    countries: list[Country]
    regions: list[Region]
    languages: list[Language]
    communities: list[Community]
    members: list[Organisation]
    parent: Organisation | None
    accountable: Organisation | None
    jurisdiction: Country | None


def _unique_slug(model: Any, wanted: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(wanted)[:90] or "item"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def _by_keys(
    model: Any, keys: list[Any], key: str, field_name: str, errors: dict[str, list[str]]
) -> list[Any]:
    wanted = list(dict.fromkeys(keys))
    found = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": wanted})}
    unknown = [str(k) for k in wanted if k not in found]
    if unknown:
        errors.setdefault(field_name, []).append(
            _("Unknown: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    return [found[k] for k in wanted if k in found]


def _resolve(
    data: OrganisationInput, errors: dict[str, list[str]], *, self_pk: int | None
) -> _Resolved:
    countries = _by_keys(Country, [c.upper() for c in data.countries], "code", "countries", errors)
    regions = _by_keys(Region, data.regions, "slug", "regions", errors)
    languages = _by_keys(Language, data.languages, "code", "languages", errors)
    communities = _by_keys(Community, data.communities, "pk", "communities", errors)
    members = _by_keys(
        Organisation, data.member_organisations, "pk", "member_organisations", errors
    )
    if self_pk is not None and any(m.pk == self_pk for m in members):
        errors.setdefault("member_organisations", []).append(
            _("An organisation cannot be its own member.")
        )
    parent = None
    if data.parent_id is not None:
        parent = Organisation.objects.filter(pk=data.parent_id).first()
        if parent is None:
            errors.setdefault("parent", []).append(_("Unknown parent organisation."))
        elif self_pk is not None and _is_ancestor_or_self(self_pk, parent):
            errors.setdefault("parent", []).append(
                _("An organisation cannot be part of itself or of one of its parts.")
            )
    accountable = None
    if data.accountable_to_organisation_id is not None:
        accountable = Organisation.objects.filter(pk=data.accountable_to_organisation_id).first()
        if accountable is None:
            errors.setdefault("accountable_to_organisation", []).append(_("Unknown organisation."))
    jurisdiction = None
    if data.legal_jurisdiction:
        jurisdiction = Country.objects.filter(code=data.legal_jurisdiction.upper()).first()
        if jurisdiction is None:
            errors.setdefault("legal_jurisdiction", []).append(
                _("Unknown country code: %(code)s.") % {"code": data.legal_jurisdiction}
            )
    return _Resolved(
        countries, regions, languages, communities, members, parent, accountable, jurisdiction
    )


def _is_ancestor_or_self(pk: int, candidate: Organisation) -> bool:
    seen: set[int] = set()
    node: Organisation | None = candidate
    while node is not None and node.pk not in seen:
        if node.pk == pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def _validate(
    data: OrganisationInput,
    resolved: _Resolved,
    errors: dict[str, list[str]],
    *,
    organisation: Organisation | None,
) -> None:
    if not data.name.strip():
        errors.setdefault("name", []).append(_("Give the organisation a name."))
    if data.kind not in Kind.values:
        errors.setdefault("kind", []).append(_("Choose a kind."))
    if data.legal_jurisdiction and not data.has_legal_entity:
        errors.setdefault("legal_jurisdiction", []).append(
            _("A jurisdiction only applies to an organisation with a legal entity.")
        )
    if (
        organisation is not None
        and not data.has_legal_entity
        and organisation.hub_roles.filter(role=HubRoleKind.GRANTMAKING).exists()
    ):
        errors.setdefault("has_legal_entity", []).append(
            _("Grantmaking requires a legal entity: remove the grantmaking role first.")
        )
    if data.kind != Kind.HUB:
        return
    _validate_hub_scope(data, resolved, errors)
    if data.formation and data.formation not in Formation.values:
        errors.setdefault("formation", []).append(_("Choose a formation."))
    if data.stage not in Stage.values:
        errors.setdefault("stage", []).append(_("Choose a stage."))
        return
    _validate_stage(
        stage=data.stage,
        served=len(resolved.communities) + len(resolved.members),
        recognised=organisation is not None and hasattr(organisation, "recognition"),
        errors=errors,
    )


def _validate_hub_scope(
    data: OrganisationInput, resolved: _Resolved, errors: dict[str, list[str]]
) -> None:
    if data.scope_type not in ScopeType.values:
        errors.setdefault("scope_type", []).append(
            _("A hub is regional, thematic or linguistic: choose its scope.")
        )
    elif "regions" in errors or "countries" in errors or "languages" in errors:
        return  # an unknown code is reason enough; don't pile up messages
    elif data.scope_type == ScopeType.REGIONAL and not (resolved.regions or resolved.countries):
        errors.setdefault("regions", []).append(
            _("A regional hub names at least one region or country.")
        )
    elif data.scope_type == ScopeType.LINGUISTIC and not resolved.languages:
        errors.setdefault("languages", []).append(
            _("A linguistic hub names at least one language.")
        )
    elif data.scope_type == ScopeType.THEMATIC and not data.theme.strip():
        errors.setdefault("theme", []).append(_("A thematic hub names its theme."))


def _validate_stage(
    *, stage: str, served: int, recognised: bool, errors: dict[str, list[str]]
) -> None:
    if STAGE_ORDER.index(stage) >= PILOT_INDEX and served < 2:
        errors.setdefault("stage", []).append(
            _(
                "A hub at pilot stage or later serves at least two communities or member "
                "organisations (it serves %(count)d)."
            )
            % {"count": served}
        )
    if stage == Stage.RECOGNISED and not recognised:
        errors.setdefault("stage", []).append(
            _(
                "“Recognised” needs a recognition decision on record: "
                "a pilot is not an official hub."
            )
        )


def _apply(org: Organisation, data: OrganisationInput, resolved: _Resolved) -> None:
    org.name = data.name.strip()
    org.short_name = data.short_name.strip()
    org.kind = data.kind
    org.description = data.description
    org.wiki_url = data.wiki_url
    org.website = data.website
    org.founded_on = data.founded_on
    org.recognised_on = data.recognised_on
    org.has_legal_entity = data.has_legal_entity
    org.legal_jurisdiction = resolved.jurisdiction
    org.parent = resolved.parent
    org.accountable_to = data.accountable_to
    org.accountable_to_organisation = resolved.accountable
    org.is_sample = data.is_sample
    is_hub = data.kind == Kind.HUB
    org.scope_type = data.scope_type if is_hub else ""
    org.theme = data.theme
    org.formation = data.formation if is_hub else ""
    org.stage = data.stage if is_hub else ""


def _set_relations(org: Organisation, resolved: _Resolved) -> None:
    org.countries.set(resolved.countries)
    org.regions.set(resolved.regions)
    org.languages.set(resolved.languages)
    org.communities.set(resolved.communities)
    org.member_organisations.set(resolved.members)


# --- organisations ----------------------------------------------------------------------


def _create(*, person: User, data: OrganisationInput, status: str, action: str) -> Organisation:
    errors: dict[str, list[str]] = {}
    if data.kind == Kind.HUB and not data.stage:
        data.stage = Stage.IDEA
    resolved = _resolve(data, errors, self_pk=None)
    _validate(data, resolved, errors, organisation=None)
    if data.slug and Organisation.objects.filter(slug=data.slug).exists():
        errors.setdefault("slug", []).append(_("This address is taken."))
    if errors:
        raise _invalid(errors)
    with transaction.atomic():
        org = Organisation(
            slug=data.slug or _unique_slug(Organisation, data.short_name or data.name),
            status=status,
            proposed_by=person if status == Status.PROPOSED else None,
        )
        _apply(org, data, resolved)
        org.save()
        _set_relations(org, resolved)
        if org.stage:
            StageChange.objects.create(
                organisation=org,
                from_stage="",
                to_stage=org.stage,
                changed_on=data.stage_since or data.founded_on or now().date(),
                recorded_by=person,
            )
        _record(
            actor=person,
            organisation=org,
            action=action,
            summary=_("%(name)s created") % {"name": org.name}
            if action == "create"
            else _("%(name)s proposed") % {"name": org.name},
            changes=_diff({}, _snapshot(org)),
        )
    return org


def organisation_create(*, actor: Actor, data: OrganisationInput) -> Organisation:
    """Staff create an organisation (any kind), listed at once. Records a Change."""
    person = _require_staff(actor)
    return _create(person=person, data=data, status=Status.ACTIVE, action="create")


def organisation_propose(*, actor: Actor, data: OrganisationInput) -> Organisation:
    """A signed-in person proposes a hub or group: saved as "proposed", visible to staff and
    the proposer only until staff accept it."""
    person = _require_signed_in(actor)
    if data.kind not in PROPOSABLE_KINDS:
        raise Invalid(
            _("This kind of organisation is set up by staff, not proposed."), field="kind"
        )
    return _create(person=person, data=data, status=Status.PROPOSED, action="propose")


def organisation_update(
    *, actor: Actor, organisation: Organisation, data: OrganisationInput
) -> Organisation:
    """Staff or the organisation's coordinators change it. A changed stage is recorded as a
    stage transition dated today; nothing is saved if any rule fails."""
    person = _require_editor(actor, organisation)
    errors: dict[str, list[str]] = {}
    if data.kind == Kind.HUB and not data.stage:
        data.stage = organisation.stage or Stage.IDEA
    if data.kind != organisation.kind and not person.is_staff:
        errors.setdefault("kind", []).append(
            _("Only staff may change the kind of an organisation.")
        )
    resolved = _resolve(data, errors, self_pk=organisation.pk)
    _validate(data, resolved, errors, organisation=organisation)
    if (
        data.slug
        and data.slug != organisation.slug
        and Organisation.objects.filter(slug=data.slug).exclude(pk=organisation.pk).exists()
    ):
        errors.setdefault("slug", []).append(_("This address is taken."))
    if errors:
        raise _invalid(errors)
    with transaction.atomic():
        before = _snapshot(organisation)
        old_stage = organisation.stage
        if data.slug:
            organisation.slug = data.slug
        _apply(organisation, data, resolved)
        organisation.save()
        _set_relations(organisation, resolved)
        if organisation.stage and organisation.stage != old_stage:
            StageChange.objects.create(
                organisation=organisation,
                from_stage=old_stage,
                to_stage=organisation.stage,
                changed_on=now().date(),
                recorded_by=person,
            )
        changes = _diff(before, _snapshot(organisation))
        if changes:
            _record(
                actor=person,
                organisation=organisation,
                action="update",
                summary=_("Changed %(fields)s") % {"fields": ", ".join(sorted(changes))},
                changes=changes,
            )
    return organisation


def proposal_accept(*, actor: Actor, organisation: Organisation, message: str = "") -> Organisation:
    """Staff list a proposed organisation; the proposer becomes its coordinator."""
    person = _require_staff(actor)
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
        _record(
            actor=person,
            organisation=organisation,
            action="accept",
            summary=_("Proposal accepted"),
            changes={
                "status": [Status.PROPOSED, Status.ACTIVE],
                "message": [None, message.strip()],
            },
        )
    return organisation


def proposal_decline(*, actor: Actor, organisation: Organisation, message: str) -> Organisation:
    """Staff decline a proposal with a message the proposer sees."""
    person = _require_staff(actor)
    if organisation.status != Status.PROPOSED:
        raise Conflict(_("Only a proposal can be declined."), field="status")
    if not message.strip():
        raise Invalid(_("Tell the proposer why their proposal is declined."), field="message")
    with transaction.atomic():
        organisation.status = Status.DECLINED
        organisation.decision_message = message.strip()
        organisation.save(update_fields=["status", "decision_message", "updated_at"])
        _record(
            actor=person,
            organisation=organisation,
            action="decline",
            summary=_("Proposal declined"),
            changes={
                "status": [Status.PROPOSED, Status.DECLINED],
                "message": [None, message.strip()],
            },
        )
    return organisation


# --- hubs: roles, stages, recognition ---------------------------------------------------


def hub_set_role(
    *,
    actor: Actor,
    organisation: Organisation,
    role: str,
    status: str = HubRoleStatus.INTENDED,
    other: str = "",
) -> HubRole:
    """Add a role (or change its status). Grantmaking requires a legal entity."""
    person = _require_editor(actor, organisation)
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
        raise _invalid(errors)
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
            _record(
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
    person = _require_editor(actor, organisation)
    with transaction.atomic():
        label = str(hub_role)
        key = f"role:{hub_role.role}{':' + hub_role.other if hub_role.other else ''}"
        previous = hub_role.status
        hub_role.delete()
        _record(
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
    person = _require_editor(actor, organisation)
    errors: dict[str, list[str]] = {}
    if organisation.kind != Kind.HUB:
        errors["stage"] = [_("Only hubs have stages.")]
    elif stage not in Stage.values:
        errors["stage"] = [_("Choose a stage.")]
    else:
        served = organisation.communities.count() + organisation.member_organisations.count()
        recognised = Recognition.objects.filter(organisation=organisation).exists()
        _validate_stage(stage=stage, served=served, recognised=recognised, errors=errors)
        if stage == organisation.stage:
            errors.setdefault("stage", []).append(_("The hub is already at this stage."))
    if errors:
        raise _invalid(errors)
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
        _record(
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
    person = _require_staff(actor)
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
        _record(
            actor=person,
            organisation=organisation,
            action="recognise",
            summary=_("Recognised by %(body)s") % {"body": recognition.decided_by},
            changes={"recognised_on": [_jsonable(before), decided_on.isoformat()]},
        )
    return recognition


# --- people -----------------------------------------------------------------------------


def membership_add(
    *, actor: Actor, organisation: Organisation, user: User, role: str
) -> Membership:
    """Staff or coordinators add a person with a role (member, coordinator, board, contact)."""
    person = _require_editor(actor, organisation)
    if role not in PersonRole.values:
        raise Invalid(_("Choose a role."), field="role")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            organisation=organisation, user=user, role=role
        )
        if created:
            _record(
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
    person = _require_editor(actor, organisation)
    with transaction.atomic():
        username = membership.user.get_username()
        role = membership.role
        membership.delete()
        _record(
            actor=person,
            organisation=organisation,
            action="member",
            summary=_("%(person)s no longer %(role)s") % {"person": username, "role": role},
            changes={f"person:{username}": [role, None]},
        )


# --- communities ------------------------------------------------------------------------


def _community_resolve(data: CommunityInput) -> tuple[list[Language], list[Country]]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the community a name.")]
    if data.kind not in CommunityKind.values:
        errors["kind"] = [_("Choose a kind.")]
    languages = _by_keys(Language, data.languages, "code", "languages", errors)
    countries = _by_keys(Country, [c.upper() for c in data.countries], "code", "countries", errors)
    if data.kind == CommunityKind.LANGUAGE and not languages and "languages" not in errors:
        errors["languages"] = [_("A language community names its language.")]
    if data.kind == CommunityKind.THEMATIC and not data.theme.strip():
        errors["theme"] = [_("A thematic community names its theme.")]
    if errors:
        raise _invalid(errors)
    return languages, countries


def community_create(*, actor: Actor, data: CommunityInput) -> Community:
    """Staff add a community. Records a Change."""
    person = _require_staff(actor)
    languages, countries = _community_resolve(data)
    with transaction.atomic():
        community = Community.objects.create(
            slug=data.slug or _unique_slug(Community, data.name),
            name=data.name.strip(),
            kind=data.kind,
            projects=[p.strip() for p in data.projects if p.strip()],
            theme=data.theme,
            description=data.description,
            is_sample=data.is_sample,
        )
        community.languages.set(languages)
        community.countries.set(countries)
        _record(
            actor=person,
            community=community,
            action="create",
            summary=_("%(name)s created") % {"name": community.name},
        )
    return community


def community_update(*, actor: Actor, community: Community, data: CommunityInput) -> Community:
    """Staff change a community. Records what changed."""
    person = _require_staff(actor)
    languages, countries = _community_resolve(data)
    with transaction.atomic():
        before = {
            "name": community.name,
            "kind": community.kind,
            "projects": community.projects,
            "theme": community.theme,
            "description": community.description,
            "languages": sorted(community.languages.values_list("code", flat=True)),
            "countries": sorted(community.countries.values_list("code", flat=True)),
        }
        community.name = data.name.strip()
        community.kind = data.kind
        community.projects = [p.strip() for p in data.projects if p.strip()]
        community.theme = data.theme
        community.description = data.description
        community.save()
        community.languages.set(languages)
        community.countries.set(countries)
        after = {
            "name": community.name,
            "kind": community.kind,
            "projects": community.projects,
            "theme": community.theme,
            "description": community.description,
            "languages": sorted(lang.code for lang in languages),
            "countries": sorted(c.code for c in countries),
        }
        changes = _diff(before, after)
        if changes:
            _record(
                actor=person,
                community=community,
                action="update",
                summary=_("Changed %(fields)s") % {"fields": ", ".join(sorted(changes))},
                changes=changes,
            )
    return community
