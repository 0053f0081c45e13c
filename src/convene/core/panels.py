"""Panels: a higher app adds a part to a lower app's page, and the lower app never
imports it (the import order runs one way).

The directory's organisation page and its "who serves me" answer show what programmes
knows — the grants that fund a hub, a country's grant constraints. The higher app
registers a provider in its `AppConfig.ready`; the page's template asks with
`{% panels "organisation" organisation %}` and gets each provider's HTML in the order
registered. A provider returns SafeString("") when it has nothing to show, renders with a
template (which escapes), and costs a constant number of queries.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

Provider = Callable[[HttpRequest, object], SafeString]

# Where a page offers room, and what it passes: "organisation" (an Organisation),
# "who_serves_country" (an ISO 3166 country code).
PLACES = ("organisation", "who_serves_country")

_providers: dict[str, list[Provider]] = {place: [] for place in PLACES}


def panel_register(place: str, provider: Provider) -> None:
    if place not in _providers:
        raise ValueError(f"no place for panels called {place!r}; the places: {PLACES}")
    if provider not in _providers[place]:
        _providers[place].append(provider)


def panels_render(place: str, request: HttpRequest, subject: object) -> SafeString:
    """The HTML every provider of `place` gives for `subject`, one after the other."""
    parts = [provider(request, subject) for provider in _providers.get(place, [])]
    return format_html_join("", "{}", ((part,) for part in parts if part))
