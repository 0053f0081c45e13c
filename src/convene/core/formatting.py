"""Saying when something happens, in a given zone and language (for pages, notices, mail).

One set of Babel formats for every app: instants, date ranges, an event's span, a zone's
name and offset.
"""

import datetime as dt
import functools
import zoneinfo

from babel.dates import (
    format_date,
    format_datetime,
    format_skeleton,
    format_time,
    get_datetime_format,
    get_timezone_location,
)

from convene.core.timezones import babel_locale, utc_offset_label

DASH = "\N{EN DASH}"
UTC = dt.UTC


def iso_z(instant: dt.datetime | None) -> str | None:
    """'2022-11-04T09:00:00Z' (seconds kept, microseconds dropped)."""
    if instant is None:
        return None
    return instant.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def zone_label(zone: zoneinfo.ZoneInfo, at: dt.datetime, language: str = "en") -> str:
    """'Nepal Time · Asia/Kathmandu · UTC+05:45': the zone's place and its offset then."""
    if zone.key == "UTC":
        return "UTC"
    place = get_timezone_location(zone, locale=babel_locale(language))
    return f"{place} · {zone.key} · {utc_offset_label(zone, at)}"


# Pure functions of their arguments, called for every card of a list (the same events on
# every request of it): each text is formatted once, then reused.
FORMATTED = 4096


@functools.lru_cache(maxsize=FORMATTED)
def describe_dates(start: dt.date, end: dt.date, language: str = "en") -> str:
    locale = babel_locale(language)
    if start == end:
        return format_date(start, "full", locale=locale)
    return f"{format_date(start, 'long', locale=locale)} {DASH} " + format_date(
        end, "long", locale=locale
    )


@functools.lru_cache(maxsize=FORMATTED)
def describe_when(
    *,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
    zone: zoneinfo.ZoneInfo,
    language: str = "en",
) -> str:
    """The event's date and time in `zone`, with the zone named; date ranges stay dates."""
    if starts_at is None or ends_at is None:
        if start_date is None or end_date is None:
            return ""
        return describe_dates(start_date, end_date, language)
    locale = babel_locale(language)
    begin = starts_at.astimezone(zone)
    end = ends_at.astimezone(zone)
    if begin.date() == end.date():
        text = (
            f"{format_date(begin, 'full', locale=locale)}, "
            f"{format_time(begin, 'short', locale=locale)}{DASH}"
            f"{format_time(end, 'short', locale=locale)}"
        )
    else:
        text = (
            f"{format_datetime(begin, 'medium', locale=locale)} {DASH} "
            f"{format_datetime(end, 'medium', locale=locale)}"
        )
    return f"{text} ({zone_label(zone, begin, language)})"


def describe_instant(instant: dt.datetime, zone: zoneinfo.ZoneInfo, language: str = "en") -> str:
    """'4 Nov 2022, 14:45:00 (Nepal Time · Asia/Kathmandu · UTC+05:45)'."""
    local = instant.astimezone(zone)
    return (
        f"{format_datetime(local, 'medium', locale=babel_locale(language))} "
        f"({zone_label(zone, instant, language)})"
    )


# --- the same formats for a page's dates and times (core's template filters) ------------


def day_text(value: dt.date, language: str = "en", *, width: str = "long") -> str:
    """'November 4, 2022' (long), 'Nov 4, 2022' (medium) in the language's own order."""
    return format_date(value, width, locale=babel_locale(language))


def month_text(value: dt.date, language: str = "en") -> str:
    """'November 2022', '2022年11月'."""
    return format_skeleton("yMMMM", value, locale=babel_locale(language))


def clock_text(value: dt.datetime, language: str = "en") -> str:
    """A wall-clock time as the language writes it ('2:45 PM', '14:45'), in the zone
    `value` carries."""
    return format_time(value, "short", tzinfo=value.tzinfo, locale=babel_locale(language))


def day_clock_text(value: dt.datetime, language: str = "en") -> str:
    """'Fri, Nov 4, 2:45 PM': weekday, day and time, in the zone `value` carries."""
    locale = babel_locale(language)
    pattern = str(get_datetime_format("medium", locale=locale)).replace("'", "")
    return pattern.replace(
        "{1}", format_skeleton("MMMEd", value, tzinfo=value.tzinfo, locale=locale)
    ).replace("{0}", clock_text(value, language))
