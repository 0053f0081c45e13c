"""Time arithmetic for events: local wall-clock times, zone tables, date ranges."""

import datetime as dt
import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from babel.core import get_global

from convene.core.timezones import parse_zone

UTC = dt.UTC


class LocalTimeError(ValueError):
    """A wall-clock time that names no instant (`code` "gap") or two (`code` "fold")."""

    def __init__(self, code: str, local: dt.datetime, zone: zoneinfo.ZoneInfo) -> None:
        super().__init__(f"{local.isoformat()} in {zone.key}: {code}")
        self.code = code
        self.local = local
        self.zone = zone


def local_to_utc(local: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The one instant that the naive wall-clock time `local` names in `zone`.

    Raises LocalTimeError "gap" when the clocks skip that time (spring forward) and
    "fold" when it happens twice (fall back).
    """
    if local.tzinfo is not None:
        raise ValueError("local_to_utc takes a naive wall-clock time")
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        raise LocalTimeError("gap" if back != local else "fold", local, zone)
    return first.astimezone(UTC)


def utc_to_local(instant: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    if instant.tzinfo is None:
        raise ValueError("utc_to_local takes an aware instant")
    return instant.astimezone(zone)


@functools.cache
def _territory_zones() -> dict[str, tuple[str, ...]]:
    return {code: tuple(names) for code, names in get_global("territory_zones").items()}


def country_zones(code: str) -> list[zoneinfo.ZoneInfo]:
    """The IANA zones CLDR lists for country `code` (ISO 3166 alpha-2)."""
    out = []
    for name in _territory_zones().get(code.upper(), ()):
        zone = parse_zone(name)
        if zone is not None:
            out.append(zone)
    return out


@functools.cache
def _golden_zones() -> frozenset[str]:
    """The zone CLDR names as the main one of each Windows zone (Asia/Tokyo, Asia/Bangkok,
    Australia/Sydney, ...): good names for a row that stands for many places."""
    names = set()
    for name in get_global("windows_zone_mapping").values():
        zone = parse_zone(name)
        if zone is not None:
            names.add(zone.key)
    return frozenset(names)


def country_main_zones(code: str) -> list[zoneinfo.ZoneInfo]:
    """A country's main zones: those CLDR names as the main zone of a Windows zone (the
    United States: New York, Chicago, Denver, Phoenix, Los Angeles, ...), or all of its
    zones when none is (small countries have one)."""
    zones = country_zones(code)
    golden = _golden_zones()
    return [z for z in zones if z.key in golden] or zones


@dataclass(frozen=True)
class ZoneRow:
    zone: zoneinfo.ZoneInfo
    local: dt.datetime
    weight: float  # how many of the targeted countries live at this offset


def main_zones(country_codes: Iterable[str], *, at: dt.datetime, limit: int = 12) -> list[ZoneRow]:
    """The main zones of a set of countries at instant `at`: countries are grouped by their
    UTC offset then (each country's zones share its weight of 1), and the `limit` heaviest
    offsets are named by a zone of a country that has a single zone when one exists."""
    weight: dict[dt.timedelta, float] = defaultdict(float)
    by_zone: dict[dt.timedelta, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for code in sorted(set(country_codes)):
        zones = country_main_zones(code)
        for zone in zones:
            offset = at.astimezone(zone).utcoffset() or dt.timedelta(0)
            weight[offset] += 1 / len(zones)
            by_zone[offset][zone.key] += 1 / len(zones)
    golden = _golden_zones()
    label = {
        offset: min(
            zones,
            key=lambda key, zones=zones: (  # type: ignore[misc]
                key not in golden,
                -round(zones[key], 6),
                key.count("/"),
                key,
            ),
        )
        for offset, zones in by_zone.items()
    }
    heaviest = sorted(weight, key=lambda off: (-weight[off], off))[:limit]
    rows = [
        ZoneRow(
            zone=zoneinfo.ZoneInfo(label[off]),
            local=at.astimezone(zoneinfo.ZoneInfo(label[off])),
            weight=weight[off],
        )
        for off in heaviest
    ]
    rows.sort(key=lambda row: row.local.utcoffset() or dt.timedelta(0))
    return rows
