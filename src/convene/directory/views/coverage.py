"""Coverage and gaps, the timeline, and the pickers' suggestion lists."""

import csv
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from convene.core.panels import panels_render_each
from convene.directory import queries
from convene.directory.models import (
    STAGE_ORDER,
)
from convene.directory.pickers import COMMUNITIES, COUNTRIES, ORGANISATIONS
from convene.directory.worldmap import LEVEL_LABELS, shapes_svg, world_map
from convene.people.pickers import suggest_response


def _coverage_by(request: HttpRequest) -> str:
    by = request.GET.get("by") or "region"
    if by not in ("region", "language"):
        raise Http404(_("Coverage is by region or by language."))
    return by


def _coverage(by: str) -> queries.Coverage:
    return queries.coverage_by_region() if by == "region" else queries.coverage_by_language()


COVERAGE_PAGE = 30  # rows of the coverage table a page (hundreds of languages)


@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    """Rendered once per grouping, reader language and directory version (fragment cache)."""
    by = _coverage_by(request)
    data: Any = SimpleLazyObject(lambda: _coverage(by))
    page_number = request.GET.get("page", "1")[:6]
    return render(
        request,
        "directory/coverage.html",
        {
            "by": by,
            "coverage": data,
            "page": SimpleLazyObject(
                lambda: Paginator(data.rows, COVERAGE_PAGE).get_page(page_number)
            ),
            "page_number": page_number,
            "map": SimpleLazyObject(lambda: world_map(data.country_levels, data.country_notes)),
            "level_labels": {k: str(v) for k, v in LEVEL_LABELS.items()},
            "version": queries.directory_version(),
            "cache_seconds": queries.cache_seconds(),
        },
    )


@require_GET
def coverage_shapes(request: HttpRequest) -> HttpResponse:
    """The countries' outlines the coverage map points at: the same for everyone, cached
    by the browser for a day."""
    response = HttpResponse(shapes_svg(), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def coverage_csv(request: HttpRequest) -> HttpResponse:
    by = _coverage_by(request)
    data = _coverage(by)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coverage-by-{by}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [by, "name", "coverage", *[f"hubs_{s}" for s in STAGE_ORDER], "hubs", "affiliates",
         "groups", "communities", "communities_without_hub"]
    )  # fmt: skip
    for row in data.rows:
        writer.writerow(
            [row.key, row.name, str(LEVEL_LABELS[row.level]),
             *[row.hubs_by_stage[s] for s in STAGE_ORDER], row.hubs, row.affiliates, row.groups,
             row.communities, row.communities_without_hub]
        )  # fmt: skip
    return response


TIMELINE_PAGE = 100


@require_GET
def timeline(request: HttpRequest) -> HttpResponse:
    """Most recent first, a hundred entries a page."""

    def build() -> Any:
        entries = queries.timeline()
        entries.reverse()
        page = Paginator(entries, TIMELINE_PAGE).get_page(request.GET.get("page"))
        # What higher apps hang on each entry (events: its resources), asked once.
        shown = list(page.object_list)
        extras = panels_render_each("timeline_entry", request, shown)
        return {"page": page, "rows": list(zip(shown, extras, strict=True))}

    return render(
        request,
        "directory/timeline.html",
        {
            "timeline": SimpleLazyObject(build),
            "vary": [request.GET.get("page", "1"), queries.directory_version()],
            "cache_seconds": queries.cache_seconds(),
        },
    )


@require_GET
def suggest_countries(request: HttpRequest) -> HttpResponse:
    """Countries matching `?q=` for a country picker."""
    return suggest_response(request, COUNTRIES, first=())


@require_GET
def suggest_organisations(request: HttpRequest) -> HttpResponse:
    """Listed organisations matching `?q=` (name, short name or address)."""
    return suggest_response(request, ORGANISATIONS, first=())


@require_GET
def suggest_communities(request: HttpRequest) -> HttpResponse:
    """Communities matching `?q=` by name or address."""
    return suggest_response(request, COMMUNITIES, first=())
