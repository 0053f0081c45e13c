"""Filters, "who serves", coverage numbers on a small known dataset, the CSV export."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from convene.directory import queries
from convene.directory.models import Country, Language
from convene.directory.services import hub_change_stage, hub_set_role
from tests.directory.conftest import make_community, make_org

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def world(staff):
    """A small known world: South Asia has affiliates and communities but no hub; CEE has a
    pilot hub; a Swahili linguistic hub is at discussion stage."""
    bangla = make_community(staff, "Bangla Wikipedia", ["bn"], ["BD", "IN"])
    hindi = make_community(staff, "Hindi Wikipedia", ["hi"], ["IN"])
    polish = make_community(staff, "Polish Wikipedia", ["pl"], ["PL"])
    czech = make_community(staff, "Czech Wikipedia", ["cs"], ["CZ"])
    swahili = make_community(staff, "Swahili Wikipedia", ["sw"], ["KE", "TZ"])
    make_org(staff, "Bangla user group", countries=["BD"], languages=["bn"],
             communities=[bangla.pk])  # fmt: skip
    make_org(staff, "India chapter", kind="chapter", countries=["IN"], has_legal_entity=True)
    make_org(staff, "Nepal readers", kind="non_affiliated_group", countries=["NP"])
    cee_chapter = make_org(staff, "Polish chapter", kind="chapter", countries=["PL"])
    cee_hub = make_org(
        staff, "CEE hub", kind="hub", scope_type="regional", regions=["cee"], stage="planning",
        member_organisations=[cee_chapter.pk], communities=[polish.pk, czech.pk],
    )  # fmt: skip
    hub_change_stage(actor=staff, organisation=cee_hub, stage="pilot")
    hub_set_role(actor=staff, organisation=cee_hub, role="capacity_building", status="active")
    sw_hub = make_org(
        staff, "Swahili hub", kind="hub", scope_type="linguistic", languages=["sw"],
        stage="discussion",
    )  # fmt: skip
    hub_set_role(actor=staff, organisation=sw_hub, role="mentorship", status="intended")
    make_org(staff, "Advocacy hub", kind="hub", scope_type="thematic", theme="advocacy")
    return {"bangla": bangla, "hindi": hindi, "swahili": swahili, "cee_hub": cee_hub}


def names(filters, *, hubs_only=False):
    rows = queries.organisations_list(
        viewer=AnonymousUser(), filters=queries.filters_parse(filters), hubs_only=hubs_only
    )
    return [o.name for o in rows]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "hub"}, ["Advocacy hub", "CEE hub", "Swahili hub"]),
        ({"kind": "affiliate"}, ["Bangla user group", "India chapter", "Polish chapter"]),
        ({"region": "south-asia"}, ["Bangla user group", "India chapter", "Nepal readers"]),
        ({"region": "cee"}, ["CEE hub", "Polish chapter"]),
        ({"country": "cz"}, ["CEE hub"]),  # through its region and a community it serves
        ({"language": "bn"}, ["Bangla user group"]),
        ({"language": "sw"}, ["Swahili hub"]),
        ({"role": "capacity_building"}, ["CEE hub"]),
        ({"stage": "pilot"}, ["CEE hub"]),
        ({"legal": "yes"}, ["India chapter"]),
        ({"q": "readers"}, ["Nepal readers"]),
        ({"q": "advocacy"}, ["Advocacy hub"]),
        ({"kind": "chapter", "region": "south-asia"}, ["India chapter"]),
    ],
)
def test_directory_filters(world, filters, expected):
    assert names(filters) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "club"}, "kind"),
        ({"region": "atlantis"}, "region"),
        ({"country": "XX"}, "country"),
        ({"language": "xx-nope"}, "language"),
        ({"role": "cooking"}, "role"),
        ({"stage": "done"}, "stage"),
        ({"legal": "maybe"}, "legal"),
    ],
)
def test_directory_filters_refuse_unknown_values_naming_the_field(db, params, field):
    with pytest.raises(queries.FilterError) as info:
        queries.filters_parse(params)

    assert info.value.field == field


def test_directory_page_answers_400_for_an_unknown_country(client, db):
    response = client.get(reverse("directory:index"), {"country": "XX"})

    assert response.status_code == 400
    assert "No country matches “XX”." in response.content.decode()


def test_who_serves_a_language_lists_hubs_roles_and_who_could(world):
    result = queries.who_serves(country=None, language=Language.objects.get(code="sw"))

    assert [s.organisation.name for s in result.hubs] == ["Swahili hub"]
    assert result.hubs[0].reasons == ["works in Swahili"]
    roles = {
        value: [(o.name, status) for o, status in fillers] for value, _, fillers in result.roles
    }
    assert roles["mentorship"] == [("Swahili hub", "intended")]
    assert roles["grantmaking"] == []
    assert [s.organisation.name for s in result.could] == ["Advocacy hub"]
    assert [(c.name, has_hub) for c, has_hub in result.communities] == [
        ("Swahili Wikipedia", False)
    ]


def test_who_serves_a_country_finds_affiliates_and_official_languages(world):
    result = queries.who_serves(country=Country.objects.get(code="IN"), language=None)

    assert [s.organisation.name for s in result.affiliates] == [
        "Bangla user group",
        "India chapter",
    ]
    assert result.hubs == []
    assert [t.language_id for t in result.official_languages] == ["hi", "en"]
    assert [r.slug for r in result.regions] == ["south-asia"]


def test_who_serves_a_language_suggests_affiliates_where_it_is_official(world, staff):
    make_org(staff, "Kenya user group", countries=["KE"])

    result = queries.who_serves(country=None, language=Language.objects.get(code="sw"))

    assert [s.organisation.name for s in result.could] == ["Advocacy hub", "Kenya user group"]
    assert result.could[1].reasons == ["works in Kenya, where Swahili is official"]


def test_coverage_by_region_on_a_known_dataset(world):
    rows = {r.key: r for r in queries.coverage_by_region().rows}

    south_asia, cee = rows["south-asia"], rows["cee"]
    assert (south_asia.hubs, south_asia.affiliates, south_asia.groups) == (0, 2, 1)
    assert (south_asia.communities, south_asia.communities_without_hub) == (2, 2)
    assert south_asia.level == queries.LEVEL_AFFILIATES
    assert cee.hubs_by_stage["pilot"] == 1
    assert (cee.affiliates, cee.communities, cee.communities_without_hub) == (1, 2, 0)
    assert cee.level == queries.LEVEL_PILOT
    assert rows["ssa"].communities_without_hub == 0  # the Swahili hub covers its language
    assert rows["mena"].level == queries.LEVEL_NONE


def test_coverage_by_language_on_a_known_dataset(world):
    rows = {r.key: r for r in queries.coverage_by_language().rows}

    assert sorted(rows) == ["bn", "cs", "hi", "pl", "sw"]
    assert (rows["sw"].hubs_by_stage["discussion"], rows["sw"].communities_without_hub) == (1, 0)
    assert (rows["bn"].hubs, rows["bn"].affiliates, rows["bn"].communities_without_hub) == (0, 1, 1)


def test_coverage_map_colours_countries_by_hub_stage(world):
    coverage = queries.coverage_by_region()

    levels = coverage.country_levels
    assert (levels["PL"], levels["IN"], levels["NP"], levels["EG"]) == (
        queries.LEVEL_PILOT,
        queries.LEVEL_AFFILIATES,
        queries.LEVEL_AFFILIATES,
        queries.LEVEL_NONE,
    )


def test_coverage_page_says_south_asia_has_no_hub_discussion(client, world):
    response = client.get(reverse("directory:coverage"))

    gaps = [r.name for r in response.context["coverage"].without_hub_discussion]
    html = response.content.decode()
    assert "South Asia" in gaps
    assert "<strong><bdi>South Asia</bdi></strong>: no hub discussion" in html
    assert 'class="lv3"' in html  # the map colours the CEE pilot's countries


def test_coverage_csv_export(client, world):
    response = client.get(reverse("directory:coverage_csv"), {"by": "region"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0] == [
        "region", "name", "coverage", "hubs_idea", "hubs_research", "hubs_discussion",
        "hubs_planning", "hubs_pilot", "hubs_recognised", "hubs", "affiliates", "groups",
        "communities", "communities_without_hub",
    ]  # fmt: skip
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["south-asia"] == [
        "south-asia", "South Asia", "affiliates or groups, no hub discussion",
        "0", "0", "0", "0", "0", "0", "0", "2", "1", "2", "2",
    ]  # fmt: skip
    assert by_key["cee"][7:10] == ["1", "0", "1"]
    assert len(rows) == 9


def test_timeline_lists_founding_and_stage_changes(world, staff):
    make_org(staff, "Iberocoop", kind="regional_collaborative", founded_on=dt.date(2010, 6, 1))

    entries = queries.timeline()

    assert [(e.organisation_name, e.what) for e in entries][:1] == [("Iberocoop", "founded")]
    assert ("CEE hub", "stage", "planning", "pilot") in [
        (e.organisation_name, e.what, e.from_stage, e.to_stage) for e in entries
    ]
