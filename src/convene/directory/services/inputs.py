"""What the directory's forms, API and commands hand to its services, and the lookups
that turn keys into rows (an unknown key is an error on its field).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from convene.core.errors import Invalid, Refusal
from convene.directory.models import (
    CommunityKind,
)


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
    roles: list[str] = field(default_factory=list)  # on creation: roles it intends to fill
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


def invalid(errors: dict[str, list[str]]) -> Refusal:
    """One `Invalid` listing every field at fault."""
    fields: dict[str | None, Sequence[str]] = {name: list(m) for name, m in errors.items()}
    return Invalid.from_fields(fields)


def unique_slug(model: Any, wanted: str, *, exclude_pk: int | None = None) -> str:
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


def by_keys(
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
