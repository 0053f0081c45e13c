# ruff: noqa: DTZ001  (wall-clock times are naive on purpose here)
import datetime as dt
import zoneinfo

import pytest

from convene.events.planner import Target, hour_band, plan

Z = zoneinfo.ZoneInfo
UTC = dt.UTC


def zone_target(name):
    return Target(label=name, zones=((Z(name), 1.0),))


def test_plan_one_edition_for_one_zone_starts_nearest_the_middle_of_the_day():
    result = plan(day=dt.date(2022, 11, 4), targets=[zone_target("Asia/Kathmandu")], editions=1)

    # A one-hour session in 08:00-22:00 is best started near 14:30; starts are on the half
    # hour in UTC, so 08:30 UTC (14:15 in Kathmandu, UTC+05:45).
    assert [s.start for s in result.slots] == [dt.datetime(2022, 11, 4, 8, 30, tzinfo=UTC)]
    assert result.coverage == 1.0


def test_plan_three_zones_around_the_world_reached_by_two_third_adds_nothing():
    targets = [zone_target(n) for n in ("Asia/Tokyo", "Europe/Berlin", "America/New_York")]

    result = plan(day=dt.date(2022, 11, 12), targets=targets, editions=3)

    assert result.coverage == 1.0
    assert sorted(round(s.gain, 3) for s in result.slots) == [0.0, 0.333, 0.667]
    assert len({s.start for s in result.slots}) == 3


def test_plan_uses_the_offsets_of_that_day():
    london = [zone_target("Europe/London")]

    summer = plan(day=dt.date(2024, 7, 1), targets=london, editions=1, earliest=9, latest=10)
    winter = plan(day=dt.date(2024, 1, 15), targets=london, editions=1, earliest=9, latest=10)

    assert summer.slots[0].start == dt.datetime(2024, 7, 1, 8, tzinfo=UTC)
    assert winter.slots[0].start == dt.datetime(2024, 1, 15, 9, tzinfo=UTC)


def test_plan_half_hour_zone_is_reached_with_half_hour_starts():
    result = plan(
        day=dt.date(2024, 1, 15),
        targets=[zone_target("Asia/Kolkata")],
        editions=1,
        earliest=10,
        latest=11,
    )

    assert result.slots[0].start == dt.datetime(2024, 1, 15, 4, 30, tzinfo=UTC)


def test_plan_region_target_shares_by_weight():
    target = Target(label="two", zones=((Z("Asia/Tokyo"), 0.5), (Z("America/New_York"), 0.5)))

    result = plan(day=dt.date(2024, 1, 15), targets=[target], editions=1, earliest=8, latest=10)

    assert result.coverage == 0.5


def test_plan_refuses_more_than_four_editions():
    with pytest.raises(ValueError, match="between 1 and 4"):
        plan(day=dt.date(2024, 1, 1), targets=[zone_target("UTC")], editions=5)


@pytest.mark.parametrize(
    ("hour", "band"),
    [(3, "night"), (7, "edge"), (8, "day"), (21, "day"), (22, "edge"), (23, "night")],
)
def test_hour_band(hour, band):
    assert hour_band(dt.datetime(2024, 1, 1, hour)) == band
