"""Decisions reach people: a proposer is told of staff's decision; a person asks to join
an organisation, its coordinators are told, and the person is told of the decision."""

import pytest
from django.core import mail
from django.urls import reverse

from convene.core.errors import Conflict, Invalid
from convene.directory.models import JoinRequest, Membership
from convene.directory.services import (
    OrganisationInput,
    membership_add,
    membership_request,
    membership_request_decide,
    organisation_propose,
    proposal_accept,
    proposal_decline,
)
from convene.people.models import Notice
from tests.directory.conftest import make_org

pytestmark = pytest.mark.usefixtures("reference")


def notices_of(user) -> list[tuple[str, str]]:
    return list(Notice.objects.filter(recipient=user).values_list("kind", "subject"))


@pytest.mark.django_db(transaction=True)
def test_proposer_is_told_of_a_decline_with_its_message_and_by_e_mail(person, staff):
    proposal = organisation_propose(
        actor=person, data=OrganisationInput(name="Bangla group", kind="non_affiliated_group")
    )

    proposal_decline(actor=staff, organisation=proposal, message="Join the Bangladesh chapter.")

    notice = Notice.objects.get(recipient=person)
    assert (notice.kind, notice.subject) == (
        "directory.proposal_declined",
        "Your proposal “Bangla group” is declined",
    )
    assert notice.text.endswith("Their message: Join the Bangladesh chapter.")
    assert [m.subject for m in mail.outbox] == ["Your proposal “Bangla group” is declined"]


def test_proposer_is_told_of_an_acceptance(person, staff):
    proposal = organisation_propose(
        actor=person, data=OrganisationInput(name="Bangla group", kind="non_affiliated_group")
    )

    proposal_accept(actor=staff, organisation=proposal, message="")

    assert notices_of(person) == [
        ("directory.proposal_accepted", "Your proposal “Bangla group” is accepted")
    ]


def test_asking_to_join_tells_the_coordinators_and_the_decision_tells_the_person(
    person, other_person, staff
):
    group = make_org(staff, "Nepal group", countries=["NP"])
    membership_add(actor=staff, organisation=group, user=other_person, role="coordinator")

    asked = membership_request(actor=person, organisation=group, message="I edit ne.wikipedia")
    membership_request_decide(
        actor=other_person, join_request=asked, accept=True, message="Welcome!"
    )

    asked.refresh_from_db()
    assert notices_of(other_person) == [
        ("directory.join_asked", "volunteer asks to join Nepal group")
    ]
    assert notices_of(person) == [
        ("directory.join_accepted", "You are now a member of Nepal group")
    ]
    assert Notice.objects.get(recipient=person).text.endswith("Their message: Welcome!")
    assert (asked.status, asked.decided_by) == ("accepted", other_person)
    assert Membership.objects.filter(organisation=group, user=person, role="member").exists()


def test_without_coordinators_staff_are_asked(person, staff):
    group = make_org(staff, "Nepal group")

    membership_request(actor=person, organisation=group)

    assert notices_of(staff) == [("directory.join_asked", "volunteer asks to join Nepal group")]


def test_a_decline_needs_a_message_and_a_request_is_decided_once(person, staff):
    group = make_org(staff, "Nepal group")
    asked = membership_request(actor=person, organisation=group)

    with pytest.raises(Invalid):
        membership_request_decide(actor=staff, join_request=asked, accept=False, message=" ")
    membership_request_decide(actor=staff, join_request=asked, accept=False, message="Not now.")

    with pytest.raises(Conflict):
        membership_request_decide(actor=staff, join_request=asked, accept=True)
    assert notices_of(person) == [
        ("directory.join_declined", "Your request to join Nepal group is declined")
    ]


def test_a_member_or_a_waiting_request_cannot_ask_again(person, staff):
    group = make_org(staff, "Nepal group")
    membership_request(actor=person, organisation=group)

    with pytest.raises(Conflict):
        membership_request(actor=person, organisation=group)
    membership_add(actor=staff, organisation=group, user=person, role="member")
    with pytest.raises(Conflict):
        membership_request(actor=person, organisation=group)


def test_join_through_the_page(client, person, other_person, staff):
    group = make_org(staff, "Nepal group")
    membership_add(actor=staff, organisation=group, user=other_person, role="coordinator")
    page = reverse("directory:organisation", args=[group.slug])
    client.force_login(person)

    before = client.get(page).content.decode()
    client.post(reverse("directory:join", args=[group.slug]), {"message": "नमस्ते"})
    waiting = client.get(page).content.decode()
    client.force_login(other_person)
    coordinator = client.get(page).content.decode()
    asked = JoinRequest.objects.get()
    response = client.post(
        reverse("directory:join_decide", args=[group.slug, asked.pk]),
        {"decision": "accept", "message": "Welcome"},
    )

    assert "Ask to join" in before
    assert "Your request to join is waiting for a decision" in waiting
    assert '<span dir="auto">नमस्ते</span>' in coordinator
    assert response.status_code == 302
    assert Membership.objects.filter(organisation=group, user=person).exists()


def test_an_anonymous_reader_is_asked_to_sign_in_to_join(client, staff):
    group = make_org(staff, "Nepal group")

    html = client.get(reverse("directory:organisation", args=[group.slug])).content.decode()

    assert "Sign in to ask to join." in html
