import datetime as dt

import pytest
from django.urls import reverse

from convene.directory.models import Country, Language, Region
from convene.events import services
from convene.events.models import Event, RegistrationStatus
from tests.events.conftest import START

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def english():
    return Language.objects.get_or_create(code="en", defaults={"name": "English"})[0]


@pytest.fixture
def south_asia():
    region = Region.objects.create(slug="south-asia", name="South Asia", short_name="SA")
    for code, name in (("NP", "Nepal"), ("IN", "India")):
        region.countries.add(Country.objects.get_or_create(code=code, defaults={"name": name})[0])
    return region


def test_index_lists_upcoming_in_reader_zone(client, make_event, clock):
    clock.set(START - dt.timedelta(days=3))
    make_event(title="Ask Me Anything")

    body = client.get(reverse("events:index") + "?tz=Asia/Kathmandu").content.decode()

    assert (
        '<time datetime="2030-06-10T12:00:00Z" data-event-start data-end="2030-06-10T13:00:00Z">'
        in body
    )
    assert "Monday, June 10, 2030, 5:45\u202fPM\u20136:45\u202fPM" in body
    assert "Asia/Kathmandu" in body


def test_index_unknown_filter_value_is_400(client):
    response = client.get(reverse("events:index") + "?kind=party")

    assert response.status_code == 400


@pytest.mark.parametrize("count", [1, 5])
def test_index_query_count_does_not_grow(  # noqa: PLR0917
    client, make_event, clock, django_assert_num_queries, english, count, reader
):
    clock.set(START - dt.timedelta(days=3))
    for index in range(count):
        make_event(title=f"E{index}", languages=[english])
    client.force_login(reader)

    # session, user, profile, directory version and filter-form choices (4), count, page,
    # 2 prefetches (languages, organisers), viewer registrations, unread notices
    with django_assert_num_queries(15):
        response = client.get(reverse("events:index"))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_month_query_count_does_not_grow(
    client, make_event, clock, django_assert_num_queries, count
):
    clock.set(START - dt.timedelta(days=3))
    for index in range(count):
        make_event(title=f"E{index}", start=START + dt.timedelta(days=index))

    # directory version and filter-form choices (4), and the events
    with django_assert_num_queries(6):
        response = client.get(reverse("events:month", args=[2030, 6]))

    assert response.content.decode().count('class="month-event"') == count


def test_detail_shows_zone_table_for_regions(client, make_event, south_asia):
    event = make_event(regions=[south_asia])

    body = client.get(reverse("events:detail", args=[event.pk]) + "?tz=UTC").content.decode()

    row = '<th scope="row">%s</th><td>Mon, Jun 10, %s\u202fPM\u2013%s\u202fPM</td>'
    assert row % ("Asia/Kolkata", "5:30", "6:30") in body
    assert row % ("Asia/Kathmandu", "5:45", "6:45") in body


def test_detail_hides_link_before_release_and_shows_after(client, make_event, clock):
    event = make_event()
    url = reverse("events:detail", args=[event.pk])

    clock.set(START - dt.timedelta(hours=48, seconds=1))
    before = client.get(url).content.decode()
    clock.set(START - dt.timedelta(hours=47, minutes=59))
    after = client.get(url).content.decode()

    assert ("https://meet.example.org/ama" in before, "https://meet.example.org/ama" in after) == (
        False,
        True,
    )


def test_detail_date_range_shown_as_dates_in_any_zone(client, organiser):
    event = services.event_create(
        actor=organiser,
        title="Hubs Dialogue",
        when=services.When(start_date=dt.date(2022, 2, 21), end_date=dt.date(2022, 3, 4)),
    )
    url = reverse("events:detail", args=[event.pk])

    bodies = [
        client.get(f"{url}?tz={z}").content.decode()
        for z in ("Pacific/Kiritimati", "Pacific/Pago_Pago")
    ]

    for body in bodies:
        assert '<time datetime="2022-02-21">February 21, 2022 \u2013 March 4, 2022</time>' in body


