"""The pages: editing permissions, forms that refuse bad input and keep it, proposals."""

import pytest
from django.urls import reverse

from convene.directory.models import Organisation
from convene.directory.services import membership_add
from tests.directory.conftest import make_community, make_org

pytestmark = pytest.mark.usefixtures("reference")


def test_edit_page_refuses_a_person_who_is_not_coordinator(client, staff, person):
    org = make_org(staff, "Group")
    client.force_login(person)

    response = client.get(reverse("directory:organisation_edit", args=[org.slug]))

    assert response.status_code == 403


def test_edit_page_lets_the_coordinator_save(client, staff, person):
    org = make_org(staff, "Group", countries=["NP"])
    membership_add(actor=staff, organisation=org, user=person, role="coordinator")
    client.force_login(person)

    response = client.post(
        reverse("directory:organisation_edit", args=[org.slug]),
        {"name": "Renamed group", "kind": "user_group", "countries": ["NP", "IN"]},
    )

    org.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, f"/directory/{org.slug}/")
    assert (org.name, sorted(org.countries.values_list("code", flat=True))) == (
        "Renamed group",
        ["IN", "NP"],
    )


def test_edit_form_shows_the_rule_and_keeps_the_old_values(client, staff):
    hub = make_org(staff, "Hub", kind="hub", scope_type="linguistic", languages=["bn"])
    client.force_login(staff)

    response = client.post(
        reverse("directory:organisation_edit", args=[hub.slug]),
        {"name": "Hub", "kind": "hub", "scope_type": "linguistic", "stage": "idea"},
    )

    hub.refresh_from_db()
    assert response.status_code == 400
    assert "A linguistic hub names at least one language." in response.content.decode()
    assert list(hub.languages.values_list("code", flat=True)) == ["bn"]


def test_anonymous_reader_sees_propose_and_is_asked_to_sign_in(client, db):
    listing = client.get(reverse("directory:index")).content.decode()
    response = client.get(reverse("directory:propose"))

    html = response.content.decode()
    assert 'href="/directory/propose/"' in listing
    assert response.status_code == 200
    assert 'href="/accounts/login/?next=/directory/propose/"' in html
    assert '<form method="post" class="stack org-form"' not in html


def test_propose_form_starts_as_a_regional_hub_idea_and_offers_roles(client, person):
    client.force_login(person)

    form = client.get(reverse("directory:propose")).context["form"]

    assert (form["kind"].value(), form["scope_type"].value(), form["stage"].value()) == (
        "hub",
        "regional",
        "idea",
    )
    assert "grantmaking" in dict(form.fields["roles"].choices)


def test_proposal_records_the_roles_it_intends(client, person):
    client.force_login(person)

    response = client.post(
        reverse("directory:propose"),
        {"name": "Bangla hub", "kind": "hub", "scope_type": "linguistic", "stage": "idea",
         "languages": "Bangla", "roles": ["mentorship", "capacity_building"]},
    )  # fmt: skip

    org = Organisation.objects.get(name="Bangla hub")
    assert response.status_code == 302
    assert sorted(org.hub_roles.values_list("role", "status")) == [
        ("capacity_building", "intended"),
        ("mentorship", "intended"),
    ]
    assert list(org.languages.values_list("code", flat=True)) == ["bn"]


def test_proposal_refuses_grantmaking_without_a_legal_entity(client, person):
    client.force_login(person)

    response = client.post(
        reverse("directory:propose"),
        {"name": "Group", "kind": "non_affiliated_group", "roles": ["grantmaking"]},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"roles": ["Grantmaking requires a legal entity."]}


