"""Dates and times on every page are written by one set of Babel formats in the reader's
language (core's template filters, builtins), not by Django's per-template formats."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.utils import timezone, translation

DAY = dt.date(2022, 11, 4)
AT = dt.datetime(2022, 11, 4, 14, 45)  # noqa: DTZ001 - a wall-clock time somewhere (naive)
INSTANT = dt.datetime(2022, 11, 4, 21, 0, tzinfo=dt.UTC)


def render(text: str, **context: object) -> str:
    return engines["django"].from_string(text).render(context)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["November 4, 2022", "Nov 4, 2022", "November 2022", "2:45\u202fPM",
                "Fri, Nov 4, 2:45\u202fPM"]),
        ("es", ["4 de noviembre de 2022", "4 nov 2022", "noviembre de 2022", "14:45",
                "vie, 4 nov, 14:45"]),
        ("fr", ["4 novembre 2022", "4 nov. 2022", "novembre 2022", "14:45",
                "ven. 4 nov., 14:45"]),
    ],
)  # fmt: skip
def test_filters_write_the_language_own_formats(language, expected):
    with translation.override(language):
        out = render(
            '{{ d|day }}|{{ d|day:"medium" }}|{{ d|month }}|{{ t|clock }}|{{ t|day_clock }}',
            d=DAY,
            t=AT,
        )

    assert out.split("|") == expected


def test_day_of_an_instant_is_the_reader_date():
    """9 pm UTC on 4 November is already 5 November in Kathmandu."""
    with timezone.override(ZoneInfo("Asia/Kathmandu")), translation.override("en"):
        assert render("{{ i|day }}", i=INSTANT) == "November 5, 2022"
    with timezone.override(ZoneInfo("America/Los_Angeles")), translation.override("en"):
        assert render("{{ i|day }}", i=INSTANT) == "November 4, 2022"


def test_empty_values_write_nothing():
    assert render("{{ n|day }}{{ n|month }}{{ n|clock }}{{ n|day_clock }}", n=None) == ""
