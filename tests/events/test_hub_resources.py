"""Resources of hubs and of timeline entries (a hub's stage changes): who adds them, how
they are grouped with their translations, the hub page's and the timeline's panels, the
API, and the queries those pages cost."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convene.core.errors import Invalid, NotAllowed
from convene.directory.models import Change, Language, Membership, PersonRole, StageChange
from convene.directory.services import OrganisationInput, organisation_create
from convene.events import queries, services
from convene.events.models import Resource
from convene.people.services import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = "https://meta.wikimedia.org/wiki/Hubs"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff():
    return UserFactory(username="staffer", is_staff=True)


@pytest.fixture
def languages():
    return {
        code: Language.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("en", "English"), ("es", "Spanish"), ("fr", "French"))
    }


def make_hub(staff, name="CEE Hub", kind="hub"):
    fields = (
        {"stage": "idea", "stage_since": dt.date(2020, 5, 1), "scope_type": "thematic",
         "theme": "advocacy"}
        if kind == "hub"
        else {}
    )  # fmt: skip
    return organisation_create(actor=staff, data=OrganisationInput(name=name, kind=kind, **fields))


@pytest.fixture
def hub(staff):
    return make_hub(staff)


@pytest.fixture
def entry(hub):
    return StageChange.objects.get(organisation=hub)


@pytest.fixture
def coordinator(hub):
    person = UserFactory(username="coordinator")
    Membership.objects.create(organisation=hub, user=person, role=PersonRole.COORDINATOR)
    return person


@pytest.fixture
def member(hub):
    person = UserFactory(username="member")
    Membership.objects.create(organisation=hub, user=person, role=PersonRole.MEMBER)
    return person


def add(actor, **kwargs):
    kwargs.setdefault("kind", "video")
    kwargs.setdefault("title", "Introduction to hubs (video)")
    kwargs.setdefault("url", LINK + "#video")
    return services.resource_add(actor=actor, **kwargs)


# ------------------------------------------------------------------ services


def test_hub_resource_translations_are_grouped_with_the_original(hub, coordinator, languages):
    summary = add(
        coordinator, hub=hub, kind="findings", title="Findings", languages=[languages["en"]],
        published_on=dt.date(2022, 3, 4),
    )  # fmt: skip
    spanish = add(coordinator, hub=hub, kind="findings", title="Hallazgos",
                  languages=[languages["es"]], translation_of=summary)  # fmt: skip
    french = add(coordinator, hub=hub, kind="findings", title="Conclusions",
                 languages=[languages["fr"]], translation_of=spanish)  # fmt: skip
    video = add(coordinator, hub=hub)

    groups = queries.resources_for(hub=hub)

    assert [(g.original, g.translations) for g in groups] == [
        (summary, [spanish, french]),
        (video, []),
    ]


@pytest.mark.parametrize("who", ["member", "other_coordinator", "anonymous"])
def test_hub_resource_add_refuses_anyone_but_its_coordinators_and_staff(hub, member, who):
    from django.contrib.auth.models import AnonymousUser

    other = make_hub(UserFactory(username="s2", is_staff=True), name="Other hub")
    stranger = UserFactory(username="elsewhere")
    Membership.objects.create(organisation=other, user=stranger, role=PersonRole.COORDINATOR)
    actor = {"member": member, "other_coordinator": stranger, "anonymous": AnonymousUser()}[who]

    with pytest.raises(NotAllowed):
        add(actor, hub=hub)


def test_hub_resource_add_by_staff_and_coordinator(hub, staff, coordinator):
    add(staff, hub=hub, title="By staff")
    add(coordinator, hub=hub, title="By the coordinator")

    assert list(Resource.objects.filter(hub=hub).values_list("title", flat=True)) == [
        "By staff",
        "By the coordinator",
    ]


def test_resource_add_refuses_an_organisation_that_is_not_a_hub(staff):
    group = make_hub(staff, name="A user group", kind="user_group")

    with pytest.raises(Invalid) as refused:
        add(staff, hub=group)

    assert refused.value.field == "hub"


def test_resource_add_refuses_two_owners(hub, entry, staff):
    with pytest.raises(Invalid) as refused:
        add(staff, hub=hub, stage_change=entry)

    assert refused.value.field == "event"


def test_resource_has_exactly_one_owner_in_the_database(hub, entry):
    for owners in ({}, {"hub": hub, "stage_change": entry}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Resource.objects.create(kind="video", title="T", url=LINK, **owners)


def test_timeline_entry_resource_by_whoever_edits_its_hub(entry, coordinator, member):
    report = add(coordinator, stage_change=entry, kind="report", title="Report, November")

    with pytest.raises(NotAllowed):
        add(member, stage_change=entry, kind="report", title="Report, December")
    assert queries.resources_for_stage_changes([entry.pk])[entry.pk][0].original == report


def test_translation_must_belong_to_the_same_hub_or_entry(hub, entry, staff):
    original = add(staff, hub=hub)

    with pytest.raises(Invalid) as refused:
        add(staff, stage_change=entry, translation_of=original)

    assert refused.value.field == "translation_of"


def test_resource_add_refuses_an_address_that_is_not_a_web_link(hub, staff):
    with pytest.raises(Invalid) as refused:
        add(staff, hub=hub, url="javascript:alert(1)")

    assert refused.value.field == "url"


def test_hub_resource_add_and_remove_are_in_the_hubs_history(hub, coordinator):
    resource = add(coordinator, hub=hub)
    services.resource_remove(actor=coordinator, resource=resource)

    assert list(
        Change.objects.filter(organisation=hub, action__startswith="resource").values_list(
            "action", "summary", "actor"
        )
    ) == [
        ("resource_remove", "Resource removed: Introduction to hubs (video)", coordinator.pk),
        ("resource_add", "Resource added: Introduction to hubs (video)", coordinator.pk),
    ]


# ------------------------------------------------------------------ pages


def test_hub_page_lists_resources_grouped_and_coordinator_adds_one(
    client, hub, coordinator, languages
):
    summary = add(coordinator, hub=hub, kind="findings", title="Findings summary",
                  languages=[languages["en"]])  # fmt: skip
    client.force_login(coordinator)

    response = client.post(
        reverse("events:hub_resource_add", args=[hub.slug]),
        {"kind": "findings", "title": "Resumen", "languages": ["es"], "url": LINK + "#es",
         "translation_of": summary.pk, "published_on": "2022-03-04"},
    )  # fmt: skip
    client.logout()
    body = client.get(reverse("directory:organisation", args=[hub.slug])).content.decode()

    assert response.status_code == 302
    assert response["Location"] == reverse("directory:organisation", args=[hub.slug]) + (
        "#hub-resources"
    )
    assert Resource.objects.get(title="Resumen").translation_of == summary
    assert 'id="hub-resources"' in body
    assert "Also in:" in body
    assert f'href="{LINK}#es" rel="noopener" hreflang="es">Spanish</a>' in body
    assert "Add a resource" not in body


def test_hub_page_offers_coordinators_to_add_to_the_hub_and_its_timeline(
    client, hub, entry, coordinator
):
    client.force_login(coordinator)

    body = client.get(reverse("directory:organisation", args=[hub.slug])).content.decode()

    assert reverse("events:hub_resource_add", args=[hub.slug]) in body
    assert reverse("events:timeline_resource_add", args=[entry.pk]) in body


def test_hub_page_shows_no_resources_panel_to_readers_when_there_are_none(client, hub):
    body = client.get(reverse("directory:organisation", args=[hub.slug])).content.decode()

    assert 'id="hub-resources"' not in body


def test_resource_form_keeps_what_was_typed_when_refused(client, hub, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("events:hub_resource_add", args=[hub.slug]),
        {"kind": "report", "title": "Report", "url": ""},
    )

    assert response.status_code == 400
    assert 'value="Report"' in response.content.decode()
    assert "Give either a link or a file." in response.content.decode()


def test_hub_resource_form_refuses_a_member(client, hub, member):
    client.force_login(member)

    response = client.get(reverse("events:hub_resource_add", args=[hub.slug]))

    assert response.status_code == 403


def test_timeline_shows_an_entrys_resources_at_once(client, entry, coordinator, settings):
    settings.DIRECTORY_CACHE_SECONDS = 600
    cache.clear()
    client.get(reverse("directory:timeline"))  # cached for readers

    add(coordinator, stage_change=entry, kind="report", title="Report on Hubs discussions")
    body = client.get(reverse("directory:timeline")).content.decode()

    assert "Report on Hubs discussions" in body


def test_coordinator_adds_and_removes_a_timeline_entry_resource(client, hub, entry, coordinator):
    client.force_login(coordinator)

    added = client.post(
        reverse("events:timeline_resource_add", args=[entry.pk]),
        {"kind": "report", "title": "Report, January", "url": LINK + "#jan"},
    )
    resource = Resource.objects.get(stage_change=entry)
    removed = client.post(reverse("events:resource_remove", args=[resource.pk]))

    back = reverse("directory:organisation", args=[hub.slug]) + "#hub-resources"
    assert (added.status_code, added["Location"]) == (302, back)
    assert (removed.status_code, removed["Location"]) == (302, back)
    assert not Resource.objects.filter(stage_change=entry).exists()


# ------------------------------------------------------------------ query counts


def _count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _fill(actor, n, **owner):
    for i in range(n):
        original = add(actor, title=f"Resource {i}", url=f"{LINK}#{i}", **owner)
        add(actor, title=f"Resource {i} (es)", url=f"{LINK}#{i}-es", translation_of=original,
            **owner)  # fmt: skip


@pytest.mark.parametrize("signed_in", [False, True])
def test_hub_page_queries_do_not_grow_with_resources(client, hub, entry, coordinator, signed_in):
    if signed_in:
        client.force_login(coordinator)
    url = reverse("directory:organisation", args=[hub.slug])
    _fill(coordinator, 1, hub=hub)
    _fill(coordinator, 1, stage_change=entry)
    one = _count(client, url)
    _fill(coordinator, 4, hub=hub)
    _fill(coordinator, 4, stage_change=entry)
    five = _count(client, url)

    assert five == one


def test_timeline_queries_do_not_grow_with_resources(client, staff, coordinator, languages):
    hubs = [make_hub(staff, name=f"Hub {i}") for i in range(5)]
    entries = list(StageChange.objects.filter(organisation__in=hubs))
    url = reverse("directory:timeline")
    _fill(staff, 1, stage_change=entries[0])
    one = _count(client, url)
    for entry in entries:
        _fill(staff, 5, stage_change=entry)
    five = _count(client, url)

    body = client.get(url).content.decode()
    assert five == one
    assert body.count('class="resource"') == 1 + 5 * 5


# ------------------------------------------------------------------ API


def _token(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=person, name='t')[1]}"}


def _post(client, url, body, person=None):
    headers = _token(person) if person is not None else {}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_api_hub_resources_nest_translations(client, hub, coordinator, languages):
    original = add(coordinator, hub=hub, languages=[languages["en"]],
                   published_on=dt.date(2022, 3, 4))  # fmt: skip
    add(coordinator, hub=hub, languages=[languages["es"]], url=LINK + "#es",
        translation_of=original)  # fmt: skip

    data = client.get(f"/api/hubs/{hub.slug}/resources").json()

    assert data["count"] == 1
    assert data["next"] is None
    assert [(r["title"], r["languages"], r["date"]) for r in data["items"]] == [
        ("Introduction to hubs (video)", ["en"], "2022-03-04")
    ]
    assert [(t["languages"], t["url"]) for t in data["items"][0]["translations"]] == [
        (["es"], LINK + "#es")
    ]


def test_api_coordinator_adds_a_hub_resource(client, hub, coordinator, languages):
    original = add(coordinator, hub=hub)

    response = _post(client, f"/api/hubs/{hub.slug}/resources", {
        "kind": "video", "title": "Introducción", "languages": ["es"], "date": "2022-03-04",
        "url": LINK + "#es", "translation_of": original.pk,
    }, coordinator)  # fmt: skip

    assert response.status_code == 201
    assert {k: response.json()[k] for k in ("kind", "languages", "date", "file")} == {
        "kind": "video", "languages": ["es"], "date": "2022-03-04", "file": False,
    }  # fmt: skip
    assert Resource.objects.get(pk=response.json()["id"]).translation_of == original


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("member", 403), ("coordinator", 201)]
)
def test_api_hub_resource_add_permissions(client, hub, coordinator, member, who, status):  # noqa: PLR0917 (fixtures)
    person = {"anonymous": None, "member": member, "coordinator": coordinator}[who]

    response = _post(client, f"/api/hubs/{hub.slug}/resources",
                     {"kind": "draft", "title": "Draft", "url": LINK}, person)  # fmt: skip

    assert response.status_code == status


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "draft", "title": "D", "url": LINK, "languages": ["xx-unknown"]}, "languages"),
        ({"kind": "draft", "title": "D", "url": "not a link"}, "url"),
        ({"kind": "draft", "title": "D", "url": LINK, "translation_of": 999999}, "translation_of"),
        ({"kind": "podcast", "title": "D", "url": LINK}, "kind"),
    ],
)
def test_api_hub_resource_add_refuses_bad_input(client, hub, coordinator, body, field):
    response = _post(client, f"/api/hubs/{hub.slug}/resources", body, coordinator)

    assert (response.status_code, response.json()["field"]) == (400, field)


def test_api_hub_resources_of_an_organisation_that_is_not_a_hub_is_404(client, staff):
    group = make_hub(staff, name="A user group", kind="user_group")

    assert client.get(f"/api/hubs/{group.slug}/resources").status_code == 404
    assert client.get("/api/hubs/no-such-hub/resources").status_code == 404


def test_api_timeline_entry_resources(client, entry, coordinator, member):
    added = _post(client, f"/api/timeline/{entry.pk}/resources",
                  {"kind": "report", "title": "Report", "url": LINK}, coordinator)  # fmt: skip
    refused = _post(client, f"/api/timeline/{entry.pk}/resources",
                    {"kind": "report", "title": "Report", "url": LINK}, member)  # fmt: skip

    data = client.get(f"/api/timeline/{entry.pk}/resources").json()

    assert (added.status_code, refused.status_code) == (201, 403)
    assert [r["title"] for r in data["items"]] == ["Report"]
    assert client.get("/api/timeline/999999/resources").status_code == 404


@pytest.mark.parametrize("path", ["hubs/{slug}", "timeline/{entry}"])
def test_api_resource_list_queries_do_not_grow(client, hub, entry, staff, path):
    url = "/api/" + path.format(slug=hub.slug, entry=entry.pk) + "/resources"
    owner = {"hub": hub} if path.startswith("hubs") else {"stage_change": entry}
    _fill(staff, 1, **owner)
    one = _count(client, url)
    _fill(staff, 4, **owner)
    five = _count(client, url)

    assert five == one


# ------------------------------------------------------------------ changing a resource


def test_resource_update_changes_what_is_given(hub, coordinator, languages):
    resource = add(coordinator, hub=hub, languages=[languages["en"]])

    services.resource_update(
        actor=coordinator, resource=resource, kind="draft", title="Second draft",
        languages=[languages["es"], languages["fr"]], published_on=dt.date(2020, 1, 1),
        url=LINK + "#draft-2",
    )  # fmt: skip
    resource.refresh_from_db()

    assert (resource.kind, resource.title, resource.published_on, resource.url) == (
        "draft", "Second draft", dt.date(2020, 1, 1), LINK + "#draft-2",
    )  # fmt: skip
    assert sorted(resource.languages.values_list("code", flat=True)) == ["es", "fr"]
    assert Change.objects.filter(organisation=hub, action="resource_update").count() == 1


def test_resource_update_refuses_a_member(hub, coordinator, member):
    resource = add(coordinator, hub=hub)

    with pytest.raises(NotAllowed):
        services.resource_update(actor=member, resource=resource, kind="video", title="Mine")


def test_resource_update_keeps_an_original_with_translations_an_original(hub, coordinator):
    original = add(coordinator, hub=hub)
    add(coordinator, hub=hub, title="Traducción", translation_of=original)
    other = add(coordinator, hub=hub, title="Other")

    for target in (original, other):
        with pytest.raises(Invalid) as refused:
            services.resource_update(
                actor=coordinator, resource=original, kind="video", title="T", url=LINK,
                translation_of=target,
            )  # fmt: skip
        assert refused.value.field == "translation_of"


def test_resource_update_keeps_the_file_or_replaces_it_by_a_link(
    hub, coordinator, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    resource = add(coordinator, hub=hub, url="", file=SimpleUploadedFile("v.pdf", b"%PDF"))
    services.resource_update(actor=coordinator, resource=resource, kind="slides", title="Kept")
    storage, name = resource.file.storage, resource.file.name
    kept = storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_update(
            actor=coordinator, resource=resource, kind="slides", title="Linked", url=LINK
        )
    resource.refresh_from_db()

    assert kept
    assert (resource.url, bool(resource.file), storage.exists(name)) == (LINK, False, False)


def test_coordinator_changes_a_resource_in_the_form(client, hub, coordinator, languages):
    resource = add(coordinator, hub=hub, languages=[languages["en"]])
    client.force_login(coordinator)
    url = reverse("events:resource_edit", args=[resource.pk])

    shown = client.get(url).content.decode()
    response = client.post(
        url, {"kind": "video", "title": "Introduction to hubs", "languages": ["en"], "url": LINK}
    )
    resource.refresh_from_db()

    assert 'value="Introduction to hubs (video)"' in shown
    assert response.status_code == 302
    assert resource.title == "Introduction to hubs"


def test_api_changes_and_removes_a_resource(client, hub, coordinator, member, languages):
    resource = add(coordinator, hub=hub, languages=[languages["en"]])
    url = f"/api/resources/{resource.pk}"

    refused = client.patch(url, json.dumps({"title": "No"}), content_type="application/json",
                           **_token(member))  # fmt: skip
    changed = client.patch(
        url, json.dumps({"title": "Introduction", "languages": ["en", "es"]}),
        content_type="application/json", **_token(coordinator),
    )  # fmt: skip
    removed = client.delete(url, **_token(coordinator))

    assert refused.status_code == 403
    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["languages"]) == ("Introduction", ["en", "es"])
    assert removed.status_code == 204
    assert not Resource.objects.filter(pk=resource.pk).exists()
    assert client.delete(url, **_token(coordinator)).status_code == 404