def test_register_and_cancel_through_pages(client, make_event, reader, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event(capacity=1)
    client.force_login(reader)

    client.post(reverse("events:register", args=[event.pk]))
    registered = event.registrations.get().status
    client.post(reverse("events:cancel", args=[event.pk]))

    assert (registered, event.registrations.get().status) == (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CANCELLED,
    )


def test_registrants_csv_for_organiser_only(client, make_event, organiser, reader):
    event = make_event()
    services.registration_register(actor=reader, event=event)
    url = reverse("events:registrants", args=[event.pk]) + "?format=csv"

    client.force_login(reader)
    refused = client.get(url).status_code
    client.force_login(organiser)
    lines = client.get(url).content.decode().splitlines()

    assert refused == 403
    assert lines[0] == "username,name,email,status,registered_at,time_zone"
    assert lines[1].startswith("reader,reader,reader@example.org,confirmed,")


def test_create_event_form_refuses_gap_time(client, organiser):
    client.force_login(organiser)

    response = client.post(
        reverse("events:create"),
        {
            "title": "Spring",
            "kind": "session",
            "timezone": "Europe/London",
            "starts_at_local": "2030-03-31T01:30",
            "ends_at_local": "2030-03-31T03:00",
            "format": "online",
            "link_lead_hours": "48",
            "link_audience": "everyone",
            "reminders": "48, 1",
        },
    )

    assert response.status_code == 400
    assert "2030-03-31 01:30 does not exist in Europe/London" in response.content.decode()
    assert Event.objects.count() == 0


def test_create_event_form_refuses_fold_time(client, organiser):
    client.force_login(organiser)

    response = client.post(
        reverse("events:create"),
        {
            "title": "Autumn",
            "kind": "session",
            "timezone": "America/St_Johns",
            "starts_at_local": "2030-11-03T01:30",
            "ends_at_local": "2030-11-03T03:00",
            "format": "online",
            "link_lead_hours": "48",
            "link_audience": "everyone",
        },
    )

    assert "2030-11-03 01:30 happens twice in America/St_Johns" in response.content.decode()


def test_create_event_form_stores_utc(client, organiser):
    client.force_login(organiser)

    response = client.post(reverse("events:create"), _event_post(reminders="48, 1"))

    event = Event.objects.get()
    assert response.status_code == 302
    assert (event.starts_at, event.timezone, event.reminder_offsets) == (
        dt.datetime(2030, 11, 4, 9, tzinfo=UTC),
        "Asia/Kathmandu",
        [2880, 60],
    )


def _event_post(**extra):
    return {
        "title": "AMA",
        "kind": "ama",
        "timezone": "Asia/Kathmandu",
        "starts_at_local": "2030-11-04T14:45",
        "ends_at_local": "2030-11-04T16:15",
        "format": "online",
        "link_lead_hours": "48",
        "link_audience": "registered",
        "reminders": "48",
        **extra,
    }


def test_event_form_languages_are_picked_by_name(client, organiser, english):
    """Languages are typed by name or code (a picker, not a list of hundreds of options);
    the edit form shows the names back."""
    Language.objects.get_or_create(code="bn", defaults={"name": "Bangla"})
    client.force_login(organiser)
    page = client.get(reverse("events:create")).content.decode()
    assert "people/picker.js" in page
    assert '<select name="languages"' not in page

    response = client.post(
        reverse("events:create"),
        _event_post(languages="Bangla; en", interpretation_languages="English"),
    )

    event = Event.objects.get()
    assert response.status_code == 302
    assert sorted(lang.code for lang in event.languages.all()) == ["bn", "en"]
    assert [lang.code for lang in event.interpretation_languages.all()] == ["en"]
    edit = client.get(reverse("events:edit", args=[event.pk])).content.decode()
    assert "Bangla (bn)" in edit


def test_event_form_unknown_language_is_a_field_error(client, organiser):
    client.force_login(organiser)

    response = client.post(reverse("events:create"), _event_post(languages="Klingonish"))

    assert response.status_code == 400
    assert "Klingonish" in response.content.decode()
    assert not Event.objects.exists()


def test_create_event_refused_to_plain_person(client, reader):
    client.force_login(reader)

    assert client.get(reverse("events:create")).status_code == 403


def test_series_page_shows_editions_side_by_side(client, organiser):
    series = services.series_create(actor=organiser, title="AMA about the Charter")
    services.series_add_editions(
        actor=organiser,
        series=series,
        starts=[dt.datetime(2022, 11, 4, 9, tzinfo=UTC), dt.datetime(2022, 11, 12, 15, tzinfo=UTC)],
        length=dt.timedelta(minutes=90),
        labels=["Asia-Pacific", "Americas"],
    )

    body = client.get(
        reverse("events:series", args=[series.pk]) + "?tz=America/Sao_Paulo"
    ).content.decode()

    assert body.index("Asia-Pacific") < body.index("Americas")
    assert "Friday, November 4, 2022, 6:00\u202fAM\u20137:30\u202fAM" in body
    assert "Saturday, November 12, 2022, 12:00\u202fPM\u20131:30\u202fPM" in body


def test_planner_page_creates_editions(client, organiser):
    series = services.series_create(actor=organiser, title="AMA")
    client.force_login(organiser)
    url = reverse("events:planner", args=[series.pk])

    page = client.get(
        url,
        {
            "day": "2030-11-12",
            "zones": "Asia/Tokyo, Europe/Berlin, America/New_York",
            "editions": 3,
            "length_minutes": 60,
            "earliest": 8,
            "latest": 22,
        },
    )
    starts = [s.start.isoformat() for s in page.context["result"].slots]
    client.post(url, {"start": starts, "label": ["A", "B", "C"], "length_minutes": "60"})

    assert page.status_code == 200
    assert 'class="planner-grid"' in page.content.decode()
    labels = series.editions.order_by("sort_start").values_list("edition_label", flat=True)
    assert list(labels) == ["A", "B", "C"]


def test_comments_threaded_and_hidden_by_moderator(client, make_event, organiser, reader):
    event = make_event()
    client.force_login(reader)
    client.post(reverse("events:comment", args=[event.pk]), {"body": "Looking forward!"})
    parent = event.comments.get()
    client.post(reverse("events:comment", args=[event.pk]), {"body": "Me too", "parent": parent.pk})
    refused = client.post(
        reverse("events:comment_moderate", args=[event.pk, parent.pk]), {"action": "hide"}
    )
    client.force_login(organiser)
    client.post(reverse("events:comment_moderate", args=[event.pk, parent.pk]), {"action": "hide"})
    client.logout()

    body = client.get(reverse("events:detail", args=[event.pk])).content.decode()

    assert refused.status_code == 403
    assert ("Looking forward!" in body, "Me too" in body) == (False, True)


def test_notices_page_lists_release_notice(client, make_event, reader, clock):
    clock.set(START - dt.timedelta(days=3))
    event = make_event()
    services.registration_register(actor=reader, event=event)
    clock.set(START - dt.timedelta(hours=47))
    services.links_release_due()
    client.force_login(reader)

    body = client.get(reverse("people:notices")).content.decode()

    assert "Call link: Ask Me Anything" in body
    assert '<span class="tag warn">1<span class="visually-hidden"> unread</span></span>' in body


def test_pages_have_no_inline_script_or_style(client, make_event):
    event = make_event()

    for url in (
        reverse("events:index"),
        reverse("events:detail", args=[event.pk]),
        reverse("events:month"),
    ):
        body = client.get(url).content.decode()
        assert " style=" not in body
        assert body.count("<script") == body.count("<script src=")


def test_edit_page_round_trips_local_times(client, make_event, organiser):
    event = make_event(timezone_name="Asia/Kathmandu")
    client.force_login(organiser)
    url = reverse("events:edit", args=[event.pk])

    form = client.get(url).context["form"]
    data = {
        **{k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)},
        "starts_at_local": "2030-06-10T18:00",
        "ends_at_local": "2030-06-10T19:00",
        "all_day": "",
    }
    response = client.post(url, data)

    event.refresh_from_db()
    assert response.status_code == 302
    assert (event.starts_at, event.sequence) == (dt.datetime(2030, 6, 10, 12, 15, tzinfo=UTC), 1)


