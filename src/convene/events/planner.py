"""The time-slot planner: the best 1 to 4 edition times on a date for a set of targets.

A target is a region or one zone. A region's zones weigh by the people living in them
(`population.zone_weights`: each country's population, shared among its zones), so that
North America is stood for by New York, Chicago and Los Angeles, not by its smallest
places. A start time "reaches" a zone when the whole session falls between `earliest`
and `latest` local time there, using the zone's real offset on that day. A target's
share is the weight of its zones reached; a time's score is the mean share over the
targets. Editions are chosen greedily: each next one adds the most share not already
reached.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from convene.events.population import place_name, zone_weights

if TYPE_CHECKING:  # the planning itself needs no database; only the page's grid reads regions
    from convene.directory.models import Region

STEP = dt.timedelta(minutes=30)
# Days whose 48 start times, in any zone and with a session of up to a day, stay within
# the years 1 to 9999 that datetime can hold.
FIRST_DAY = dt.date(1, 1, 2)
LAST_DAY = dt.date(9999, 12, 30)


@dataclass(frozen=True)
class Target:
    label: str
    zones: tuple[tuple[zoneinfo.ZoneInfo, float], ...]  # (zone, weight); weights sum to 1
    key: str = ""  # the region's slug, for a region

    def main_places(self, limit: int = 4) -> list[zoneinfo.ZoneInfo]:
        """The zones where most of the target's people live, heaviest first: those
        holding at least 5 % (at least one), at most `limit`."""
        ranked = sorted(self.zones, key=lambda zw: (-zw[1], zw[0].key))
        heavy = [zone for zone, weight in ranked if weight >= 0.05]
        return (heavy or [ranked[0][0]])[:limit] if ranked else []


@dataclass(frozen=True)
class Slot:
    start: dt.datetime  # UTC
    score: float  # share of all targets this time alone reaches (0..1)
    gain: float  # share it adds over the editions chosen before it
    reached: tuple[str, ...]  # labels of targets reached at least half
    shares: tuple[float, ...] = ()  # per target, the share this time reaches
    serves: tuple[int, ...] = ()  # indexes of the targets this edition is for


@dataclass
class Plan:
    day: dt.date
    targets: list[Target]
    slots: list[Slot] = field(default_factory=list)
    coverage: float = 0.0  # share reached by the chosen editions together

    @property
    def coverage_percent(self) -> int:
        return round(self.coverage * 100)


def region_target(label: str, country_codes: list[str], key: str = "") -> Target:
    """A region as a target: its zones weighed by the people living in them (no zones when
    the region has no countries or no people)."""
    weights = zone_weights(country_codes)
    return Target(
        label=label,
        zones=tuple((zoneinfo.ZoneInfo(k), w) for k, w in sorted(weights.items())),
        key=key,
    )


def _fits(
    start: dt.datetime, zone: zoneinfo.ZoneInfo, length: dt.timedelta, earliest: int, latest: int
) -> bool:
    begin = start.astimezone(zone)
    end = (start + length).astimezone(zone)
    lo = dt.time(earliest)
    if begin.time() < lo:
        return False
    # The session must end the same local day, no later than `latest` o'clock.
    if end.date() != begin.date():
        return latest >= 24 and end.time() == dt.time(0)
    return end.time() <= (dt.time(latest) if latest < 24 else dt.time(23, 59, 59))


def _local_hours(start: dt.datetime, zone: zoneinfo.ZoneInfo) -> float:
    local = start.astimezone(zone)
    return local.hour + local.minute / 60


def candidate_starts(day: dt.date) -> list[dt.datetime]:
    first = dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)
    return [first + STEP * i for i in range(48)]


def shares(
    start: dt.datetime,
    targets: list[Target],
    *,
    length: dt.timedelta,
    earliest: int,
    latest: int,
) -> list[float]:
    return [
        sum(w for zone, w in target.zones if _fits(start, zone, length, earliest, latest))
        for target in targets
    ]


def plan(
    *,
    day: dt.date,
    targets: list[Target],
    editions: int = 3,
    length: dt.timedelta = dt.timedelta(hours=1),
    earliest: int = 8,
    latest: int = 22,
) -> Plan:
    """Up to `editions` (1 to 4) start times on `day` (UTC) that together reach the most."""
    if not 1 <= editions <= 4:
        raise ValueError("editions must be between 1 and 4")
    if not 0 <= earliest < latest <= 24:
        raise ValueError("reasonable hours must run from earliest to latest")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"the day must be between {FIRST_DAY} and {LAST_DAY}")
    result = Plan(day=day, targets=targets)
    if not targets:
        return result
    table = {
        start: shares(start, targets, length=length, earliest=earliest, latest=latest)
        for start in candidate_starts(day)
    }
    # Among times reaching as many, prefer those nearest the middle of the day where
    # people are (the mean distance, weighed by people, of the local start from it).
    middle = (earliest + latest - length.total_seconds() / 3600) / 2
    comfort = {
        start: sum(
            weight * abs(_local_hours(start, zone) - middle)
            for target in targets
            for zone, weight in target.zones
        )
        for start in table
    }
    best = [0.0] * len(targets)
    chosen: list[dt.datetime] = []
    for _ in range(editions):
        # Editions are distinct times, not overlapping one already chosen; once everyone
        # is reached, further editions go to the times that reach the most on their own.
        free = [s for s in table if all(abs(s - c) >= length for c in chosen)]
        if not free:
            break

        def gain(start: dt.datetime, best: list[float] = best) -> float:
            return sum(max(0.0, s - b) for s, b in zip(table[start], best, strict=True))

        start = max(
            free,
            key=lambda s: (
                round(gain(s), 9),
                round(sum(table[s]), 9),
                -round(comfort[s], 6),
                -s.timestamp(),
            ),
        )
        added = gain(start)
        chosen.append(start)
        row = table[start]
        result.slots.append(
            Slot(
                start=start,
                score=sum(row) / len(targets),
                gain=added / len(targets),
                reached=tuple(t.label for t, s in zip(targets, row, strict=True) if s >= 0.5),
                shares=tuple(row),
            )
        )
        best = [max(b, s) for b, s in zip(best, row, strict=True)]
    # Each target is served by the edition(s) reaching the most of it.
    result.slots = [
        replace(
            slot,
            serves=tuple(
                i for i, share in enumerate(slot.shares) if share > 0 and share >= best[i] - 1e-9
            ),
        )
        for slot in result.slots
    ]
    result.slots.sort(key=lambda slot: slot.start)
    result.coverage = sum(best) / len(targets)
    return result


def hour_band(local: dt.datetime, earliest: int = 8, latest: int = 22) -> str:
    """'day' inside reasonable hours, 'edge' within an hour of them, else 'night'."""
    hour = local.hour + local.minute / 60
    if earliest <= hour < latest:
        return "day"
    if earliest - 1 <= hour < earliest or latest <= hour < latest + 1:
        return "edge"
    return "night"


# The planner page's grid -----------------------------------------------------------------


def targets_for(regions: Iterable["Region"], zones: Iterable[str]) -> list[Target]:
    """Targets for the planner: each region with main zones (countries prefetched), then
    each named zone."""
    targets = []
    for region in regions:
        codes = [country.code for country in region.countries.all()]
        target = region_target(region.short_name or region.name, codes, key=region.slug)
        if target.zones:
            targets.append(target)
    targets.extend(Target(label=name, zones=((zoneinfo.ZoneInfo(name), 1.0),)) for name in zones)
    return targets


def short_label(label: str) -> str:
    """'America/Sao_Paulo' → 'Sao Paulo'; region names stay as they are."""
    return label.rsplit("/", 1)[-1].replace("_", " ")


def grid_rows(
    targets: list[Target], day: dt.date, earliest: int, latest: int
) -> list[dict[str, Any]]:
    """24 UTC hours by the main places of each target (where most of its people live):
    each cell the local hour there."""
    hours = [dt.datetime.combine(day, dt.time(h), tzinfo=dt.UTC) for h in range(24)]
    rows = []
    for target in targets:
        weights = {zone.key: weight for zone, weight in target.zones}
        for zone in target.main_places():
            cells = []
            for hour in hours:
                local = hour.astimezone(zone)
                cells.append(
                    {
                        "local": local.replace(tzinfo=None),
                        "band": hour_band(local, earliest, latest),
                    }
                )
            rows.append(
                {
                    "label": target.label,
                    "zone": zone,
                    "percent": round(weights[zone.key] * 100),
                    "cells": cells,
                }
            )
    return rows


def reach_rows(
    slot: Slot,
    targets: list[Target],
    *,
    length: dt.timedelta,
    earliest: int,
    latest: int,
    language: str = "en",
) -> list[dict[str, Any]]:
    """Who one edition reaches: per target its share, and its main places with the local
    start there and whether that place is reached."""
    rows = []
    for index, (target, share) in enumerate(zip(targets, slot.shares, strict=True)):
        places = []
        for zone in target.main_places():
            local = slot.start.astimezone(zone)
            places.append(
                {
                    "name": place_name(zone, language),
                    "zone": zone.key,
                    "local": local.replace(tzinfo=None),
                    "reached": _fits(slot.start, zone, length, earliest, latest),
                }
            )
        rows.append(
            {
                "label": target.label,
                "percent": round(share * 100),
                "serves": index in slot.serves,
                "places": places,
            }
        )
    return rows
