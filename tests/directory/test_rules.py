"""The hub rules: each refusal names the field, says why, and saves nothing."""

import datetime as dt

import pytest

from convene.core.errors import Invalid
from convene.directory.models import Change, HubRole, Organisation, StageChange
from convene.directory.services import (
    OrganisationInput,
    hub_change_stage,
    hub_recognise,
    hub_set_role,
    organisation_create,
    organisation_update,
)
from tests.directory.conftest import fields_of, make_community, make_org

pytestmark = pytest.mark.usefixtures("reference")


def hub_input(**fields):
    defaults = {"name": "Test hub", "kind": "hub", "scope_type": "regional", "regions": ["cee"]}
    return OrganisationInput(**{**defaults, **fields})


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(Invalid) as info:
        call()
    return fields_of(info.value)


def test_grantmaking_without_legal_entity_is_refused_and_nothing_saved(staff):
    hub = organisation_create(actor=staff, data=hub_input())
    changes_before = Change.objects.count()

    errors = refusal(lambda: hub_set_role(actor=staff, organisation=hub, role="grantmaking"))

    assert errors == {"role": ["Grantmaking requires a legal entity; Test hub has none on record."]}
    assert HubRole.objects.filter(organisation=hub).count() == 0
    assert Change.objects.count() == changes_before


def test_grantmaking_with_legal_entity_is_accepted(staff):
    hub = organisation_create(
        actor=staff, data=hub_input(has_legal_entity=True, legal_jurisdiction="AT")
    )

    role = hub_set_role(actor=staff, organisation=hub, role="grantmaking", status="active")

    assert (role.role, role.status, hub.legal_jurisdiction_id) == ("grantmaking", "active", "AT")


def test_removing_the_legal_entity_of_a_grantmaking_hub_is_refused(staff):
    hub = organisation_create(actor=staff, data=hub_input(has_legal_entity=True))
    hub_set_role(actor=staff, organisation=hub, role="grantmaking")

    errors = refusal(
        lambda: organisation_update(
            actor=staff, organisation=hub, data=hub_input(has_legal_entity=False)
        )
    )

    assert errors == {
        "has_legal_entity": [
            "Grantmaking requires a legal entity: remove the grantmaking role first."
        ]
    }
    hub.refresh_from_db()
    assert hub.has_legal_entity is True


def test_pilot_serving_one_community_is_refused_and_stage_unchanged(staff):
    community = make_community(staff, "Bangla Wikipedia", ["bn"], ["BD"])
    hub = organisation_create(
        actor=staff, data=hub_input(stage="planning", communities=[community.pk])
    )

    errors = refusal(lambda: hub_change_stage(actor=staff, organisation=hub, stage="pilot"))

    assert errors == {
        "stage": [
            (
                "A hub at pilot stage or later serves at least two communities or member "
                "organisations (it serves 1)."
            )
        ]
    }
    hub.refresh_from_db()
    assert hub.stage == "planning"
    assert StageChange.objects.filter(organisation=hub).count() == 1


def test_creating_a_pilot_with_no_one_served_saves_nothing(staff):
    errors = refusal(lambda: organisation_create(actor=staff, data=hub_input(stage="pilot")))

    assert list(errors) == ["stage"]
    assert Organisation.objects.filter(name="Test hub").count() == 0


def test_pilot_serving_a_community_and_a_member_organisation_is_accepted(staff):
    community = make_community(staff, "Bangla Wikipedia", ["bn"], ["BD"])
    member = make_org(staff, "Bangla user group")
    hub = organisation_create(
        actor=staff,
        data=hub_input(communities=[community.pk], member_organisations=[member.pk]),
    )

    change = hub_change_stage(
        actor=staff, organisation=hub, stage="pilot", changed_on=dt.date(2022, 9, 1)
    )

    assert (change.from_stage, change.to_stage, change.changed_on) == (
        "idea",
        "pilot",
        dt.date(2022, 9, 1),
    )


def test_recognised_without_a_recognition_record_is_refused(staff):
    a = make_org(staff, "A")
    b = make_org(staff, "B")
    hub = organisation_create(
        actor=staff, data=hub_input(stage="pilot", member_organisations=[a.pk, b.pk])
    )

    errors = refusal(lambda: hub_change_stage(actor=staff, organisation=hub, stage="recognised"))

    assert errors == {
        "stage": [
            "“Recognised” needs a recognition decision on record: a pilot is not an official hub."
        ]
    }


