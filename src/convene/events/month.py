"""The month grid: a month's weeks, Monday first, each day with the events it shows.

An event spanning several days shows on each of them; the days are read in the reader's
zone for timed events and as given for date ranges.
"""

import calendar
import datetime as dt
import zoneinfo
from dataclasses import dataclass

from convene.core.timezones import UTC
from convene.events.models import Event

PER_DAY = 6  # a busy day shows six events and "N more" (the list has them all)
# What the grid shows of an event: enough for its title and times.
MONTH_FIELDS = ("id", "title", "edition_label", "starts_at", "ends_at", "start_date",
                "end_date", "sort_start", "sort_end")  # fmt: skip

# One day of the grid: (date, the events shown, in the month, how many more).
Day = tuple[dt.date, list[Event], bool, int]


@dataclass(frozen=True)
class MonthBounds:
    first: dt.date
    last: dt.date
    start: dt.datetime  # the first day's midnight in the reader's zone, in UTC
    end: dt.datetime  # the midnight after the last day, in UTC


def month_bounds(year: int, month: int, zone: zoneinfo.ZoneInfo) -> MonthBounds:
    """The month's first and last day and the instants that bound it in `zone`."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    start = dt.datetime.combine(first, dt.time(0), tzinfo=zone).astimezone(UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=zone).astimezone(UTC)
    return MonthBounds(first=first, last=last, start=start, end=end)


def month_weeks(
    events: list[Event], *, bounds: MonthBounds, zone: zoneinfo.ZoneInfo
) -> list[list[Day]]:
    """The weeks of the month holding `bounds`, each day with at most PER_DAY events."""
    first, last = bounds.first, bounds.last
    by_day: dict[dt.date, list[Event]] = {}
    for event in events:
        if event.starts_at is not None and event.ends_at is not None:
            begin = event.starts_at.astimezone(zone).date()
            finish = (event.ends_at - dt.timedelta(microseconds=1)).astimezone(zone).date()
        else:
            begin, finish = event.start_date, event.end_date  # type: ignore[assignment]
        day = max(begin, first)
        while day <= min(finish, last):
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    return [
        [
            (
                day,
                by_day.get(day, [])[:PER_DAY],
                day.month == first.month,
                max(0, len(by_day.get(day, [])) - PER_DAY),
            )
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]


def weekday_names() -> list[str]:
    """Monday to Sunday, abbreviated, in the reader's language (CLDR via Babel)."""
    from babel.dates import get_day_names
    from django.utils.translation import get_language

    from convene.core.timezones import babel_locale

    names = get_day_names("abbreviated", locale=babel_locale(get_language() or "en"))
    return [str(names[i]) for i in range(7)]
