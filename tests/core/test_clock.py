import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convene.core import clock
from convene.core.timezones import parse_zone, utc_offset_label, valid_zone_names


def test_clock_frozen_at_moves_now_and_restores():
    instant = dt.datetime(2022, 11, 4, 9, tzinfo=dt.UTC)

    with clock.frozen_at(instant):
        assert clock.now() == instant
    assert clock.now() != instant


def test_clock_frozen_at_refuses_naive():
    with pytest.raises(ValueError, match="aware"), clock.frozen_at(dt.datetime(2022, 1, 1)):  # noqa: DTZ001
        pass


def test_clock_fixture_advances(clock):
    start = clock.set(dt.datetime(2022, 11, 2, 9, tzinfo=dt.UTC))

    clock.advance(dt.timedelta(hours=48))

    from convene.core.clock import now

    assert now() == start + dt.timedelta(hours=48)


@pytest.mark.parametrize(
    ("zone", "instant", "expected"),
    [
        ("Asia/Kathmandu", dt.datetime(2022, 11, 4, 9, tzinfo=dt.UTC), "UTC+05:45"),
        ("America/St_Johns", dt.datetime(2022, 11, 4, 9, tzinfo=dt.UTC), "UTC\N{MINUS SIGN}02:30"),
        ("America/St_Johns", dt.datetime(2022, 11, 7, 9, tzinfo=dt.UTC), "UTC\N{MINUS SIGN}03:30"),
        ("Australia/Lord_Howe", dt.datetime(2022, 1, 10, tzinfo=dt.UTC), "UTC+11:00"),
        ("Australia/Lord_Howe", dt.datetime(2022, 7, 10, tzinfo=dt.UTC), "UTC+10:30"),
        ("Europe/London", dt.datetime(2022, 3, 27, 0, 59, tzinfo=dt.UTC), "UTC+00:00"),
        ("Europe/London", dt.datetime(2022, 3, 27, 1, 0, tzinfo=dt.UTC), "UTC+01:00"),
    ],
)
def test_utc_offset_label_daylight_saving_edges(zone, instant, expected):
    assert utc_offset_label(parse_zone(zone), instant) == expected


def test_parse_zone_unknown_is_none():
    assert parse_zone("Mars/Olympus_Mons") is None
    assert parse_zone("") is None
    assert parse_zone("../../etc/passwd") is None


@given(
    zone_name=st.sampled_from(sorted(valid_zone_names())),
    instant=st.datetimes(
        min_value=dt.datetime(1970, 1, 1),  # noqa: DTZ001  (hypothesis wants naive bounds)
        max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.just(dt.UTC),
    ),
)
def test_local_time_converts_back_to_the_same_instant(zone_name, instant):
    local = instant.astimezone(parse_zone(zone_name))

    assert local.astimezone(dt.UTC) == instant


def test_parse_zone_old_name_gives_current_name():
    assert parse_zone("Asia/Katmandu").key == "Asia/Kathmandu"
    assert parse_zone("Asia/Calcutta").key == "Asia/Kolkata"