def test_recognised_after_a_recognition_record_is_accepted(staff):
    a = make_org(staff, "A")
    b = make_org(staff, "B")
    hub = organisation_create(
        actor=staff, data=hub_input(stage="pilot", member_organisations=[a.pk, b.pk])
    )
    hub_recognise(actor=staff, organisation=hub, decided_on=dt.date(2024, 1, 2), decided_by="Board")

    hub_change_stage(actor=staff, organisation=hub, stage="recognised")

    hub.refresh_from_db()
    assert (hub.stage, hub.recognised_on) == ("recognised", dt.date(2024, 1, 2))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"scope_type": "regional", "regions": []},
            {"regions": ["A regional hub names at least one region or country."]},
        ),
        (
            {"scope_type": "linguistic", "regions": []},
            {"languages": ["A linguistic hub names at least one language."]},
        ),
        (
            {"scope_type": "thematic", "regions": [], "theme": " "},
            {"theme": ["A thematic hub names its theme."]},
        ),
        (
            {"scope_type": ""},
            {"scope_type": ["A hub is regional, thematic or linguistic: choose its scope."]},
        ),
    ],
)
def test_hub_scope_must_be_named(staff, fields, expected):
    errors = refusal(lambda: organisation_create(actor=staff, data=hub_input(**fields)))

    assert errors == expected
    assert Organisation.objects.count() == 0


def test_regional_hub_may_name_countries_instead_of_regions(staff):
    hub = organisation_create(actor=staff, data=hub_input(regions=[], countries=["np", "IN"]))

    assert sorted(hub.countries.values_list("code", flat=True)) == ["IN", "NP"]


def test_unknown_codes_are_refused_naming_the_field(staff):
    errors = refusal(
        lambda: organisation_create(
            actor=staff, data=hub_input(countries=["XX"], languages=["qqq-zz"], regions=["mars"])
        )
    )

    assert errors == {
        "countries": ["Unknown: XX."],
        "regions": ["Unknown: mars."],
        "languages": ["Unknown: qqq-zz."],
    }


def test_other_role_needs_its_text(staff):
    hub = organisation_create(actor=staff, data=hub_input())

    errors = refusal(lambda: hub_set_role(actor=staff, organisation=hub, role="other"))
    role = hub_set_role(actor=staff, organisation=hub, role="other", other="Archiving")

    assert errors == {"other": ["Say what the other role is."]}
    assert str(role) == "Archiving"


def test_jurisdiction_without_legal_entity_is_refused(staff):
    errors = refusal(lambda: make_org(staff, "Group", legal_jurisdiction="DE"))

    assert errors == {
        "legal_jurisdiction": [
            "A jurisdiction only applies to an organisation with a legal entity."
        ]
    }


def test_organisation_cannot_be_part_of_its_own_part(staff):
    committee = make_org(staff, "Committee", kind="committee")
    group = make_org(staff, "Drafting group", kind="drafting_group", parent_id=committee.pk)

    errors = refusal(
        lambda: organisation_update(
            actor=staff,
            organisation=committee,
            data=OrganisationInput(name="Committee", kind="committee", parent_id=group.pk),
        )
    )

    assert errors == {
        "parent": ["An organisation cannot be part of itself or of one of its parts."]
    }


def test_stage_change_through_update_is_recorded_in_history(staff, clock):
    clock.set(dt.datetime(2025, 5, 6, 12, tzinfo=dt.UTC))
    hub = organisation_create(actor=staff, data=hub_input(stage="idea"))

    organisation_update(actor=staff, organisation=hub, data=hub_input(stage="research"))

    steps = list(
        StageChange.objects.filter(organisation=hub).values_list(
            "from_stage", "to_stage", "changed_on"
        )
    )
    assert steps == [
        ("", "idea", dt.date(2025, 5, 6)),
        ("idea", "research", dt.date(2025, 5, 6)),
    ]
    last = Change.objects.filter(organisation=hub).first()
    assert (last.actor, last.action, last.changes) == (
        staff,
        "update",
        {"stage": ["idea", "research"]},
    )
