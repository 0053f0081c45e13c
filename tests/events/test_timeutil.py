# ruff: noqa: DTZ001  (wall-clock times are naive on purpose here)
import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convene.core.formatting import describe_when
from convene.events.timeutil import LocalTimeError, local_to_utc, main_zones

ZONES = sorted(zoneinfo.available_timezones())
Z = zoneinfo.ZoneInfo
UTC = dt.UTC

instants = st.datetimes(
    min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2037, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(zone_name=st.sampled_from(ZONES), instant=instants)
def test_local_time_converts_back_to_the_stored_instant(zone_name, instant):
    zone = Z(zone_name)
    shown = instant.astimezone(zone)

    try:
        back = local_to_utc(shown.replace(tzinfo=None), zone)
    except LocalTimeError as exc:
        # A shown time may be ambiguous (a fold); then the offset says which one it was.
        assert exc.code == "fold"  # noqa: PT017  (only some examples fold)
        back = shown.replace(tzinfo=None).replace(tzinfo=zone, fold=shown.fold).astimezone(UTC)

    assert back == instant


@settings(max_examples=200, deadline=None)
@given(zone_name=st.sampled_from(ZONES), local=st.datetimes(min_value=dt.datetime(1971, 1, 1)))
def test_local_to_utc_either_round_trips_or_refuses(zone_name, local):
    zone = Z(zone_name)
    try:
        instant = local_to_utc(local, zone)
    except LocalTimeError:
        return
    except OverflowError:
        return

    assert instant.astimezone(zone).replace(tzinfo=None) == local


@pytest.mark.parametrize(
    ("zone", "local", "code"),
    [
        ("Europe/London", dt.datetime(2024, 3, 31, 1, 30), "gap"),
        ("Europe/London", dt.datetime(2024, 10, 27, 1, 30), "fold"),
        ("America/St_Johns", dt.datetime(2024, 3, 10, 2, 30), "gap"),
        ("America/St_Johns", dt.datetime(2024, 11, 3, 1, 30), "fold"),
        ("Australia/Lord_Howe", dt.datetime(2024, 10, 6, 2, 15), "gap"),
        ("Australia/Lord_Howe", dt.datetime(2024, 4, 7, 1, 45), "fold"),
        ("Asia/Kathmandu", dt.datetime(1986, 1, 1, 0, 10), "gap"),
    ],
)
def test_local_to_utc_refuses_gap_and_fold(zone, local, code):
    with pytest.raises(LocalTimeError) as caught:
        local_to_utc(local, Z(zone))

    assert caught.value.code == code


@pytest.mark.parametrize(
    ("zone", "local", "expected"),
    [
        ("Europe/London", dt.datetime(2024, 3, 31, 2, 0), dt.datetime(2024, 3, 31, 1, 0)),
        ("Asia/Kathmandu", dt.datetime(2022, 11, 4, 14, 45), dt.datetime(2022, 11, 4, 9, 0)),
        ("America/St_Johns", dt.datetime(2022, 11, 12, 11, 30), dt.datetime(2022, 11, 12, 15)),
        ("Australia/Lord_Howe", dt.datetime(2024, 4, 7, 2, 0), dt.datetime(2024, 4, 6, 15, 30)),
    ],
)
def test_local_to_utc_known_values(zone, local, expected):
    assert local_to_utc(local, Z(zone)) == expected.replace(tzinfo=UTC)


@settings(max_examples=100, deadline=None)
@given(
    zone_name=st.sampled_from(ZONES),
    start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2035, 1, 1)),
    days=st.integers(0, 20),
)
def test_date_range_is_the_same_dates_in_every_zone(zone_name, start, days):
    end = start + dt.timedelta(days=days)

    shown = describe_when(
        starts_at=None, ends_at=None, start_date=start, end_date=end, zone=Z(zone_name)
    )
    in_utc = describe_when(
        starts_at=None, ends_at=None, start_date=start, end_date=end, zone=Z("UTC")
    )

    assert shown == in_utc


def test_describe_when_names_the_zone_and_local_time():
    text = describe_when(
        starts_at=dt.datetime(2022, 11, 4, 9, tzinfo=UTC),
        ends_at=dt.datetime(2022, 11, 4, 10, 30, tzinfo=UTC),
        start_date=None,
        end_date=None,
        zone=Z("Asia/Kathmandu"),
    )

    assert text == (
        "Friday, November 4, 2022, 2:45\u202fPM\u20134:15\u202fPM "
        "(Nepal Time · Asia/Kathmandu · UTC+05:45)"
    )


def test_main_zones_of_nepal_and_india():
    rows = main_zones(["NP", "IN"], at=dt.datetime(2022, 11, 4, 9, tzinfo=UTC))

    assert [(r.zone.key, r.local.strftime("%H:%M")) for r in rows] == [
        ("Asia/Kolkata", "14:30"),
        ("Asia/Kathmandu", "14:45"),
    ]


def test_main_zones_of_north_america_name_familiar_cities():
    rows = main_zones(["US", "CA"], at=dt.datetime(2022, 11, 12, 15, tzinfo=UTC))

    keys = [r.zone.key for r in rows]
    assert {"America/New_York", "America/Halifax", "America/Los_Angeles"} <= set(keys)
    assert [r.local.strftime("%H:%M") for r in rows if r.zone.key == "America/New_York"] == [
        "10:00"
    ]
