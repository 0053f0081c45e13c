"""Communities (of a language or a theme), added and changed by staff."""

from django.db import transaction
from django.utils.translation import gettext as _

from convene.core.types import Actor
from convene.directory.models import (
    Community,
    CommunityKind,
    Country,
    Language,
)
from convene.directory.services.history import diff, record_change
from convene.directory.services.inputs import CommunityInput, by_keys, invalid, unique_slug
from convene.directory.services.permissions import require_staff


def _community_resolve(data: CommunityInput) -> tuple[list[Language], list[Country]]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the community a name.")]
    if data.kind not in CommunityKind.values:
        errors["kind"] = [_("Choose a kind.")]
    languages = by_keys(Language, data.languages, "code", "languages", errors)
    countries = by_keys(Country, [c.upper() for c in data.countries], "code", "countries", errors)
    if data.kind == CommunityKind.LANGUAGE and not languages and "languages" not in errors:
        errors["languages"] = [_("A language community names its language.")]
    if data.kind == CommunityKind.THEMATIC and not data.theme.strip():
        errors["theme"] = [_("A thematic community names its theme.")]
    if errors:
        raise invalid(errors)
    return languages, countries


def community_create(*, actor: Actor, data: CommunityInput) -> Community:
    """Staff add a community. Records a Change."""
    person = require_staff(actor)
    languages, countries = _community_resolve(data)
    with transaction.atomic():
        community = Community.objects.create(
            slug=data.slug or unique_slug(Community, data.name),
            name=data.name.strip(),
            kind=data.kind,
            projects=[p.strip() for p in data.projects if p.strip()],
            theme=data.theme,
            description=data.description,
            is_sample=data.is_sample,
        )
        community.languages.set(languages)
        community.countries.set(countries)
        record_change(
            actor=person,
            community=community,
            action="create",
            summary=_("%(name)s created") % {"name": community.name},
        )
    return community


def community_update(*, actor: Actor, community: Community, data: CommunityInput) -> Community:
    """Staff change a community. Records what changed."""
    person = require_staff(actor)
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
        changes = diff(before, after)
        if changes:
            record_change(
                actor=person,
                community=community,
                action="update",
                summary=_("Changed %(fields)s") % {"fields": ", ".join(sorted(changes))},
                changes=changes,
            )
    return community
