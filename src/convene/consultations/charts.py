"""Charts drawn on the server as SVG: readable without JavaScript, by screen readers (a
title, a description and every value written as text) and right to left (the drawing is
mirrored, labels anchor to the other side).

Pure functions over plain values; the caller translates the words it passes in.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
ROW = 26
BAR = 18
PALETTE = ("#1f5fbf", "#1b7f3b", "#9a4b00", "#7a3fb0", "#b3261e", "#00707a")
LABEL_CHARS = 24


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str = ""  # where choosing the bar leads (the page filtered by it), or ""


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[dt.date, int]]  # in date order


def _short(label: str) -> str:
    if len(label) <= LABEL_CHARS:
        return label
    return label[: LABEL_CHARS - 1] + "\N{HORIZONTAL ELLIPSIS}"


class _Canvas:
    """Places things in left-to-right coordinates and mirrors them when `rtl`."""

    def __init__(self, rtl: bool) -> None:
        self.rtl = rtl

    def x(self, x: float, width: float = 0) -> float:
        return WIDTH - x - width if self.rtl else x

    def anchor(self, anchor: str) -> str:
        if not self.rtl or anchor == "middle":
            return anchor
        return "start" if anchor == "end" else "end"


def _frame(
    *, ident: str, title: str, desc: str, height: int, body: list[str], css: str
) -> SafeString:
    number = ident
    head = format_html(
        '<svg class="chart {}" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="chart-t{} chart-d{}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-t{}">{}</title><desc id="chart-d{}">{}</desc>',
        css,
        WIDTH,
        height,
        number,
        number,
        number,
        title,
        number,
        desc,
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308  (every piece escaped)


def bar_chart(
    *,
    ident: str,
    title: str,
    desc: str,
    bars: Sequence[Bar],
    number: Callable[[int], str] = str,
    rtl: bool = False,
) -> SafeString:
    """`ident` makes the chart's element ids unique on its page.

    Horizontal bars, one per row: its label, the bar, its value written after it. A bar
    with an `href` is a link (a filter, on the synthesis page)."""
    canvas = _Canvas(rtl)
    label_width, value_width = 200, 70
    span = WIDTH - label_width - value_width
    top = max((bar.value for bar in bars), default=0) or 1
    body: list[str] = []
    for row, bar in enumerate(bars):
        y = 4 + row * ROW
        width = max(1.0, span * bar.value / top) if bar.value else 0.0
        parts = [
            format_html("<title>{}: {}</title>", bar.label, number(bar.value)),
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="{}">{}</text>',
                round(canvas.x(label_width - 8), 1),
                y + BAR - 4,
                canvas.anchor("end"),
                _short(bar.label),
            ),
            format_html(
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                round(canvas.x(label_width, width), 1),
                y,
                round(width, 1),
                BAR,
                PALETTE[0],
            ),
            format_html(
                '<text class="chart-value" x="{}" y="{}" text-anchor="{}">{}</text>',
                round(canvas.x(label_width + width + 6), 1),
                y + BAR - 4,
                canvas.anchor("start"),
                number(bar.value),
            ),
        ]
        group = "".join(parts)
        if bar.href:
            body.append(format_html('<a href="{}">{}</a>', bar.href, mark_safe(group)))  # noqa: S308
        else:
            body.append(format_html("<g>{}</g>", mark_safe(group)))  # noqa: S308
    height = max(ROW, 8 + len(bars) * ROW)
    return _frame(ident=ident, title=title, desc=desc, height=height, body=body, css="chart-bars")


def line_chart(
    *,
    ident: str,
    title: str,
    desc: str,
    series: Sequence[Series],
    date_label: Callable[[dt.date], str] = dt.date.isoformat,
    number: Callable[[int], str] = str,
    rtl: bool = False,
) -> SafeString:
    """Counts over time, one line per series, dates along the bottom (first, middle, last),
    the highest count and zero on the side, and a legend naming each line with its total.
    In a right-to-left page time runs from right to left."""
    canvas = _Canvas(rtl)
    days = sorted({day for one in series for day, _ in one.points})
    left, right, top_margin, plot_height = 48, 16, 12, 160
    legend_top = top_margin + plot_height + 40
    height = legend_top + ROW * max(1, len(series))
    body: list[str] = []
    if not days:
        return _frame(
            ident=ident, title=title, desc=desc, height=height, body=[], css="chart-lines"
        )
    first = days[0]
    length = max(1, (days[-1] - first).days)
    peak = max((value for one in series for _, value in one.points), default=0) or 1
    plot_width = WIDTH - left - right

    def place(day: dt.date, value: int) -> tuple[float, float]:
        x = left + plot_width * (day - first).days / length
        y = top_margin + plot_height * (1 - value / peak)
        return round(canvas.x(x), 1), round(y, 1)

    base = top_margin + plot_height
    body.append(
        format_html(
            '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#9aa3b2"/>',
            canvas.x(left),
            base,
            canvas.x(WIDTH - right),
            base,
        )
    )
    for value, at in ((peak, top_margin + 4), (0, base)):
        body.append(
            format_html(
                '<text class="chart-value" x="{}" y="{}" text-anchor="{}">{}</text>',
                canvas.x(left - 6),
                at,
                canvas.anchor("end"),
                number(value),
            )
        )
    ticks = [days[0], days[len(days) // 2], days[-1]] if len(days) > 2 else days
    for tick, anchor in zip(ticks, ("start", "middle", "end")[-len(ticks) :], strict=True):
        x, _y = place(tick, 0)
        body.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="{}">{}</text>',
                x,
                base + 18,
                canvas.anchor(anchor),
                date_label(tick),
            )
        )
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        points = " ".join(f"{x},{y}" for x, y in (place(d, v) for d, v in one.points))
        if len(one.points) == 1:
            cx, cy = place(*one.points[0])
            body.append(format_html('<circle cx="{}" cy="{}" r="3" fill="{}"/>', cx, cy, colour))
        body.append(
            format_html(
                '<polyline class="chart-line" points="{}" fill="none" stroke="{}" '
                'stroke-width="2"/>',
                points,
                colour,
            )
        )
        legend_y = legend_top + index * ROW
        total = sum(value for _, value in one.points)
        body.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="4" fill="{}"/>'
                '<text class="chart-label" x="{}" y="{}" text-anchor="{}">{} ({})</text>',
                canvas.x(left, 14),
                legend_y - 6,
                colour,
                canvas.x(left + 20),
                legend_y,
                canvas.anchor("start"),
                one.label,
                number(total),
            )
        )
    return _frame(ident=ident, title=title, desc=desc, height=height, body=body, css="chart-lines")