def test_edit_page_refused_to_others(client, make_event, reader):
    event = make_event()
    client.force_login(reader)

    assert client.get(reverse("events:edit", args=[event.pk])).status_code == 403


def test_status_page_cancels_with_reason(client, make_event, organiser):
    event = make_event()
    client.force_login(organiser)

    client.post(
        reverse("events:status", args=[event.pk]), {"status": "cancelled", "reason": "Ill."}
    )

    event.refresh_from_db()
    assert (event.status, event.status_reason) == ("cancelled", "Ill.")


def test_reported_comment_count_shown_to_moderators(client, make_event, organiser, reader):
    event = make_event()
    comment = services.comment_add(actor=reader, event=event, body="Hello")
    services.comment_report(actor=organiser, comment=comment)
    client.force_login(organiser)

    body = client.get(reverse("events:detail", args=[event.pk])).content.decode()

    assert '<span class="tag warn">reported once</span>' in body


def test_my_events_page_resets_feed_token(client, reader):
    client.force_login(reader)
    old = services.person_settings(reader).feed_token

    client.post(reverse("events:mine"), {"action": "reset-feed"})

    assert services.person_settings(reader).feed_token != old


@pytest.mark.parametrize("count", [1, 5])
def test_detail_query_count_does_not_grow_with_comments_or_registrants(  # noqa: PLR0917
    client, make_event, reader, clock, django_assert_num_queries, count
):
    from tests.events.conftest import make_person

    clock.set(START - dt.timedelta(days=3))
    event = make_event()
    for index in range(count):
        person = make_person(f"p{index}")
        services.registration_register(actor=person, event=event)
        services.comment_add(actor=person, event=event, body=f"Comment {index}")
        services.resource_add(
            actor=event.created_by,
            event=event,
            kind="report",
            title=f"Report {index}",
            url="https://meta.wikimedia.org/wiki/Hubs",
        )
    client.force_login(reader)

    # ... the directory's version (the key of the event's related rows, cached), and the
    # resources with their languages (2)
    with django_assert_num_queries(16):
        response = client.get(reverse("events:detail", args=[event.pk]))
    # again: the event's languages, organisers, topics and regions from the cache
    with django_assert_num_queries(11):
        again = client.get(reverse("events:detail", args=[event.pk]))

    shown = [page.content.decode().count('class="comment ') for page in (response, again)]
    assert shown == [count, count]


