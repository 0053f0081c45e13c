"""Panels: a higher app adds a part to a lower app's page, and the lower app never
imports it (the import order runs one way).

The directory's organisation page and its "who serves me" answer show what programmes
knows — the grants that fund a hub, a country's grant constraints. The higher app
registers a provider in its `AppConfig.ready`; the page's template asks with
`{% panels "organisation" organisation %}` and gets each provider's HTML in the order
registered. A provider returns SafeString("") when it has nothing to show, renders with a
template (which escapes), and costs a constant number of queries.

A list whose every item may carry a higher app's part (the directory's timeline, whose
entries list their resources, from events) asks once for all of them:
`panels_render_each("timeline_entry", request, entries)` gives one HTML part per entry, in
order, each provider of the place being called once with the whole list
(`panel_register_each`), so that a page costs the same queries for 1 item as for 100.
"""

from collections.abc import Callable, Sequence

from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

Provider = Callable[[HttpRequest, object], SafeString]

# Where a page offers room, and what it passes: "organisation" (an Organisation),
# "who_serves_country" (an ISO 3166 country code).
PLACES = ("organisation", "who_serves_country")

_providers: dict[str, list[Provider]] = {place: [] for place in PLACES}

EachProvider = Callable[[HttpRequest, Sequence[object]], Sequence[SafeString]]

# Lists whose items offer room, and what each item is: "timeline_entry" (a directory
# `TimelineEntry`, whose `stage_change_id` names its stage change, if it is one).
EACH_PLACES = ("timeline_entry",)

_each_providers: dict[str, list[EachProvider]] = {place: [] for place in EACH_PLACES}


def panel_register(place: str, provider: Provider) -> None:
    if place not in _providers:
        raise ValueError(f"no place for panels called {place!r}; the places: {PLACES}")
    if provider not in _providers[place]:
        _providers[place].append(provider)


def panels_render(place: str, request: HttpRequest, subject: object) -> SafeString:
    """The HTML every provider of `place` gives for `subject`, one after the other."""
    parts = [provider(request, subject) for provider in _providers.get(place, [])]
    return format_html_join("", "{}", ((part,) for part in parts if part))


def panel_register_each(place: str, provider: EachProvider) -> None:
    """`provider(request, items)` answers one HTML part per item, in order."""
    if place not in _each_providers:
        raise ValueError(f"no list place called {place!r}; the places: {EACH_PLACES}")
    if provider not in _each_providers[place]:
        _each_providers[place].append(provider)


def panels_render_each(
    place: str, request: HttpRequest, subjects: Sequence[object]
) -> list[SafeString]:
    """For each of `subjects`, the HTML every provider of `place` gives for it."""
    answers = [provider(request, subjects) for provider in _each_providers.get(place, [])]
    for answer in answers:
        if len(answer) != len(subjects):
            raise ValueError(f"a provider of {place!r} answered for another number of items")
    return (
        [
            format_html_join("", "{}", ((part,) for part in parts if part))
            for parts in zip(*answers, strict=True)
        ]
        if answers
        else [SafeString("") for _ in subjects]
    )
