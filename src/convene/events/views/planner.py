"""The planner page: best edition times for a series, and creating the chosen ones."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed
from convene.core.timezones import UTC
from convene.events import population, queries, services
from convene.events.forms import PlannerForm
from convene.events.models import Series
from convene.events.planner import grid_rows, plan, reach_rows, short_label, targets_for


@login_required
@require_http_methods(["GET", "POST"])
def planner(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series, pk=pk)
    if not queries.is_series_organiser(request.user, series):
        raise NotAllowed(_("Only the organisers of this series may plan it."))
    if request.method == "POST":
        return _planner_create(request, series)
    form = PlannerForm(request.GET or None, initial={"day": now().date() + dt.timedelta(days=14)})
    result = grid = None
    slots: list[dict[str, Any]] = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        regions = list(data["regions"].prefetch_related("countries"))
        targets = targets_for(regions, data["zones"])
        result = plan(
            day=data["day"],
            targets=targets,
            editions=data["editions"],
            length=dt.timedelta(minutes=data["length_minutes"]),
            earliest=data["earliest"],
            latest=data["latest"],
        )
        grid = grid_rows(targets, data["day"], data["earliest"], data["latest"])
        chosen = {slot.start.hour for slot in result.slots}
        for row in grid:
            for index, cell in enumerate(row["cells"]):
                cell["chosen"] = index in chosen
        language = get_language() or "en"
        for slot in result.slots:
            served = [targets[i] for i in slot.serves]
            slots.append(
                {
                    "slot": slot,
                    "utc": slot.start.strftime("%H:%M"),
                    "label": ", ".join(short_label(label) for label in slot.reached),
                    "edition_label": " · ".join(short_label(t.label) for t in served),
                    "regions": [t.key for t in served if t.key],
                    "reach": reach_rows(
                        slot,
                        targets,
                        length=dt.timedelta(minutes=data["length_minutes"]),
                        earliest=data["earliest"],
                        latest=data["latest"],
                        language=language,
                    ),
                }
            )
    return render(
        request,
        "events/planner.html",
        {
            "series": series,
            "form": form,
            "result": result,
            "slots": slots,
            "grid": grid,
            "utc_hours": list(range(24)),
            "population_source": population.source(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _planner_create(request: HttpRequest, series: Series) -> HttpResponse:
    try:
        length = dt.timedelta(minutes=int(request.POST.get("length_minutes", "90")))
    except ValueError:
        length = dt.timedelta(minutes=90)
    except OverflowError:
        messages.error(request, _("The length could not be read."))
        return HttpResponseRedirect(reverse("events:planner", args=[series.pk]))
    starts = []
    for value in request.POST.getlist("start"):
        try:
            start = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if start.tzinfo is None:
                start = start.replace(tzinfo=UTC)
            start + length  # an end past year 9999 raises OverflowError here
        except (ValueError, OverflowError):
            messages.error(request, _("That time could not be read."))
            return HttpResponseRedirect(reverse("events:planner", args=[series.pk]))
        starts.append(start)
    from convene.directory.models import Region

    # Each edition carries the regions it is for: `region-<n>` for the n-th start.
    slugs = [request.POST.getlist(f"region-{index}") for index in range(1, len(starts) + 1)]
    by_slug = {r.slug: r for r in Region.objects.filter(slug__in={s for g in slugs for s in g})}
    regions = [[by_slug[s] for s in group if s in by_slug] for group in slugs]
    labels = request.POST.getlist("label")
    try:
        services.series_add_editions(
            actor=request.user,
            series=series,
            starts=starts,
            length=length,
            labels=labels,
            regions=regions,
        )
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("events:planner", args=[series.pk]))
    messages.success(request, _("Editions created."))
    return HttpResponseRedirect(reverse("events:series", args=[series.pk]))