@pytest.mark.parametrize("count", [1, 5])
def test_series_query_count_does_not_grow(client, organiser, django_assert_num_queries, count):
    series = services.series_create(actor=organiser, title="AMA")
    services.series_add_editions(
        actor=organiser,
        series=series,
        starts=[START + dt.timedelta(days=i) for i in range(count)],
        length=dt.timedelta(hours=1),
    )
    for index in range(count):
        services.resource_add(
            actor=organiser,
            series=series,
            kind="slides",
            title=f"Slides {index}",
            url="https://meta.wikimedia.org/wiki/Hubs",
        )

    # ... and the resources with their languages (2)
    with django_assert_num_queries(9):
        response = client.get(reverse("events:series", args=[series.pk]))

    assert response.content.decode().count('<li class="card">') == count


def test_create_event_with_co_organiser_who_then_may_edit(client, organiser):
    from convene.events.queries import is_organiser
    from tests.events.conftest import make_person

    helper = make_person("helper")
    client.force_login(organiser)
    data = {
        "title": "AMA",
        "kind": "ama",
        "timezone": "UTC",
        "starts_at_local": "2030-11-04T09:00",
        "ends_at_local": "2030-11-04T10:00",
        "format": "online",
        "link_lead_hours": "48",
        "link_audience": "everyone",
        "co_organisers": "helper",
    }

    client.post(reverse("events:create"), data)
    refused = client.post(reverse("events:create"), {**data, "co_organisers": "nobody"})

    event = Event.objects.get()
    assert (is_organiser(helper, event), is_organiser(organiser, event)) == (
        True,
        True,
    )
    assert "No such people: nobody" in refused.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_notices_and_mine_query_counts_do_not_grow(  # noqa: PLR0917
    client, make_event, reader, clock, django_assert_num_queries, count
):
    clock.set(START - dt.timedelta(days=5))
    for index in range(count):
        event = make_event(title=f"E{index}")
        services.registration_register(actor=reader, event=event)
    clock.set(START - dt.timedelta(hours=47))
    services.links_release_due()
    client.force_login(reader)

    with django_assert_num_queries(5):
        notices = client.get(reverse("people:notices"))
    with django_assert_num_queries(9):
        mine = client.get(reverse("events:mine"))

    assert notices.content.decode().count('<li class="card unread">') == count
    assert mine.content.decode().count('class="tag">registered</span>') == count


@pytest.mark.parametrize("count", [1, 5])
def test_registrants_query_count_does_not_grow(  # noqa: PLR0917
    client, make_event, organiser, clock, django_assert_num_queries, count
):
    from tests.events.conftest import make_person

    clock.set(START - dt.timedelta(days=5))
    event = make_event()
    for index in range(count):
        services.registration_register(actor=make_person(f"r{index}"), event=event)
    client.force_login(organiser)

    # + the unread notices count in the header
    with django_assert_num_queries(6):
        response = client.get(reverse("events:registrants", args=[event.pk]))

    assert response.content.decode().count("<td>registered</td>") == count


