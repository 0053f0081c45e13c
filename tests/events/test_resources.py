"""Resources of events and series: recordings, videos, slides, findings summaries,
reports, drafts; a link or an uploaded file; translations listed together."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from convene.core.errors import Invalid, NotAllowed
from convene.directory.models import Language
from convene.events import queries, services
from convene.events.models import Event, Resource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def languages():
    return {
        code: Language.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("en", "English"), ("es", "Spanish"), ("fr", "French"))
    }


def add(actor, event, **kwargs):
    kwargs.setdefault("kind", "findings")
    kwargs.setdefault("title", "Hubs Dialogue: findings summary")
    kwargs.setdefault("url", "https://meta.wikimedia.org/wiki/Hubs")
    return services.resource_add(actor=actor, event=event, **kwargs)


def test_resource_translations_are_grouped_with_the_original(make_event, organiser, languages):
    event = make_event()
    original = add(organiser, event, languages=[languages["en"]], published_on=dt.date(2022, 3, 4))
    spanish = add(organiser, event, languages=[languages["es"]], translation_of=original)
    # A translation of a translation is filed under the original.
    french = add(organiser, event, languages=[languages["fr"]], translation_of=spanish)
    video = add(organiser, event, kind="video", title="Introduction to hubs (video)")

    groups = queries.resources_for(event=event)

    assert [(g.original, g.translations) for g in groups] == [
        (original, [spanish, french]),
        (video, []),
    ]


def test_resource_add_refuses_a_stranger(make_event, reader):
    with pytest.raises(NotAllowed):
        add(reader, make_event())


@pytest.mark.parametrize(
    ("url", "file"),
    [("", None), ("https://example.org/a", SimpleUploadedFile("a.pdf", b"%PDF"))],
)
def test_resource_add_needs_a_link_or_a_file(make_event, organiser, url, file):
    with pytest.raises(Invalid) as refused:
        add(organiser, make_event(), url=url, file=file)

    assert refused.value.field == "url"


def test_resource_translation_must_belong_to_the_same_event(make_event, organiser):
    original = add(organiser, make_event())

    with pytest.raises(Invalid) as refused:
        add(organiser, make_event(title="Other"), translation_of=original)

    assert refused.value.field == "translation_of"


def test_resource_uploaded_file_is_served_and_removed(
    client, make_event, organiser, django_capture_on_commit_callbacks
):
    event = make_event()
    resource = add(
        organiser, event, kind="slides", url="", file=SimpleUploadedFile("s.pdf", b"%PDF-1")
    )
    client.force_login(organiser)

    served = client.get(reverse("events:resource_file", args=[resource.pk]))
    body = b"".join(served.streaming_content)
    storage, name = resource.file.storage, resource.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:resource_remove", args=[resource.pk]))

    assert (served["Content-Type"], body) == ("application/pdf", b"%PDF-1")
    assert Resource.objects.count() == 0
    assert not storage.exists(name)


def test_event_page_lists_resources_and_organiser_adds_one(
    client, make_event, organiser, languages
):
    event = make_event()
    original = add(organiser, event, languages=[languages["en"]], published_on=dt.date(2022, 3, 4))
    add(organiser, event, languages=[languages["es"]], translation_of=original)
    client.force_login(organiser)

    response = client.post(
        reverse("events:resource_add", args=[event.pk]),
        {
            "kind": "recording",
            "title": "Recording of the presentation",
            "languages": ["en"],
            "published_on": "2030-06-10",
            "url": "https://commons.wikimedia.org/wiki/File:AMA.webm",
        },
    )
    body = client.get(reverse("events:detail", args=[event.pk])).content.decode()

    assert response.status_code == 302
    assert body.count('class="resource"') == 2
    assert "Also in:" in body
    assert ">Spanish</a>" in body
    assert "Recording of the presentation" in body


def test_resource_form_refuses_neither_link_nor_file(client, make_event, organiser):
    event = make_event()
    client.force_login(organiser)

    response = client.post(
        reverse("events:resource_add", args=[event.pk]), {"kind": "slides", "title": "Slides"}
    )

    assert response.status_code == 400
    assert "Give either a link or a file." in response.content.decode()


def test_series_page_and_api_list_resources(client, organiser, languages):
    series = services.series_create(actor=organiser, title="AMA")
    original = services.resource_add(
        actor=organiser,
        series=series,
        kind="report",
        title="Report",
        languages=[languages["en"]],
        published_on=dt.date(2021, 1, 31),
        url="https://meta.wikimedia.org/wiki/Hubs#report",
    )
    services.resource_add(
        actor=organiser,
        series=series,
        kind="report",
        title="Informe",
        languages=[languages["es"]],
        url="https://meta.wikimedia.org/wiki/Hubs#report-es",
        translation_of=original,
    )

    page = client.get(reverse("events:series", args=[series.pk])).content.decode()
    data = client.get(f"/api/series/{series.pk}").json()

    assert "Report" in page
    assert data["resources"] == [
        {
            "id": original.pk,
            "kind": "report",
            "title": "Report",
            "languages": ["en"],
            "date": "2021-01-31",
            "url": "https://meta.wikimedia.org/wiki/Hubs#report",
            "file": False,
            "translations": [
                {
                    "id": original.pk + 1,
                    "kind": "report",
                    "title": "Informe",
                    "languages": ["es"],
                    "date": None,
                    "url": "https://meta.wikimedia.org/wiki/Hubs#report-es",
                    "file": False,
                    "translations": [],
                }
            ],
        }
    ]


def test_event_api_carries_resources(client, make_event, organiser):
    event = make_event()
    add(organiser, event, kind="slides", url="", file=SimpleUploadedFile("s.pdf", b"%PDF"))

    data = client.get(f"/api/events/{event.pk}").json()

    assert [(r["kind"], r["file"], r["url"].endswith("/file")) for r in data["resources"]] == [
        ("slides", True, True)
    ]


def test_demo_has_the_hubs_page_resources_where_the_page_puts_them():
    call_command("demo", verbosity=0)
    # An earlier demo put the hub's resources on the co-creation workshop: taken off it.
    workshop = Event.objects.get(title="Hubs co-creation workshop")
    Resource.objects.create(
        event=workshop, kind="video", title="Introduction to hubs (video)",
        url="https://meta.wikimedia.org/wiki/Hubs#video",
    )  # fmt: skip
    call_command("demo", verbosity=0)  # idempotent

    findings = Resource.objects.get(title="Hubs Dialogue: findings summary", translation_of=None)
    owners = {
        title: (
            hub.slug if hub else None,
            (change.organisation.slug, change.to_stage) if change else None,
            event.title if event else None,
        )
        for title, hub, change, event in (
            (r.title, r.hub, r.stage_change, r.event)
            for r in Resource.objects.select_related("hub", "stage_change__organisation", "event")
            if r.translation_of_id is None
        )
    }
    hub, idea = ("wikimedia-cee-hub", None, None), (None, ("wikimedia-cee-hub", "idea"), None)

    assert sorted(t.languages.get().code for t in findings.translations.all()) == ["es", "fr"]
    assert not Resource.objects.filter(event=workshop).exists()
    assert owners == {
        "Introduction to hubs (video)": hub,
        "Resource Allocation Working Group: regional hubs, first draft": hub,
        "Resource Allocation Working Group: regional hubs, second draft": hub,
        "Roles and Responsibilities Working Group: draft recommendation "
        "(\u201cQuotiel\u201d model)": hub,
        "Report on Hubs discussions, November": idea,
        "Report on Hubs discussions, December": idea,
        "Report on Hubs discussions, January": idea,
        "Hubs Dialogue: findings summary": (None, None, "Hubs Dialogue"),
    }
