"""The rows an event's page shows beside the event (its languages, interpretation
languages, organisers, topics and regions with their countries), read once and cached:
six queries on the first visit, none after, until the event or the directory changes."""

from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects

from convene.directory.models import Country, Language, Organisation, Region
from convene.events.models import Event

# Set on the event, as lists holding only the names and codes shown.
PART_NAMES = ("language_list", "interpretation_list", "organiser_list", "hub_list", "region_list")
PARTS_CACHE_S = 600


def event_parts_read(event: Event) -> None:
    """Its languages, interpretation languages, organisers and topics (hubs), and its
    regions (each with `country_list`, for the zone table), as lists: six queries."""
    names = Organisation.objects.only("id", "slug", "name")
    languages = Language.objects.only("code", "name")
    regions = Region.objects.only("id", "slug", "name", "short_name").prefetch_related(
        Prefetch("countries", Country.objects.only("code"), to_attr="country_list")
    )
    prefetch_related_objects(
        [event],
        Prefetch("languages", languages, to_attr="language_list"),
        Prefetch("interpretation_languages", languages, to_attr="interpretation_list"),
        Prefetch("organisers", names, to_attr="organiser_list"),
        Prefetch("hubs", names, to_attr="hub_list"),
        Prefetch("regions", regions, to_attr="region_list"),
    )


def event_parts_attach(event: Event, *, version: str) -> None:
    """Sets PART_NAMES on `event`, from the cache when they were read for this state of
    the event (its services save it, and so change its `updated_at`, whenever they change
    what it relates to) and this `version` of the directory (names of organisations and
    languages, regions' countries); else reads and caches them."""
    key = f"events:parts:{event.uid}:{event.updated_at.isoformat()}:{version}"
    parts: dict[str, Any] | None = cache.get(key)
    if parts is None:
        event_parts_read(event)
        cache.set(key, {name: getattr(event, name) for name in PART_NAMES}, PARTS_CACHE_S)
        return
    for name, value in parts.items():
        setattr(event, name, value)
