"""The directory list with its filters."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from convene.core.forms import apply_refusal
from convene.directory import queries
from convene.directory.forms import (
    FilterForm,
)
from convene.directory.views.common import PAGE_SIZE, PICKED
from convene.people.pickers import picker_reader_languages, pickers_put_first


@dataclass(frozen=True)
class Listing:
    """The filters' form and the page of organisations, as HTML, with the page's status."""

    form: str
    rows: str
    status: int


def _listing(params: QueryDict, first: list[str]) -> Listing:
    form = FilterForm(params or None)
    pickers_put_first(form, first)
    filters = queries.DirectoryFilters()
    status = 200
    if params:
        if form.is_valid():
            # The pickers turned what was typed (a name or a code) into codes.
            values = {**params.dict(), **{k: form.cleaned_data[k] for k in PICKED}}
            try:
                filters = queries.filters_parse(values)
            except queries.FilterError as exc:
                apply_refusal(form, exc)
                status = 400
        else:
            status = 400
    # What every reader sees: the public listing (a person's proposals are shown apart).
    rows = queries.organisations_list(viewer=AnonymousUser(), filters=filters)
    query = params.copy()
    query.pop("page", None)
    page = Paginator(rows, PAGE_SIZE).get_page(params.get("page"))
    rows_context = {"page": page, "query": query.urlencode()}
    return Listing(
        form=render_to_string("directory/_filters.html", {"form": form}),
        rows=render_to_string("directory/_listing.html", rows_context),
        status=status,
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The filters and the listing are the same for every reader (proposals are shown
    apart): written once per query string, reader language and directory version (and the
    reader's own languages, which rank the language picker's candidates, when one is
    typed), then read from the cache."""
    first = picker_reader_languages(request)
    listing = queries.cached_part(
        "index",
        [request.GET.urlencode(), first if request.GET.get("language") else ""],
        lambda: _listing(request.GET, first),
    )
    return render(
        request,
        "directory/index.html",
        {
            "filters_form": mark_safe(listing.form),  # noqa: S308  (templates' output)
            "listing": mark_safe(listing.rows),  # noqa: S308
            "proposals": queries.proposals_for(viewer=request.user, limit=20),
        },
        status=listing.status,
    )
