"""The planner's population weights (data/population.json, UN World Population Prospects
2022 and national censuses: see its "source") and the advice they give for whole regions."""

import datetime as dt
import json
from importlib import resources

import pytest
from babel.core import get_global

from convene.events import population
from convene.events.planner import plan, region_target

UTC = dt.UTC


def region_countries(slug):
    text = resources.files("convene.directory").joinpath("data/regions.json").read_text("utf-8")
    return next(r["countries"] for r in json.loads(text)["regions"] if r["slug"] == slug)


def test_population_source_names_the_un_and_the_censuses():
    assert "World Population Prospects 2022" in population.source()
    assert "US Census 2020" in population.source()


def test_population_covers_every_country_of_every_region():
    text = resources.files("convene.directory").joinpath("data/regions.json").read_text("utf-8")
    codes = {c for region in json.loads(text)["regions"] for c in region["countries"]}

    missing = sorted(c for c in codes if c not in population._data()["countries"])

    assert missing == []


def test_population_zone_shares_name_only_the_country_own_zones():
    zones = get_global("territory_zones")

    strays = {
        code: sorted(set(shares) - set(zones[code]))
        for code, shares in population._data()["zones"].items()
        if set(shares) - set(zones[code])
    }

    assert strays == {}


def test_country_population_in_thousands():
    assert (population.country_population("IN"), population.country_population("pm")) == (
        1417173,
        6,
    )


def test_country_zone_shares_sum_to_one_for_the_united_states():
    shares = population.country_zone_shares("US")

    assert round(sum(shares.values()), 9) == 1
    assert max(shares, key=shares.get) == "America/New_York"
    assert round(shares["America/Los_Angeles"], 2) == 0.16


def test_country_zone_shares_without_data_split_main_zones_evenly():
    assert population.country_zone_shares("NP") == {"Asia/Kathmandu": 1.0}


def test_zone_weights_north_america_is_its_big_zones_not_miquelon():
    weights = population.zone_weights(region_countries("north-america"))

    heaviest = sorted(weights, key=weights.get, reverse=True)[:4]
    assert heaviest == [
        "America/New_York",
        "America/Chicago",
        "America/Los_Angeles",
        "America/Toronto",
    ]
    assert weights["America/Miquelon"] < 0.0001
    assert round(sum(weights.values()), 9) == 1


def test_zone_weights_south_asia_is_mostly_india():
    weights = population.zone_weights(region_countries("south-asia"))

    assert round(weights["Asia/Kolkata"], 2) == 0.74


def test_zone_weights_of_nobody_are_empty():
    assert population.zone_weights(["BV", "HM"]) == {}


def test_place_name_in_the_reader_language():
    import zoneinfo

    zone = zoneinfo.ZoneInfo("America/Mexico_City")

    assert (population.place_name(zone, "en"), population.place_name(zone, "ja")) == (
        "Mexico City",
        "メキシコシティー",
    )


def zones_holding_most(target, most=0.8):
    """The heaviest zones that together hold `most` of the target's people."""
    out, held = [], 0.0
    for zone, weight in sorted(target.zones, key=lambda zw: -zw[1]):
        if held >= most:
            break
        out.append(zone)
        held += weight
    return out


@pytest.mark.parametrize("slug", ["north-america", "lac", "south-asia"])
@pytest.mark.parametrize("day", [dt.date(2022, 11, 12), dt.date(2030, 7, 1)])
def test_plan_best_single_time_is_daytime_where_most_of_the_region_lives(slug, day):
    target = region_target(slug, region_countries(slug))

    best = plan(day=day, targets=[target], editions=1, length=dt.timedelta(minutes=90))

    start = best.slots[0].start
    local = {zone.key: start.astimezone(zone).time() for zone in zones_holding_most(target)}
    late = {key: t for key, t in local.items() if not dt.time(8) <= t <= dt.time(21)}
    assert late == {}
    assert best.coverage >= 0.8


def test_country_zone_shares_keep_the_country_own_city_names():
    assert (population.country_zone_shares("GH"), sorted(population.country_zone_shares("CD"))) == (
        {"Africa/Accra": 1.0},
        ["Africa/Kinshasa", "Africa/Lubumbashi"],
    )
