"""The organisation and hub rules, checked before anything is saved; each broken one is
a message on its field. Grantmaking needs a legal entity; a hub at pilot stage or later
serves at least two communities or member organisations; "recognised" needs a
recognition; a regional hub names a region or country, a linguistic one a language, a
thematic one a theme.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from convene.directory.models import (
    STAGE_ORDER,
    Community,
    Country,
    Formation,
    HubRoleKind,
    Kind,
    Language,
    Organisation,
    Region,
    ScopeType,
    Stage,
)
from convene.directory.services.inputs import OrganisationInput, by_keys

PILOT_INDEX = STAGE_ORDER.index(Stage.PILOT)


@dataclass
class Resolved:
    countries: list[Country]
    regions: list[Region]
    languages: list[Language]
    communities: list[Community]
    members: list[Organisation]
    parent: Organisation | None
    accountable: Organisation | None
    jurisdiction: Country | None


def resolve_keys(
    data: OrganisationInput, errors: dict[str, list[str]], *, self_pk: int | None
) -> Resolved:
    countries = by_keys(Country, [c.upper() for c in data.countries], "code", "countries", errors)
    regions = by_keys(Region, data.regions, "slug", "regions", errors)
    languages = by_keys(Language, data.languages, "code", "languages", errors)
    communities = by_keys(Community, data.communities, "pk", "communities", errors)
    members = by_keys(Organisation, data.member_organisations, "pk", "member_organisations", errors)
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
    return Resolved(
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


def validate_organisation(
    data: OrganisationInput,
    resolved: Resolved,
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
    unknown_roles = [r for r in data.roles if r not in HubRoleKind.values]
    if unknown_roles:
        errors.setdefault("roles", []).append(
            _("Unknown: %(codes)s.") % {"codes": ", ".join(unknown_roles)}
        )
    if HubRoleKind.GRANTMAKING in data.roles and not data.has_legal_entity:
        errors.setdefault("roles", []).append(_("Grantmaking requires a legal entity."))
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
    validate_stage(
        stage=data.stage,
        served=len(resolved.communities) + len(resolved.members),
        recognised=organisation is not None and hasattr(organisation, "recognition"),
        errors=errors,
    )


def _validate_hub_scope(
    data: OrganisationInput, resolved: Resolved, errors: dict[str, list[str]]
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


def validate_stage(
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


def apply_input(org: Organisation, data: OrganisationInput, resolved: Resolved) -> None:
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


def set_relations(org: Organisation, resolved: Resolved) -> None:
    org.countries.set(resolved.countries)
    org.regions.set(resolved.regions)
    org.languages.set(resolved.languages)
    org.communities.set(resolved.communities)
    org.member_organisations.set(resolved.members)
