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
    # directory's version, part of their key, is read)
    with django_assert_num_queries(11):
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

    # the event with its series, hubs, regions (no countries to read here), languages,
    # interpretation languages, organisers; comments; resources: no organisers' ids
    with django_assert_num_queries(8):
        response = client.get(reverse("events:detail", args=[event.pk]))

    assert response.content.decode().count('class="comment depth-') == count
