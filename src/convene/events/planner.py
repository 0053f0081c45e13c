"""The time-slot planner: the best 1 to 4 edition times on a date for a set of targets.

A target is a region (its countries' zones, each country counting once) or one zone. A
start time "reaches" a zone when the whole session falls between `earliest` and `latest`
local time there, using the zone's real offset on that day. A target's share is the
weight of its zones reached; a time's score is the mean share over the targets. Editions
are chosen greedily: each next one adds the most share not already reached.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from convene.events.timeutil import country_zones

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


@dataclass(frozen=True)
class Slot:
    start: dt.datetime  # UTC
    score: float  # share of all targets this time alone reaches (0..1)
    gain: float  # share it adds over the editions chosen before it
    reached: tuple[str, ...]  # labels of targets reached at least half


@dataclass
class Plan:
    day: dt.date
    targets: list[Target]
    slots: list[Slot] = field(default_factory=list)
    coverage: float = 0.0  # share reached by the chosen editions together

    @property
    def coverage_percent(self) -> int:
        return round(self.coverage * 100)


def region_target(label: str, country_codes: list[str]) -> Target:
    """A region as a target: each country weighs the same, shared among its zones (no
    zones when the region has no countries)."""
    weights: dict[str, float] = {}
    for code in country_codes:
        found = country_zones(code)
        for zone in found:
            weights[zone.key] = weights.get(zone.key, 0) + 1 / len(found) / len(country_codes)
    return Target(
        label=label, zones=tuple((zoneinfo.ZoneInfo(k), w) for k, w in sorted(weights.items()))
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
            free, key=lambda s: (round(gain(s), 9), round(sum(table[s]), 9), -s.timestamp())
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
            )
        )
        best = [max(b, s) for b, s in zip(best, row, strict=True)]
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
        target = region_target(region.short_name or region.name, codes)
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
    """24 UTC hours by targets: each cell the local hour of the target's main zone."""
    hours = [dt.datetime.combine(day, dt.time(h), tzinfo=dt.UTC) for h in range(24)]
    rows = []
    for target in targets:
        zone = max(target.zones, key=lambda zw: zw[1])[0]
        cells = []
        for hour in hours:
            local = hour.astimezone(zone)
            cells.append(
                {"local": local.replace(tzinfo=None), "band": hour_band(local, earliest, latest)}
            )
        rows.append({"label": target.label, "zone": zone, "cells": cells})
    return rows
