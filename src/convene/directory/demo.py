"""Demo data for the directory: what the seeds state, plus clearly labelled samples.

From the Hubs page (seed 002): the regional collaboratives (Iberocoop 2010, Wikimedia CEE
2011, WikiConference North America 2016, ESEAP 2018), the CEE hub pilot, the hub roles.
From the Ask-Me-Anything notes (seed 000): the Movement Charter Drafting Committee with
its drafting groups (preamble; roles and responsibilities; hubs), the strategy support
team, South Asia with no hub discussion. Everything else is `is_sample=True` and says so.
Idempotent: organisations and communities are looked up by slug and created once.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User

from convene.directory.models import (
    Community,
    CommunityKind,
    Formation,
    HubRoleKind,
    HubRoleStatus,
    Kind,
    Organisation,
    Recognition,
    ScopeType,
    Stage,
)
from convene.directory.reference import reference_load
from convene.directory.services import (
    CommunityInput,
    OrganisationInput,
    community_create,
    hub_change_stage,
    hub_recognise,
    hub_set_role,
    membership_add,
    organisation_create,
)

SAMPLE_NOTE = "Sample data for trying Convene; not a real organisation."
DEMO_USER = "directory-demo"


def _actor() -> User:
    user, created = User.objects.get_or_create(
        username=DEMO_USER, defaults={"is_staff": True, "email": "directory-demo@localhost"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


COMMUNITIES: list[dict[str, Any]] = [
    {"slug": "bangla-wikipedia", "name": "Bangla Wikipedia community", "languages": ["bn"],
     "countries": ["BD", "IN"], "projects": ["bn.wikipedia.org"]},
    {"slug": "hindi-wikipedia", "name": "Hindi Wikipedia community", "languages": ["hi"],
     "countries": ["IN"], "projects": ["hi.wikipedia.org"]},
    {"slug": "tamil-wikipedia", "name": "Tamil Wikipedia community", "languages": ["ta"],
     "countries": ["IN", "LK"], "projects": ["ta.wikipedia.org", "ta.wikisource.org"]},
    {"slug": "nepali-wikipedia", "name": "Nepali Wikipedia community", "languages": ["ne"],
     "countries": ["NP"], "projects": ["ne.wikipedia.org"]},
    {"slug": "urdu-wikipedia", "name": "Urdu Wikipedia community", "languages": ["ur"],
     "countries": ["PK"], "projects": ["ur.wikipedia.org"]},
    {"slug": "polish-wikipedia", "name": "Polish Wikipedia community", "languages": ["pl"],
     "countries": ["PL"], "projects": ["pl.wikipedia.org"]},
    {"slug": "ukrainian-wikipedia", "name": "Ukrainian Wikipedia community", "languages": ["uk"],
     "countries": ["UA"], "projects": ["uk.wikipedia.org"]},
    {"slug": "czech-wikipedia", "name": "Czech Wikipedia community", "languages": ["cs"],
     "countries": ["CZ"], "projects": ["cs.wikipedia.org"]},
    {"slug": "spanish-wikipedia", "name": "Spanish Wikipedia community", "languages": ["es"],
     "countries": ["ES", "MX", "AR", "CO"], "projects": ["es.wikipedia.org"]},
    {"slug": "portuguese-wikipedia", "name": "Portuguese Wikipedia community",
     "languages": ["pt"], "countries": ["BR", "PT"], "projects": ["pt.wikipedia.org"]},
    {"slug": "indonesian-wikipedia", "name": "Indonesian Wikipedia community",
     "languages": ["id"], "countries": ["ID"], "projects": ["id.wikipedia.org"]},
    {"slug": "swahili-wikipedia", "name": "Swahili Wikipedia community", "languages": ["sw"],
     "countries": ["KE", "TZ"], "projects": ["sw.wikipedia.org"]},
    {"slug": "arabic-wikipedia", "name": "Arabic Wikipedia community", "languages": ["ar"],
     "countries": ["EG", "MA", "SA"], "projects": ["ar.wikipedia.org"]},
    {"slug": "chinese-wikipedia", "name": "Chinese Wikipedia community",
     "languages": ["zh-Hant", "zh-Hans"], "countries": ["TW", "HK", "CN"],
     "projects": ["zh.wikipedia.org"]},
    {"slug": "japanese-wikipedia", "name": "Japanese Wikipedia community", "languages": ["ja"],
     "countries": ["JP"], "projects": ["ja.wikipedia.org"]},
    {"slug": "english-wikipedia", "name": "English Wikipedia community", "languages": ["en"],
     "countries": ["US", "GB", "CA"], "projects": ["en.wikipedia.org"]},
]  # fmt: skip


def _org(actor: User, slug: str, log: Callable[[str], None], **fields: Any) -> Organisation:
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    org = organisation_create(actor=actor, data=OrganisationInput(slug=slug, **fields))
    log(f"directory: {org.name}")
    return org


def _ids(*slugs: str) -> list[int]:
    by_slug = dict(Community.objects.filter(slug__in=slugs).values_list("slug", "id"))
    return [by_slug[s] for s in slugs if s in by_slug]


def _org_ids(*slugs: str) -> list[int]:
    by_slug = dict(Organisation.objects.filter(slug__in=slugs).values_list("slug", "id"))
    return [by_slug[s] for s in slugs if s in by_slug]


def _stages(actor: User, org: Organisation, steps: list[tuple[str, dt.date, str]]) -> None:
    if org.stage_changes.count() > 1:
        return
    for stage, day, note in steps:
        hub_change_stage(actor=actor, organisation=org, stage=stage, changed_on=day, note=note)


def _roles(actor: User, org: Organisation, roles: list[tuple[str, str]]) -> None:
    for role, status in roles:
        hub_set_role(actor=actor, organisation=org, role=role, status=status)


def load(*, log: Callable[[str], None]) -> None:
    counts = reference_load()
    log(
        f"directory: reference data ({counts.countries} countries, {counts.languages} "
        f"languages, {counts.regions} regions)"
    )
    actor = _actor()
    for entry in COMMUNITIES:
        if not Community.objects.filter(slug=entry["slug"]).exists():
            community_create(
                actor=actor,
                data=CommunityInput(
                    kind=CommunityKind.LANGUAGE,
                    description="Sample: a real community, shown with sample data.",
                    is_sample=True,
                    **entry,
                ),
            )
    if not Community.objects.filter(slug="sample-women-in-red").exists():
        community_create(
            actor=actor,
            data=CommunityInput(
                slug="sample-women-in-red",
                name="Sample thematic community: closing the gender gap",
                kind=CommunityKind.THEMATIC,
                theme="gender gap",
                languages=["en", "es", "fr"],
                is_sample=True,
                description=SAMPLE_NOTE,
            ),
        )

    wmf = _org(
        actor, "wikimedia-foundation", log,
        name="Wikimedia Foundation", short_name="WMF", kind=Kind.FOUNDATION,
        has_legal_entity=True, legal_jurisdiction="US", countries=["US"],
        website="https://wikimediafoundation.org/", founded_on=dt.date(2003, 6, 20),
    )  # fmt: skip
    _org(
        actor, "movement-strategy-and-governance", log,
        name="Movement Strategy and Governance", short_name="MSG", kind=Kind.STAFF_TEAM,
        parent_id=wmf.pk,
        description="The strategy support team: supports the drafting committee and the "
        "ambassadors, and the Movement Strategy grants that can fund hub proposals.",
        wiki_url="https://meta.wikimedia.org/wiki/Movement_Strategy_and_Governance",
    )  # fmt: skip
    mcdc = _org(
        actor, "movement-charter-drafting-committee", log,
        name="Movement Charter Drafting Committee", short_name="MCDC", kind=Kind.COMMITTEE,
        description="Drafts the Movement Charter, which will define the roles and "
        "responsibilities of hubs.",
        wiki_url="https://meta.wikimedia.org/wiki/Movement_Charter/Drafting_Committee",
    )  # fmt: skip
    for slug, name in (
        ("mcdc-preamble", "Preamble drafting group"),
        ("mcdc-roles-and-responsibilities", "Roles and Responsibilities drafting group"),
        ("mcdc-hubs", "Hubs drafting group"),
    ):
        _org(
            actor, slug, log, name=name, kind=Kind.DRAFTING_GROUP, parent_id=mcdc.pk,
            description="A drafting group of the Movement Charter Drafting Committee.",
        )  # fmt: skip

    _org(
        actor, "iberocoop", log,
        name="Iberocoop", kind=Kind.REGIONAL_COLLABORATIVE, founded_on=dt.date(2010, 6, 1),
        regions=["lac"], countries=["ES", "PT"], languages=["es", "pt"],
        description="Wikimedia's first regional collaborative, established in June 2010.",
        wiki_url="https://meta.wikimedia.org/wiki/Iberocoop",
    )  # fmt: skip
    _org(
        actor, "wikimedia-cee", log,
        name="Wikimedia Central and Eastern Europe", short_name="Wikimedia CEE",
        kind=Kind.REGIONAL_COLLABORATIVE, founded_on=dt.date(2011, 1, 1), regions=["cee"],
        wiki_url="https://meta.wikimedia.org/wiki/Wikimedia_CEE",
        description="Regional collaboration of the Central and Eastern European communities "
        "(2011).",
    )  # fmt: skip
    _org(
        actor, "wikiconference-north-america", log,
        name="WikiConference North America", kind=Kind.REGIONAL_COLLABORATIVE,
        founded_on=dt.date(2016, 1, 1), regions=["north-america"], languages=["en"],
        description="North American regional collaboration (2016).",
    )  # fmt: skip
    _org(
        actor, "eseap", log,
        name="East, Southeast Asia and the Pacific Regional Cooperation", short_name="ESEAP",
        kind=Kind.REGIONAL_COLLABORATIVE, founded_on=dt.date(2018, 1, 1), regions=["eseap"],
        description="Regional cooperation of East, Southeast Asia and the Pacific (the seed "
        "dates it “2018?”).",
    )  # fmt: skip

    # Sample affiliates and groups, so that every page has something to show.
    samples = [
        ("sample-cee-chapter-a", "Sample CEE chapter A", Kind.CHAPTER, ["PL"], ["pl"], True),
        ("sample-cee-user-group-b", "Sample CEE user group B", Kind.USER_GROUP, ["UA"], ["uk"],
         False),
        ("sample-cee-user-group-c", "Sample CEE user group C", Kind.USER_GROUP, ["CZ"], ["cs"],
         False),
        ("sample-bangla-user-group", "Sample Bangla user group", Kind.USER_GROUP, ["BD"],
         ["bn"], False),
        ("sample-india-chapter", "Sample India chapter", Kind.CHAPTER, ["IN"], ["hi", "en"],
         True),
        ("sample-nepal-group", "Sample Nepal non-affiliated group", Kind.NON_AFFILIATED_GROUP,
         ["NP"], ["ne"], False),
        ("sample-kenya-user-group", "Sample Kenya user group", Kind.USER_GROUP, ["KE"],
         ["sw", "en"], False),
        ("sample-tanzania-group", "Sample Tanzania non-affiliated group",
         Kind.NON_AFFILIATED_GROUP, ["TZ"], ["sw"], False),
        ("sample-mexico-chapter", "Sample Mexico chapter", Kind.CHAPTER, ["MX"], ["es"], True),
        ("sample-open-knowledge-org", "Sample thematic organisation for open knowledge",
         Kind.THEMATIC_ORGANISATION, [], ["en"], True),
    ]  # fmt: skip
    for slug, name, kind, countries, languages, legal in samples:
        near = [c["slug"] for c in COMMUNITIES if set(c["countries"]) & set(countries)]
        _org(
            actor, slug, log, name=name, kind=kind, countries=countries, languages=languages,
            has_legal_entity=legal, legal_jurisdiction=countries[0] if legal and countries else "",
            description=SAMPLE_NOTE, is_sample=True,
            communities=_ids(*near[:2]),
        )  # fmt: skip

    cee_hub = _org(
        actor, "wikimedia-cee-hub", log,
        name="Wikimedia CEE Hub (pilot)", short_name="CEE Hub", kind=Kind.HUB,
        scope_type=ScopeType.REGIONAL, regions=["cee"], formation=Formation.COLLABORATION,
        stage=Stage.IDEA, stage_since=dt.date(2020, 5, 1),
        member_organisations=_org_ids("sample-cee-chapter-a", "sample-cee-user-group-b",
                                      "sample-cee-user-group-c"),
        communities=_ids("polish-wikipedia", "ukrainian-wikipedia", "czech-wikipedia"),
        accountable_to="The CEE affiliates and communities it serves",
        accountable_to_organisation_id=_org_ids("wikimedia-cee")[0],
        description="The hub that has started to pilot in Central and Eastern Europe. "
        "A pilot is not an official hub, even when funded, because there is no approval "
        "process for hubs yet. (Member organisations and communities here are samples.)",
        wiki_url="https://meta.wikimedia.org/wiki/Wikimedia_CEE_Hub",
    )  # fmt: skip
    _stages(actor, cee_hub, [
        (Stage.RESEARCH, dt.date(2021, 11, 27), "Hubs co-creation workshop"),
        (Stage.DISCUSSION, dt.date(2022, 2, 21), "Hubs Dialogue"),
        (Stage.PLANNING, dt.date(2022, 6, 24), "Hubs Global Conversations"),
        (Stage.PILOT, dt.date(2022, 9, 1), "Pilot started (date is a sample)"),
    ])  # fmt: skip
    _roles(actor, cee_hub, [
        (HubRoleKind.CAPACITY_BUILDING, HubRoleStatus.ACTIVE),
        (HubRoleKind.COORDINATION, HubRoleStatus.ACTIVE),
        (HubRoleKind.MENTORSHIP, HubRoleStatus.INTENDED),
    ])  # fmt: skip

    # The people app's demo "member" coordinates one sample group, to try editing with.
    member = User.objects.filter(username="member").first()
    bangla_group = Organisation.objects.filter(slug="sample-bangla-user-group").first()
    if member is not None and bangla_group is not None:
        membership_add(actor=actor, organisation=bangla_group, user=member, role="coordinator")

    spanish = _org(
        actor, "sample-spanish-language-hub", log,
        name="Sample Spanish-language hub", kind=Kind.HUB, scope_type=ScopeType.LINGUISTIC,
        languages=["es"], formation=Formation.COLLABORATION, stage=Stage.IDEA,
        stage_since=dt.date(2022, 6, 26),
        description=SAMPLE_NOTE, is_sample=True,
    )  # fmt: skip
    _stages(actor, spanish, [(Stage.DISCUSSION, dt.date(2023, 3, 1), "")])
    _roles(actor, spanish, [(HubRoleKind.TECHNOLOGY, HubRoleStatus.INTENDED)])

    advocacy = _org(
        actor, "sample-advocacy-hub", log,
        name="Sample advocacy hub", kind=Kind.HUB, scope_type=ScopeType.THEMATIC,
        theme="advocacy", formation=Formation.NEW_STRUCTURE, stage=Stage.RESEARCH,
        stage_since=dt.date(2022, 3, 12),
        description=SAMPLE_NOTE, is_sample=True,
    )  # fmt: skip
    _roles(actor, advocacy, [(HubRoleKind.LEGAL_SUPPORT, HubRoleStatus.INTENDED)])

    east_africa = _org(
        actor, "sample-east-africa-hub", log,
        name="Sample East Africa hub", kind=Kind.HUB, scope_type=ScopeType.REGIONAL,
        countries=["KE", "TZ", "UG"], languages=["sw"], formation=Formation.ENHANCEMENT,
        stage=Stage.IDEA, stage_since=dt.date(2022, 3, 4), has_legal_entity=True,
        legal_jurisdiction="KE",
        member_organisations=_org_ids("sample-kenya-user-group", "sample-tanzania-group"),
        communities=_ids("swahili-wikipedia"), description=SAMPLE_NOTE, is_sample=True,
    )  # fmt: skip
    _stages(actor, east_africa, [
        (Stage.PLANNING, dt.date(2023, 1, 15), ""),
        (Stage.PILOT, dt.date(2023, 6, 1), ""),
    ])  # fmt: skip
    _roles(actor, east_africa, [
        (HubRoleKind.GRANTMAKING, HubRoleStatus.ACTIVE),
        (HubRoleKind.CAPACITY_BUILDING, HubRoleStatus.ACTIVE),
        (HubRoleKind.EVALUATION, HubRoleStatus.INTENDED),
    ])  # fmt: skip
    if not Recognition.objects.filter(organisation=east_africa).exists():
        hub_recognise(
            actor=actor, organisation=east_africa, decided_on=dt.date(2024, 3, 1),
            decided_by="Sample recognising body (demo data)",
            note="Sample: no hub has been officially recognised in the seeds.",
        )  # fmt: skip
        hub_change_stage(
            actor=actor, organisation=east_africa, stage=Stage.RECOGNISED,
            changed_on=dt.date(2024, 3, 1),
        )  # fmt: skip
