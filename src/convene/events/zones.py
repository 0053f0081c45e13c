"""The zone table of an event's page: its start in the main zones of its target regions."""

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from convene.core.fragments import cached_fragment
from convene.core.timezones import UTC, parse_zone
from convene.events.models import Event
from convene.events.planner import hour_band
from convene.events.timeutil import main_zones

_UTC_KEYS = {"UTC", "Etc/UTC"}
# What the table shows is a pure function of its key: kept long (zone data changes with
# a new release of tzdata, which restarts the process).
ZONES_CACHE_S = 3600


def zone_table(event: Event) -> list[dict[str, Any]]:
    """The event's start in the main zones of its target regions (and its own zone, and
    UTC), west to east; empty for a date range. `event` comes from `queries.event_get`."""
    if event.starts_at is None:
        return []
    codes = {
        country.code
        for region in event.region_list  # type: ignore[attr-defined]
        for country in region.country_list
    }
    rows = main_zones(codes, at=event.starts_at) if codes else []
    zones = [row.zone for row in rows]
    planned = parse_zone(event.timezone)
    if planned is not None and planned.key not in {*_UTC_KEYS, *(z.key for z in zones)}:
        zones.append(planned)
    if not _UTC_KEYS & {z.key for z in zones}:
        zones.append(UTC)
    table = []
    for zone in zones:
        local = event.starts_at.astimezone(zone)
        end = event.ends_at.astimezone(zone) if event.ends_at else None
        table.append(
            {
                "zone": zone,
                "offset": local.utcoffset() or dt.timedelta(0),
                # Naive on purpose: the template must not shift them to the reader's zone.
                "start": local.replace(tzinfo=None),
                "end": end.replace(tzinfo=None) if end else None,
                "band": hour_band(local),
            }
        )
    table.sort(key=lambda r: r["offset"])  # type: ignore[arg-type,return-value]
    return table


def zones_html(event: Event) -> SafeString:
    """The zone table's section of the event's page (events/_zones.html), cached: it
    depends only on the event's times, its zone, its regions' countries (what
    `zone_table` reads) and the reader's language."""
    codes = sorted(
        country.code
        for region in event.region_list  # type: ignore[attr-defined]
        for country in region.country_list
    )
    parts = [event.starts_at, event.ends_at, event.timezone, ",".join(codes)]
    return cached_fragment(
        "events-zones",
        parts,
        lambda: render_to_string("events/_zones.html", {"zone_table": zone_table(event)}),
        timeout=ZONES_CACHE_S,
    )