def test_month_busy_day_shows_six_and_more(client, make_event, clock):
    clock.set(START - dt.timedelta(days=3))
    for index in range(8):
        make_event(title=f"E{index}", start=START + dt.timedelta(minutes=index))

    body = client.get(reverse("events:month", args=[2030, 6]) + "?tz=UTC").content.decode()

    assert (body.count('class="month-event"'), "and 2 more" in body) == (6, True)


def test_month_weekday_names_in_reader_language(client):
    client.cookies["convene_language"] = "fr"

    body = client.get(reverse("events:month", args=[2030, 6])).content.decode()

    assert '<th scope="col">lun.</th>' in body


@pytest.mark.parametrize("count", [1, 5])
def test_home_lists_upcoming_events_in_constant_queries(
    client, make_event, clock, django_assert_num_queries, count
):
    clock.set(START - dt.timedelta(days=3))
    for index in range(count):
        make_event(title=f"Upcoming {index}", start=START + dt.timedelta(days=index))

    # the directory's version, events, then the languages and organisers prefetches (the
    # cards are cached after); the ids of recent sessions with notes (none here)
    with django_assert_num_queries(5):
        response = client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="card event-card"') == count
    assert "Upcoming 0" in body


def test_home_without_events_says_so(client):
    body = client.get("/").content.decode()

    assert "No sessions are scheduled yet." in body


def test_header_counts_unread_notices_on_every_page(client, reader):
    from convene.core.clock import now
    from convene.people.models import Notice

    for subject in ("Call link: AMA", "Reminder: AMA"):
        Notice.objects.create(recipient=reader, subject=subject, text="…", created_at=now())
    client.force_login(reader)

    body = client.get("/directory/").content.decode()

    assert '<a href="/people/me/notices/">Notices <span class="tag warn">2<span' in body
    assert '<a href="/events/mine/">My events</a>' in body


def test_header_has_no_notices_link_for_signed_out_readers(client):
    body = client.get("/directory/").content.decode()

    assert "/people/me/notices/" not in body


def test_planner_editions_carry_their_regions_and_inherit_the_series(client, organiser, english):
    from convene.directory.models import Organisation

    committee = Organisation.objects.create(slug="mcdc", name="MCDC", kind="committee")
    chinese = Language.objects.create(code="zh", name="Chinese")
    regions = {}
    for slug, codes in (("north-america", ("US", "CA")), ("south-asia", ("IN", "NP", "BD"))):
        regions[slug] = Region.objects.create(slug=slug, name=slug)
        for code in codes:
            regions[slug].countries.add(Country.objects.get_or_create(code=code)[0])
    series = services.series_create(
        actor=organiser,
        title="AMA",
        description="About the charter",
        organisers=[committee],
        languages=[english],
        interpretation_languages=[chinese],
        link_lead=dt.timedelta(hours=24),
        link_audience="registered",
    )
    client.force_login(organiser)
    url = reverse("events:planner", args=[series.pk])
    page = client.get(
        url,
        {
            "day": "2030-11-12",
            "regions": ["north-america", "south-asia"],
            "editions": 2,
            "length_minutes": 60,
            "earliest": 8,
            "latest": 22,
        },
    )
    form = {"start": [], "label": [], "length_minutes": "60"}
    for index, row in enumerate(page.context["slots"], start=1):
        form["start"].append(row["slot"].start.isoformat())
        form["label"].append(row["edition_label"])
        form[f"region-{index}"] = row["regions"]

    client.post(url, form)

    editions = series.editions.order_by("sort_start")
    assert [(e.edition_label, [r.slug for r in e.regions.all()]) for e in editions] == [
        ("south-asia", ["south-asia"]),
        ("north-america", ["north-america"]),
    ]
    first = editions[0]
    assert (
        [o.slug for o in first.organisers.all()],
        [lang.code for lang in first.languages.all()],
        [lang.code for lang in first.interpretation_languages.all()],
        first.link_lead,
        first.link_audience,
        first.description,
        list(first.organisers_people.all()),
    ) == (
        ["mcdc"],
        ["en"],
        ["zh"],
        dt.timedelta(hours=24),
        "registered",
        "About the charter",
        [organiser],
    )
    body = page.content.decode()
    assert 'data-zone="America/Los_Angeles"' in body
    assert "not reached" in body
