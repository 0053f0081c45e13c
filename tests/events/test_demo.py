import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from convene.events.models import Event, Series

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def test_demo_loads_the_seed_series_and_hubs_events(clock):
    clock.set(dt.datetime(2030, 1, 15, 10, tzinfo=UTC))

    call_command("demo", stdout=StringIO())

    ama = Series.objects.get(title="Ask Me Anything about Movement Charter")
    editions = [
        (e.edition_label, e.starts_at) for e in ama.editions.order_by("sort_start", "edition_label")
    ]
    assert editions == [
        ("Asia-Pacific", dt.datetime(2022, 11, 4, 9, tzinfo=UTC)),
        ("Americas and Western Europe", dt.datetime(2022, 11, 12, 15, tzinfo=UTC)),
        ("MENA, Sub-Saharan Africa and Europe", dt.datetime(2022, 11, 12, 15, tzinfo=UTC)),
    ]
    dialogue = Event.objects.get(title="Hubs Dialogue")
    assert (dialogue.start_date, dialogue.end_date) == (dt.date(2022, 2, 21), dt.date(2022, 3, 4))


def test_demo_upcoming_editions_one_link_shown_one_not(clock):
    from django.contrib.auth.models import AnonymousUser

    from convene.events.queries import visible_link

    clock.set(dt.datetime(2030, 1, 15, 10, tzinfo=UTC))
    call_command("demo", stdout=StringIO())

    regional = Event.objects.filter(title="Regional conversation: Movement Charter")
    shown = {
        e.edition_label: visible_link(event=e, viewer=AnonymousUser()) is not None for e in regional
    }
    assert shown == {"Asia-Pacific": True, "Americas": False}


def test_demo_run_later_moves_stale_sessions_forward(clock):
    clock.set(dt.datetime(2030, 1, 15, 10, tzinfo=UTC))
    call_command("demo", stdout=StringIO())
    clock.set(dt.datetime(2030, 3, 1, 10, tzinfo=UTC))

    call_command("demo", stdout=StringIO())

    upcoming = Event.objects.filter(
        title="Regional conversation: Movement Charter",
        sort_start__gt=dt.datetime(2030, 3, 1, tzinfo=UTC),
    ).count()
    assert upcoming == 2