def test_person_proposes_a_group_and_staff_decline_it_with_a_message(client, person, staff):
    client.force_login(person)
    response = client.post(
        reverse("directory:propose"),
        {"name": "Kathmandu readers", "kind": "non_affiliated_group", "countries": ["NP"]},
    )
    proposal = Organisation.objects.get()
    public = client.get(reverse("directory:index"))

    client.force_login(staff)
    decided = client.post(
        reverse("directory:decide", args=[proposal.slug]),
        {"decision": "decline", "message": "Join the Nepal group instead."},
    )
    client.force_login(person)
    page = client.get(reverse("directory:organisation", args=[proposal.slug]))

    assert (response.status_code, proposal.status, proposal.proposed_by) == (
        302,
        "proposed",
        person,
    )
    assert "Kathmandu readers" in public.content.decode()  # the proposer sees "Your proposals"
    assert public.context["page"].paginator.count == 0
    assert decided.status_code == 302
    assert "Join the Nepal group instead." in page.content.decode()


def test_proposal_page_is_404_for_other_people(client, person, other_person):
    client.force_login(person)
    client.post(
        reverse("directory:propose"),
        {"name": "My idea", "kind": "hub", "scope_type": "thematic", "theme": "advocacy"},
    )
    client.force_login(other_person)

    response = client.get(reverse("directory:organisation", args=["my-idea"]))

    assert response.status_code == 404


def test_role_form_refuses_grantmaking_without_legal_entity(client, staff):
    hub = make_org(staff, "Hub", kind="hub", scope_type="thematic", theme="advocacy")
    client.force_login(staff)

    response = client.post(
        reverse("directory:role_set", args=[hub.slug]), {"role": "grantmaking", "status": "active"}
    )

    assert response.status_code == 400
    assert (
        "Grantmaking requires a legal entity; Hub has none on record." in response.content.decode()
    )
    assert hub.hub_roles.count() == 0


def test_role_form_from_someone_who_may_not_edit_is_403_and_saves_nothing(client, staff, person):
    hub = make_org(staff, "Hub", kind="hub", scope_type="thematic", theme="advocacy")
    client.force_login(person)

    response = client.post(
        reverse("directory:role_set", args=[hub.slug]), {"role": "mentorship", "status": "active"}
    )

    assert (response.status_code, hub.hub_roles.count()) == (403, 0)
    assert "Only staff and the organisation&#x27;s coordinators may edit it." in (
        response.content.decode()
    )


def test_history_page_lists_who_changed_what(client, staff):
    hub = make_org(staff, "Hub", kind="hub", scope_type="thematic", theme="advocacy")
    client.force_login(staff)
    client.post(
        reverse("directory:role_set", args=[hub.slug]), {"role": "mentorship", "status": "active"}
    )

    response = client.get(reverse("directory:history", args=[hub.slug]))

    summaries = [c.summary for c in response.context["changes"]]
    assert summaries == ["Role mentorship: active", "Hub created"]
    assert [c.actor.username for c in response.context["changes"]] == ["staffer", "staffer"]


def test_community_page_lists_who_serves_it(client, staff):
    community = make_community(staff, "Tamil Wikipedia", ["ta"], ["IN", "LK"])
    make_org(staff, "Tamil group", communities=[community.pk])

    response = client.get(reverse("directory:community", args=[community.slug]))

    assert [o.name for o in response.context["served_by"]] == ["Tamil group"]


def test_community_create_is_staff_only(client, person):
    client.force_login(person)

    response = client.get(reverse("directory:community_create"))

    assert response.status_code == 403


def test_who_serves_page_prefills_the_profiles_language(client, person):
    from convene.people.models import Profile

    Profile.objects.create(user=person, languages=["bn", "en"])
    client.force_login(person)

    response = client.get(reverse("directory:who_serves"))

    assert response.context["form"]["language"].value() == "bn"
    assert response.context["result"].language.code == "bn"
    assert 'name="language" value="Bangla"' in response.content.decode()


