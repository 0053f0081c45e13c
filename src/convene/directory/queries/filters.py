"""The directory's filters: checked once (an unknown value is refused naming the
parameter), then applied as uncorrelated subqueries.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from convene.core.errors import Invalid
from convene.core.search import search_text
from convene.directory.models import (
    AFFILIATE_KINDS,
    Country,
    HubRole,
    HubRoleKind,
    Kind,
    Language,
    Organisation,
    Region,
    Stage,
)
from convene.directory.queries.tables import ids_in, in_region, serves_country, serves_language

AFFILIATE_FILTER = "affiliate"  # a `kind` filter value meaning chapter, thematic org or user group


class FilterError(Invalid):
    """An unknown filter value; `field` names the parameter (HTTP 400 through the API)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message, field=field_name)


@dataclass(frozen=True)
class DirectoryFilters:
    kind: str = ""
    region: str = ""
    country: str = ""
    language: str = ""
    role: str = ""
    stage: str = ""
    legal: bool | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return any(
            (self.kind, self.region, self.country, self.language, self.role, self.stage, self.q)
        ) or (self.legal is not None)


def filters_parse(params: Mapping[str, Any]) -> DirectoryFilters:
    """Check filter values; an unknown one raises FilterError naming the parameter."""

    def get(name: str) -> str:
        value = params.get(name)
        return str(value).strip() if value is not None else ""

    kind, region, country = get("kind"), get("region"), get("country").upper()
    language, role, stage, legal_raw = get("language"), get("role"), get("stage"), get("legal")
    if kind and kind not in Kind.values and kind != AFFILIATE_FILTER:
        raise FilterError("kind", _("unknown kind %(value)s") % {"value": repr(kind)})
    if role and role not in HubRoleKind.values:
        raise FilterError("role", _("unknown role %(value)s") % {"value": repr(role)})
    if stage and stage not in Stage.values:
        raise FilterError("stage", _("unknown stage %(value)s") % {"value": repr(stage)})
    legal: bool | None = None
    if legal_raw:
        if legal_raw.lower() in ("yes", "true", "1"):
            legal = True
        elif legal_raw.lower() in ("no", "false", "0"):
            legal = False
        else:
            raise FilterError(
                "legal", _("legal must be yes or no, not %(value)s") % {"value": repr(legal_raw)}
            )
    if region and not Region.objects.filter(slug=region).exists():
        raise FilterError("region", _("unknown region %(value)s") % {"value": repr(region)})
    if country and not Country.objects.filter(code=country).exists():
        raise FilterError("country", _("unknown country code %(value)s") % {"value": repr(country)})
    if language and not Language.objects.filter(code=language).exists():
        raise FilterError(
            "language", _("unknown language code %(value)s") % {"value": repr(language)}
        )
    return DirectoryFilters(
        kind=kind,
        region=region,
        country=country,
        language=language,
        role=role,
        stage=stage,
        legal=legal,
        q=_search(get("q")),
    )


def _search(value: str) -> str:
    try:
        return search_text(value)
    except Invalid as exc:
        raise FilterError("q", exc.message) from exc


def filters_apply(
    rows: QuerySet[Organisation], filters: DirectoryFilters
) -> QuerySet[Organisation]:
    if filters.kind == AFFILIATE_FILTER:
        rows = rows.filter(kind__in=AFFILIATE_KINDS)
    elif filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.stage:
        rows = rows.filter(stage=filters.stage)
    if filters.legal is not None:
        rows = rows.filter(has_legal_entity=filters.legal)
    if filters.role:
        rows = rows.filter(ids_in(HubRole.objects.filter(role=filters.role)))
    if filters.region:
        rows = rows.filter(in_region(filters.region))
    if filters.country:
        rows = rows.filter(serves_country(filters.country))
    if filters.language:
        rows = rows.filter(serves_language(filters.language))
    if filters.q:
        rows = rows.filter(
            Q(name__icontains=filters.q)
            | Q(short_name__icontains=filters.q)
            | Q(description__icontains=filters.q)
            | Q(theme__icontains=filters.q)
        )
    return rows
