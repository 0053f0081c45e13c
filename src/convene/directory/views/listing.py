"""The directory list with its filters."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from convene.core.forms import apply_refusal
from convene.directory import queries
from convene.directory.forms import (
    FilterForm,
)
from convene.directory.views.common import PAGE_SIZE, PICKED
from convene.people.pickers import picker_reader_languages, pickers_put_first


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    pickers_put_first(form, picker_reader_languages(request))
    filters = queries.DirectoryFilters()
    status = 200
    if request.GET:
        if form.is_valid():
            # The pickers turned what was typed (a name or a code) into codes.
            params = {**request.GET.dict(), **{k: form.cleaned_data[k] for k in PICKED}}
            try:
                filters = queries.filters_parse(params)
            except queries.FilterError as exc:
                apply_refusal(form, exc)
                status = 400
        else:
            status = 400
    rows = queries.organisations_list(viewer=request.user, filters=filters)
    # The listing is the same for every reader (proposals are shown apart): it is rendered
    # once per query, reader language and directory version, and only then read.
    page: Any = SimpleLazyObject(
        lambda: Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/index.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "proposals": list(queries.proposals_for(viewer=request.user)[:20]),
            "vary": [request.GET.urlencode(), queries.directory_version()],
            "cache_seconds": queries.cache_seconds(),
        },
        status=status,
    )
