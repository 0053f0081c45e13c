"""Who may do what: staff anything, coordinators their organisation, anyone signed in may
propose; proposals stay out of public view until staff accept them."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from convene.core.errors import Conflict, Invalid, NotAllowed, NotSignedIn
from convene.directory import queries
from convene.directory.models import Change, Membership, Organisation
from convene.directory.services import (
    OrganisationInput,
    hub_recognise,
    hub_set_role,
    membership_add,
    organisation_create,
    organisation_propose,
    organisation_update,
    proposal_accept,
    proposal_decline,
)
from tests.directory.conftest import fields_of, make_org

pytestmark = pytest.mark.usefixtures("reference")


def group_input(**fields):
    return OrganisationInput(**{"name": "Nepal readers", "kind": "non_affiliated_group", **fields})


def public_slugs(viewer):
    return [
        o.slug
        for o in queries.organisations_list(viewer=viewer, filters=queries.DirectoryFilters())
    ]


def test_anonymous_cannot_propose(db):
    with pytest.raises(NotSignedIn) as info:
        organisation_propose(actor=AnonymousUser(), data=group_input())

    assert str(info.value) == "Sign in to do that."
    assert Organisation.objects.count() == 0


def test_person_cannot_create_directly(person):
    with pytest.raises(NotAllowed) as info:
        organisation_create(actor=person, data=group_input())

    assert str(info.value) == "Only staff may do that."


def test_person_cannot_propose_a_committee(person):
    with pytest.raises(Invalid) as info:
        organisation_propose(actor=person, data=group_input(kind="committee"))

    assert fields_of(info.value) == {
        "kind": ["This kind of organisation is set up by staff, not proposed."]
    }


def test_proposal_is_hidden_from_the_public_until_accepted(person, other_person, staff):
    proposal = organisation_propose(actor=person, data=group_input())

    assert proposal.status == "proposed"
    assert public_slugs(AnonymousUser()) == []
    assert queries.organisation_for_page(viewer=other_person, slug=proposal.slug) is None
    assert queries.organisation_for_page(viewer=person, slug=proposal.slug) == proposal
    assert queries.organisation_for_page(viewer=staff, slug=proposal.slug) == proposal
    assert list(queries.proposals_for(viewer=staff)) == [proposal]


def test_staff_accept_a_proposal_and_the_proposer_becomes_coordinator(person, staff):
    proposal = organisation_propose(actor=person, data=group_input())

    proposal_accept(actor=staff, organisation=proposal, message="Welcome!")

    assert public_slugs(AnonymousUser()) == ["nepal-readers"]
    assert list(Membership.objects.values_list("user__username", "role")) == [
        ("volunteer", "coordinator")
    ]
    assert queries.organisation_can_edit(viewer=person, organisation=proposal) is True
    assert Change.objects.filter(organisation=proposal).first().action == "accept"


def test_staff_decline_needs_a_message_the_proposer_sees(person, staff):
    proposal = organisation_propose(actor=person, data=group_input())

    with pytest.raises(Invalid) as info:
        proposal_decline(actor=staff, organisation=proposal, message=" ")
    proposal_decline(actor=staff, organisation=proposal, message="Please join the existing group.")

    assert fields_of(info.value) == {
        "message": ["Tell the proposer why their proposal is declined."]
    }
    seen = queries.organisation_for_page(viewer=person, slug=proposal.slug)
    assert (seen.status, seen.decision_message) == ("declined", "Please join the existing group.")
    assert [p.slug for p in queries.proposals_for(viewer=person)] == ["nepal-readers"]


def test_person_cannot_decide_a_proposal(person, other_person):
    proposal = organisation_propose(actor=person, data=group_input())

    with pytest.raises(NotAllowed):
        proposal_accept(actor=other_person, organisation=proposal)
    with pytest.raises(NotAllowed):
        proposal_accept(actor=person, organisation=proposal)


def test_coordinator_edits_their_organisation(staff, person):
    org = make_org(staff, "Bangla user group")
    membership_add(actor=staff, organisation=org, user=person, role="coordinator")

    organisation_update(
        actor=person,
        organisation=org,
        data=OrganisationInput(name="Bangla Wikimedians", kind="user_group", countries=["BD"]),
    )

    org.refresh_from_db()
    change = Change.objects.filter(organisation=org).first()
    assert (org.name, change.actor, change.changes) == (
        "Bangla Wikimedians",
        person,
        {"name": ["Bangla user group", "Bangla Wikimedians"], "countries": [[], ["BD"]]},
    )


def test_coordinator_cannot_change_the_kind(staff, person):
    org = make_org(staff, "Bangla user group")
    membership_add(actor=staff, organisation=org, user=person, role="coordinator")

    with pytest.raises(Invalid) as info:
        organisation_update(
            actor=person, organisation=org, data=OrganisationInput(name="B", kind="chapter")
        )

    assert fields_of(info.value) == {"kind": ["Only staff may change the kind of an organisation."]}


def test_member_who_is_not_coordinator_cannot_edit(staff, person):
    org = make_org(staff, "Bangla user group")
    membership_add(actor=staff, organisation=org, user=person, role="member")

    with pytest.raises(NotAllowed) as info:
        organisation_update(
            actor=person, organisation=org, data=OrganisationInput(name="X", kind="user_group")
        )

    assert str(info.value) == "Only staff and the organisation's coordinators may edit it."


def test_coordinator_cannot_edit_another_organisation(staff, person):
    mine = make_org(staff, "Mine")
    theirs = make_org(staff, "Theirs")
    membership_add(actor=staff, organisation=mine, user=person, role="coordinator")

    with pytest.raises(NotAllowed):
        hub_set_role(actor=person, organisation=theirs, role="mentorship")


def test_only_staff_record_a_recognition(staff, person):
    org = make_org(staff, "Group")
    membership_add(actor=staff, organisation=org, user=person, role="coordinator")

    with pytest.raises(NotAllowed):
        hub_recognise(
            actor=person, organisation=org, decided_on=dt.date(2024, 1, 1), decided_by="Us"
        )


def test_accepting_what_is_not_a_proposal_is_a_conflict(staff):
    org = make_org(staff, "Listed group")

    with pytest.raises(Conflict) as info:
        proposal_accept(actor=staff, organisation=org)

    assert (info.value.field, info.value.message) == ("status", "Only a proposal can be accepted.")
