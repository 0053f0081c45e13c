"""Who serves me: the organisations serving a country and/or a language, why, which
roles they fill, and who could.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Value, When
from django.utils.translation import gettext as _

from convene.core.errors import Invalid
from convene.directory.models import (
    AFFILIATE_KINDS,
    STAGE_ORDER,
    Community,
    Country,
    HubRoleKind,
    HubRoleStatus,
    Kind,
    Language,
    Organisation,
    Region,
    Stage,
    Status,
    TerritoryLanguage,
)
from convene.directory.names import country_name, language_name
from convene.directory.queries.organisations import LIST_FIELDS, list_prefetch, related
from convene.directory.queries.tables import (
    OFFICIAL,
    CommunityCountry,
    CommunityLanguage,
    OrgCommunity,
    OrgCountry,
    OrgLanguage,
    OrgRegion,
    ids_in,
    serves_country,
    serves_language,
)


@dataclass
class Served:
    organisation: Organisation
    reasons: list[str]


@dataclass
class WhoServes:
    country: Country | None
    language: Language | None
    hubs: list[Served] = field(default_factory=list)
    affiliates: list[Served] = field(default_factory=list)
    groups: list[Served] = field(default_factory=list)
    others: list[Served] = field(default_factory=list)
    could: list[Served] = field(default_factory=list)
    roles: list[tuple[str, str, list[tuple[Organisation, str]]]] = field(default_factory=list)
    official_languages: list[TerritoryLanguage] = field(default_factory=list)
    regional_languages_count: int = 0
    official_in: list[TerritoryLanguage] = field(default_factory=list)
    communities: list[tuple[Community, bool]] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    total: int = 0

    @property
    def serving(self) -> list[Served]:
        return self.hubs + self.affiliates + self.groups + self.others


WHO_SERVES_LIMIT = 60


def _kind_priority() -> Case:
    return Case(
        When(kind=Kind.HUB, then=Value(0)),
        When(kind__in=AFFILIATE_KINDS, then=Value(1)),
        When(kind__in=(Kind.NON_AFFILIATED_GROUP, Kind.REGIONAL_COLLABORATIVE), then=Value(2)),
        default=Value(3),
    )


def who_serves(*, country: Country | None, language: Language | None) -> WhoServes:
    """The hubs, affiliates and groups that serve a country and/or language, why, which
    roles they fill, and who could (organisations where the language is official).
    At most WHO_SERVES_LIMIT organisations, hubs first; `total` says how many match."""
    result = WhoServes(country=country, language=language)
    if country is None and language is None:
        return result
    match: Q = Q()
    if country is not None:
        match |= serves_country(country.code)
    if language is not None:
        match |= serves_language(language.code)
    matching = Organisation.objects.filter(match, status=Status.ACTIVE)
    result.total = matching.count()
    rows = list(
        list_prefetch(matching.only(*LIST_FIELDS))
        .annotate(priority=_kind_priority())
        .order_by("priority", "name")[:WHO_SERVES_LIMIT]
    )
    community_match = Q()
    if country is not None:
        community_match |= Q(community__countries=country.code)
    if language is not None:
        community_match |= Q(community__languages=language.code)
    served_communities: dict[int, list[str]] = defaultdict(list)
    for org_id, name in (
        OrgCommunity.objects.filter(community_match, organisation_id__in=[o.pk for o in rows])
        .values_list("organisation_id", "community__name")
        .distinct()
        .order_by("community__name")
    ):
        served_communities[org_id].append(name)
    if country is not None:
        result.regions = list(country.regions.all())
        spoken = list(
            TerritoryLanguage.objects.filter(country=country)
            .exclude(official_status="")
            .select_related("language")
            .order_by("-population_percent")
        )
        result.official_languages = [t for t in spoken if t.official_status in OFFICIAL]
        result.regional_languages_count = len(spoken) - len(result.official_languages)
    if language is not None:
        result.official_in = list(
            TerritoryLanguage.objects.filter(language=language, official_status__in=OFFICIAL)
            .select_related("country")
            .order_by("-population_percent")
        )
    region_ids = {r.pk for r in result.regions}
    for org in rows:
        reasons = _reasons(org, country, language, region_ids)
        reasons += [
            _("serves %(community)s") % {"community": n} for n in served_communities[org.pk]
        ]
        _file(result, Served(org, reasons))
    result.hubs.sort(key=lambda s: -STAGE_ORDER.index(s.organisation.stage or Stage.IDEA))
    result.roles = _roles_table(rows)
    result.could = _could_serve(
        country=country,
        language=language,
        exclude=[o.pk for o in rows],
        official_in=result.official_in,
        official_languages=result.official_languages,
    )
    result.communities = _communities_for(country=country, language=language)
    return result


def who_serves_place(*, country: str, language: str) -> tuple[Country | None, Language | None]:
    """The country (ISO code, any case) and language (BCP 47) a "who serves" question names.
    Neither given, or an unknown code, is refused with `Invalid` naming the parameter."""
    if not country and not language:
        raise Invalid(_("Give a country and/or a language."), field="country")
    place = None
    if country:
        place = Country.objects.filter(code=country.upper()).first()
        if place is None:
            raise Invalid(
                _("unknown country code %(value)s") % {"value": repr(country)}, field="country"
            )
    tongue = None
    if language:
        tongue = Language.objects.filter(code=language).first()
        if tongue is None:
            raise Invalid(
                _("unknown language code %(value)s") % {"value": repr(language)}, field="language"
            )
    return place, tongue


def _file(result: WhoServes, served: Served) -> None:
    kind = served.organisation.kind
    if kind == Kind.HUB:
        result.hubs.append(served)
    elif kind in AFFILIATE_KINDS:
        result.affiliates.append(served)
    elif kind in (Kind.NON_AFFILIATED_GROUP, Kind.REGIONAL_COLLABORATIVE):
        result.groups.append(served)
    else:
        result.others.append(served)


def _roles_table(
    rows: Sequence[Organisation],
) -> list[tuple[str, str, list[tuple[Organisation, str]]]]:
    """Each role with the organisations filling it (active ones first)."""
    by_role: dict[str, list[tuple[Organisation, str]]] = defaultdict(list)
    for org in rows:
        for hub_role in related(org, "hub_roles"):
            by_role[hub_role.role].append((org, hub_role.status))
    return [
        (
            value,
            str(label),
            sorted(by_role.get(value, []), key=lambda p: p[1] != HubRoleStatus.ACTIVE),
        )
        for value, label in HubRoleKind.choices
    ]


def _reasons(
    org: Organisation, country: Country | None, language: Language | None, region_ids: set[int]
) -> list[str]:
    reasons: list[str] = []
    if country is not None:
        if any(c.code == country.code for c in related(org, "countries")):
            reasons.append(_("works in %(country)s") % {"country": country_name(country.code)})
        reasons.extend(
            _("covers the region %(region)s") % {"region": region.short_name}
            for region in related(org, "regions")
            if region.pk in region_ids
        )
    if language is not None and any(
        lang.code == language.code for lang in related(org, "languages")
    ):
        reasons.append(_("works in %(language)s") % {"language": language_name(language.code)})
    return reasons


def _could_serve(
    *,
    country: Country | None,
    language: Language | None,
    exclude: list[int],
    official_in: list[TerritoryLanguage],
    official_languages: list[TerritoryLanguage],
) -> list[Served]:
    # Thematic hubs with no place or language: open to everyone.
    match: Q = (
        Q(kind=Kind.HUB, scope_type="thematic")
        & ~ids_in(OrgCountry.objects.all())
        & ~ids_in(OrgRegion.objects.all())
        & ~ids_in(OrgLanguage.objects.all())
    )
    countries = [t.country_id for t in official_in]
    languages = [t.language_id for t in official_languages]
    if countries:
        match |= Q(kind__in=(*AFFILIATE_KINDS, Kind.HUB, Kind.REGIONAL_COLLABORATIVE)) & ids_in(
            OrgCountry.objects.filter(country_id__in=countries)
        )
    if languages:
        match |= Q(kind__in=(Kind.HUB, Kind.REGIONAL_COLLABORATIVE)) & ids_in(
            OrgLanguage.objects.filter(language_id__in=languages)
        )
    rows = list(
        list_prefetch(Organisation.objects.filter(match, status=Status.ACTIVE).only(*LIST_FIELDS))
        .exclude(pk__in=exclude)
        .order_by("name")[:20]
    )
    out = []
    for org in rows:
        reasons = []
        if org.kind == Kind.HUB and org.scope_type == "thematic" and not related(org, "countries"):
            reasons.append(_("thematic hub open to everyone: %(theme)s") % {"theme": org.theme})
        shared = [c.code for c in related(org, "countries") if c.code in countries]
        if shared and language is not None:
            reasons.append(
                _("works in %(countries)s, where %(language)s is official")
                % {
                    "countries": ", ".join(country_name(c) for c in shared[:3]),
                    "language": language_name(language.code),
                }
            )
        spoken = [lang.code for lang in related(org, "languages") if lang.code in languages]
        if spoken and country is not None:
            reasons.append(
                _("works in %(languages)s, official in %(country)s")
                % {
                    "languages": ", ".join(language_name(c) for c in spoken[:3]),
                    "country": country_name(country.code),
                }
            )
        out.append(Served(org, reasons))
    return out


def _communities_for(
    *, country: Country | None, language: Language | None
) -> list[tuple[Community, bool]]:
    match = Q()
    if country is not None:
        match |= Q(
            pk__in=CommunityCountry.objects.filter(country_id=country.code).values("community_id")
        )
    if language is not None:
        match |= Q(
            pk__in=CommunityLanguage.objects.filter(language_id=language.code).values(
                "community_id"
            )
        )
    served_by_hub = Exists(
        OrgCommunity.objects.filter(
            community_id=OuterRef("pk"),
            organisation__kind=Kind.HUB,
            organisation__status=Status.ACTIVE,
        )
    )
    rows = (
        Community.objects.filter(match)
        .annotate(has_hub=served_by_hub)
        .prefetch_related(Prefetch("languages", queryset=Language.objects.only("code")))
        .order_by("name")[:100]
    )
    return [(c, bool(c.has_hub)) for c in rows]
