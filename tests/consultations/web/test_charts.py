"""Server-drawn charts: every value is written as text, the chart names itself, and a
right-to-left page gets the mirror image."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

from convene.consultations.charts import Bar, Series, bar_chart, line_chart

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own output, in a test)


def texts(svg: str) -> list[str]:
    root = parse(svg)
    return [el.text or "" for el in root.iter(f"{NS}text")]


def test_bar_chart_writes_labels_values_title_and_description() -> None:
    svg = bar_chart(
        ident="by-channel",
        title="Feedback by channel",
        desc="Web 3, e-mail 1",
        bars=[Bar("Web", 3, href="?channel=web"), Bar("E-mail <x>", 1)],
    )

    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-tby-channel chart-dby-channel"
    assert root.find(f"{NS}title").text == "Feedback by channel"
    assert root.find(f"{NS}desc").text == "Web 3, e-mail 1"
    assert texts(svg) == ["Web", "3", "E-mail <x>", "1"]
    assert [a.get("href") for a in root.iter(f"{NS}a")] == ["?channel=web"]


def test_bar_chart_bars_are_proportional_to_the_values() -> None:
    svg = bar_chart(ident="b", title="t", desc="d", bars=[Bar("a", 10), Bar("b", 5), Bar("c", 0)])

    widths = [float(r.get("width")) for r in parse(svg).iter(f"{NS}rect")]
    assert widths == [370.0, 185.0, 0.0]


def test_bar_chart_right_to_left_is_mirrored() -> None:
    ltr = parse(bar_chart(ident="b", title="t", desc="d", bars=[Bar("a", 10)]))
    rtl = parse(bar_chart(ident="b", title="t", desc="d", bars=[Bar("a", 10)], rtl=True))

    ltr_rect, rtl_rect = next(ltr.iter(f"{NS}rect")), next(rtl.iter(f"{NS}rect"))
    assert float(ltr_rect.get("x")) == 200.0
    assert float(rtl_rect.get("x")) + float(rtl_rect.get("width")) == 640 - 200
    assert [t.get("text-anchor") for t in ltr.iter(f"{NS}text")] == ["end", "start"]
    assert [t.get("text-anchor") for t in rtl.iter(f"{NS}text")] == ["start", "end"]


def test_bar_chart_long_labels_are_shortened_but_kept_in_the_tooltip() -> None:
    label = "Roles & Responsibilities of hubs and regional collaboratives"

    svg = bar_chart(ident="b", title="t", desc="d", bars=[Bar(label, 2)])

    assert texts(svg)[0] == label[:23] + "…"
    assert parse(svg).find(f"{NS}g/{NS}title").text == f"{label}: 2"


def test_line_chart_names_dates_peak_and_series_totals() -> None:
    day = dt.date(2022, 11, 20)
    series = [
        Series("Web", [(day, 2), (day + dt.timedelta(days=1), 5), (day + dt.timedelta(days=2), 1)]),
        Series("Talk page", [(day + dt.timedelta(days=1), 1)]),
    ]

    svg = line_chart(ident="trend", title="Per day", desc="d", series=series)

    assert texts(svg) == [
        *("5", "0", "2022-11-20", "2022-11-21", "2022-11-22"),
        *("Web (8)", "Talk page (1)"),
    ]
    first_line = next(parse(svg).iter(f"{NS}polyline")).get("points")
    assert first_line == "48.0,108.0 336.0,12.0 624.0,140.0"


def test_line_chart_right_to_left_runs_time_from_the_right() -> None:
    day = dt.date(2022, 11, 20)
    series = [Series("Web", [(day, 1), (day + dt.timedelta(days=4), 1)])]

    svg = line_chart(ident="trend", title="t", desc="d", series=series, rtl=True)

    points = next(parse(svg).iter(f"{NS}polyline")).get("points")
    assert points == "592.0,12.0 16.0,12.0"


def test_line_chart_without_data_is_an_empty_named_picture() -> None:
    svg = line_chart(ident="trend", title="Per day", desc="No feedback yet.", series=[])

    assert texts(svg) == []
    assert re.search(r"<desc id=\"chart-dtrend\">No feedback yet.</desc>", svg)