def test_who_serves_page_refuses_an_unknown_country(client, db):
    response = client.get(reverse("directory:who_serves"), {"country": "XX"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"country": ["No country matches “XX”."]}


def test_cached_pages_show_a_change_at_once(client, staff):
    url = reverse("directory:who_serves")
    before = client.get(url, {"language": "sw"})
    coverage_before = client.get(reverse("directory:coverage"), {"by": "language"})

    make_org(staff, "Swahili hub", kind="hub", scope_type="linguistic", languages=["sw"])
    after = client.get(url, {"language": "sw"})
    coverage_after = client.get(reverse("directory:coverage"), {"by": "language"})

    assert "Swahili hub" not in before.content.decode()
    assert "Swahili hub" in after.content.decode()
    assert "Swahili hub" not in coverage_before.content.decode()
    assert "Swahili hub" in coverage_after.content.decode()


def test_timeline_shows_a_year_only_founding_as_the_year(client, staff):
    import datetime as dt

    make_org(staff, "Wikimedia CEE", kind="regional_collaborative", founded_on=dt.date(2011, 1, 1))
    make_org(staff, "Iberocoop", kind="regional_collaborative", founded_on=dt.date(2010, 6, 1))

    response = client.get(reverse("directory:timeline"))

    html = response.content.decode()
    assert '<time datetime="2011">2011</time>' in html
    assert '<time datetime="2010-06-01">June 1, 2010</time>' in html


def test_organisation_page_shows_editing_only_to_its_editors(client, staff, person):
    org = make_org(staff, "Group")
    membership_add(actor=staff, organisation=org, user=person, role="coordinator")
    url = reverse("directory:organisation", args=[org.slug])
    edit_url = reverse("directory:organisation_edit", args=[org.slug])

    anonymous_before = client.get(url).content.decode()
    client.force_login(person)
    coordinator = client.get(url).content.decode()
    client.logout()
    anonymous_after = client.get(url).content.decode()

    assert (edit_url in anonymous_before, edit_url in coordinator, edit_url in anonymous_after) == (
        False,
        True,
        False,
    )
    assert "csrfmiddlewaretoken" in coordinator
    assert (
        "csrfmiddlewaretoken"
        not in anonymous_after.split('<main id="main">')[1].split('<footer class="site-footer">')[0]
    )


def test_organisation_page_shows_the_role_status_label(client, staff):
    hub = make_org(staff, "Hub", kind="hub", scope_type="thematic", theme="advocacy")
    client.force_login(staff)
    client.post(
        reverse("directory:role_set", args=[hub.slug]), {"role": "mentorship", "status": "intended"}
    )

    response = client.get(reverse("directory:organisation", args=[hub.slug]))

    assert '<span class="tag">intended</span>' in response.content.decode()


@pytest.mark.parametrize("name", ["directory:coverage", "directory:coverage_csv"])
def test_coverage_refuses_an_unknown_grouping(client, name):
    response = client.get(reverse(name), {"by": "planet"})

    assert response.status_code == 404


def test_user_written_names_and_descriptions_are_isolated_for_mixed_direction(client, staff):
    org = make_org(staff, "ويكيميديا مصر", description="مجموعة مستخدمين in Cairo")

    html = client.get(reverse("directory:organisation", args=[org.slug])).content.decode()
    listing = client.get(reverse("directory:index")).content.decode()

    assert '<h1 id="org-name"><bdi>ويكيميديا مصر</bdi></h1>' in html
    assert '<p class="lead" dir="auto">مجموعة مستخدمين in Cairo</p>' in html
    assert "<bdi>ويكيميديا مصر</bdi></a>" in listing


def test_edit_form_picks_member_organisations_and_parent_by_name(client, staff):
    group = make_org(staff, "Kenya user group", short_name="KUG")
    parent = make_org(staff, "Wikimedia East Africa", kind="regional_collaborative")
    hub = make_org(staff, "Swahili hub", kind="hub", scope_type="linguistic", languages=["sw"])
    client.force_login(staff)

    response = client.post(
        reverse("directory:organisation_edit", args=[hub.slug]),
        {"name": "Swahili hub", "kind": "hub", "scope_type": "linguistic", "stage": "idea",
         "languages": "Swahili", "member_organisations": "KUG", "parent": "wikimedia east africa"},
    )  # fmt: skip
    page = client.get(reverse("directory:organisation_edit", args=[hub.slug])).content.decode()

    hub.refresh_from_db()
    assert response.status_code == 302
    assert (list(hub.member_organisations.all()), hub.parent) == ([group], parent)
    assert f'value="Kenya user group ({group.pk})"' in page
