"""Time zones: which names are valid, and how to label them in the reader's language."""

import datetime as dt
import functools
import zoneinfo
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location

from convene.core.clock import now

UTC = zoneinfo.ZoneInfo("UTC")


@functools.cache
def valid_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() | {"UTC"})


@functools.cache
def zone_links() -> dict[str, str]:
    """Old names and their current ones ("Asia/Katmandu" → "Asia/Kathmandu"), from tzdata.

    Browsers still report some old names; we show and store the current one. The links
    are the `L TARGET LINK` lines of the pinned tzdata package's tzdata.zi.
    """
    text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text("utf-8")
    links = {}
    for line in text.splitlines():
        if line.startswith("L "):
            _, target, link = line.split()
            links[link] = target
    return links


def parse_zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone called `name` (its current name if `name` is an old one), or None when it
    is not an IANA zone name we know."""
    if not name or name not in valid_zone_names():
        return None
    return zoneinfo.ZoneInfo(zone_links().get(name, name))


def utc_offset_label(zone: zoneinfo.ZoneInfo, at: dt.datetime | None = None) -> str:
    """'UTC+05:45' for Asia/Kathmandu; St John's in winter gives UTC, a minus sign, '03:30'."""
    offset = (at or now()).astimezone(zone).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\N{MINUS SIGN}"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


@functools.lru_cache(maxsize=64)
def babel_locale(language: str) -> Locale:
    """The Babel locale for a language code ("pt-BR"), English when Babel has none."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@functools.lru_cache(maxsize=16)
def _zone_labels(language: str, day: dt.date) -> tuple[tuple[str, str], ...]:
    locale = babel_locale(language)
    at = dt.datetime.combine(day, dt.time(12), tzinfo=UTC)
    rows = []
    for name in sorted(valid_zone_names()):
        # Legacy aliases ("US/Eastern", "Etc/GMT+5", "EST") clutter a picker; keep Area/City.
        if "/" not in name and name != "UTC":
            continue
        if name.startswith(("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/")):
            continue
        zone = zoneinfo.ZoneInfo(name)
        offset = utc_offset_label(zone, at)
        place = "UTC" if name == "UTC" else get_timezone_location(zone, locale=locale)
        rows.append((offset, name, f"({offset}) {place} · {name}"))
    rows.sort(key=lambda row: (_offset_sort_key(row[0]), row[1]))
    return tuple((name, label) for _, name, label in rows)


def _offset_sort_key(label: str) -> int:
    sign = -1 if label[3] == "\N{MINUS SIGN}" else 1
    hours, mins = label[4:].split(":")
    return sign * (int(hours) * 60 + int(mins))


def zone_choices(language: str) -> tuple[tuple[str, str], ...]:
    """(name, label) pairs for a zone picker, labelled in `language`, sorted by offset today."""
    return _zone_labels(language, now().date())
