"""What the list and event pages read: filter choices cached (a change to them shows at
once), labels and counts as Django gives them, no organisers read for anonymous readers."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from convene.directory.services import OrganisationInput, organisation_create, organisation_update
from convene.events import services
from tests.events.conftest import START


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL)
    assert select is not None
    return re.findall(r">([^<]*)</option>", select.group(0))[1:]


@pytest.fixture
def nepal_readers(organiser):
    return organisation_create(
        actor=organiser, data=OrganisationInput(name="Nepal readers", kind="user_group")
    )


@pytest.mark.parametrize("count", [1, 5])
def test_index_second_request_reads_no_choices(  # noqa: PLR0917
    client, make_event, clock, django_assert_num_queries, count, reader
):
    clock.set(START - dt.timedelta(days=3))
    for index in range(count):
        make_event(title=f"E{index}")
    client.force_login(reader)
    client.get(reverse("events:index"))

    # the first request's 15 (tests/events/test_pages.py) less the four choice lists (the
    # directory's version, part of their key, is read) and the cards' count, page and two
    # prefetches (cached, events/listing.py): the viewer's registrations are still read
    with django_assert_num_queries(7):
        response = client.get(reverse("events:index"))

    assert response.status_code == 200


def test_new_organiser_offered_at_once(client, make_event, clock, nepal_readers):
    clock.set(START - dt.timedelta(days=3))
    make_event(title="First")
    before = _options(client.get(reverse("events:index")).content.decode(), "organiser")

    make_event(title="Second", organisers=[nepal_readers])
    after = _options(client.get(reverse("events:index")).content.decode(), "organiser")

    assert (before, after) == ([], ["Nepal readers"])


def test_organiser_added_by_an_edit_offered_at_once(client, make_event, clock, nepal_readers):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(title="First")
    client.get(reverse("events:index"))

    services.event_update(actor=event.created_by, event=event, hubs=[nepal_readers])
    html = client.get(reverse("events:index")).content.decode()

    assert _options(html, "topic") == ["Nepal readers"]


def test_renamed_organisation_shown_at_once(client, make_event, clock, organiser, nepal_readers):
    clock.set(START - dt.timedelta(days=3))
    make_event(title="First", organisers=[nepal_readers])
    client.get(reverse("events:index"))

    organisation_update(
        actor=organiser,
        organisation=nepal_readers,
        data=OrganisationInput(name="Nepal Wikimedians", kind="user_group"),
    )
    html = client.get(reverse("events:index")).content.decode()

    assert _options(html, "organiser") == ["Nepal Wikimedians"]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_event_choice_labels_as_django_writes_them(language):
    from django.db.models import Model
    from django.utils import translation

    from convene.events.models import Event, Format, Kind, Status

    events = [
        Event(kind=kind, format=fmt, status=status)
        for kind, fmt, status in zip(
            [*Kind, "gone"], [*Format, "gone"] * 3, [*Status] * 3, strict=False
        )
    ]
    fields = [Event._meta.get_field(name) for name in ("kind", "format", "status")]

    with translation.override(language):
        ours = [
            (e.get_kind_display(), e.get_format_display(), e.get_status_display()) for e in events
        ]
        django = [tuple(Model._get_FIELD_display(e, field) for field in fields) for e in events]

    assert ours == django


@pytest.mark.parametrize("count", [1, 5])
def test_detail_for_anonymous_reads_no_organisers(
    client, make_event, clock, django_assert_num_queries, count
):
    from tests.events.conftest import make_person

    clock.set(START - dt.timedelta(days=3))
    event = make_event()
    for index in range(count):
        services.comment_add(actor=make_person(f"p{index}"), event=event, body=f"C{index}")

    # the event with its series, the directory's version, then (not cached yet) its
    # hubs, regions (no countries to read here), languages, interpretation languages,
    # organisers; comments; resources: no organisers' ids
    with django_assert_num_queries(9):
        response = client.get(reverse("events:detail", args=[event.pk]))
    # again: its related rows from the cache, and its having no resources (remembered,
    # events/page_reads.py); the comments are read
    with django_assert_num_queries(3):
        again = client.get(reverse("events:detail", args=[event.pk]))

    shown = [page.content.decode().count('class="comment depth-') for page in (response, again)]
    assert shown == [count, count]


def _facts(html: str) -> dict[str, str]:
    """The event page's <dt>/<dd> pairs, tags removed."""
    pairs = re.findall(r"<dt>([^<]*)</dt><dd>(.*?)</dd>", html, re.DOTALL)
    return {term: re.sub(r"<[^>]+>", "", text) for term, text in pairs}


def test_detail_shows_a_changed_event_at_once(client, make_event, organiser, nepal_readers):
    from convene.directory.models import Language, Region

    Language.objects.get_or_create(code="ne", defaults={"name": "Nepali"})
    Language.objects.get_or_create(code="hi", defaults={"name": "Hindi"})
    Region.objects.get_or_create(slug="south-asia", defaults={"name": "South Asia"})
    event = make_event(languages=["ne"])
    url = reverse("events:detail", args=[event.pk])
    before = _facts(client.get(url).content.decode())  # its related rows now cached

    services.event_update(
        actor=organiser,
        event=event,
        languages=["hi", "ne"],
        interpretation_languages=["ne"],
        organisers=[nepal_readers],
        hubs=[nepal_readers],
        regions=list(Region.objects.filter(slug="south-asia")),
    )
    after = _facts(client.get(url).content.decode())

    assert (before.get("Languages"), before.get("Organised by")) == ("Nepali", None)
    assert [after[k] for k in ("Languages", "Interpretation into", "Organised by")] == [
        "Hindi, Nepali",
        "Nepali",
        "Nepal readers",
    ]
    assert [after[k] for k in ("Topics", "For")] == ["Nepal readers", "South Asia"]


def test_detail_shows_a_renamed_organiser_at_once(client, make_event, organiser, nepal_readers):
    event = make_event(organisers=[nepal_readers])
    url = reverse("events:detail", args=[event.pk])
    before = _facts(client.get(url).content.decode())["Organised by"]

    organisation_update(
        actor=organiser,
        organisation=nepal_readers,
        data=OrganisationInput(name="Nepal Wikimedians", kind="user_group"),
    )
    after = _facts(client.get(url).content.decode())["Organised by"]

    assert (before, after) == ("Nepal readers", "Nepal Wikimedians")


def test_index_filter_fields_in_each_reader_language(client, make_event):
    from django.conf import settings
    from django.utils import translation

    make_event()
    labels = []
    for language in ("en", "fr", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(reverse("events:index")).content.decode()
        labels.append(re.search(r'<label for="id_when">([^<]*)</label>', html).group(1))
    with translation.override("fr"):
        french = translation.gettext("When")

    assert labels == ["When", french, "When"]
    assert french != "When"
