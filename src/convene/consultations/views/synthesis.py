"""The synthesis: counts, trends, charts and the findings exports."""

from babel.dates import format_date
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from convene.consultations import charts, generations, reports
from convene.consultations.forms import (
    SynthesisForm,
)
from convene.consultations.queries import synthesis as synth
from convene.consultations.views.common import _number
from convene.core.clock import now
from convene.core.fragments import cached_fragment
from convene.core.timezones import babel_locale
from convene.directory.queries import directory_version


def _synthesis_filters(
    request: HttpRequest,
) -> tuple[SynthesisForm, synth.Filters, str, synth.Choices]:
    known = synth.choices()
    form = SynthesisForm(
        request.GET or None,
        chapters=[(c.slug, c.title) for c in known.chapters],
        regions=[(r.slug, r.name) for r in known.regions],
        themes=known.themes,
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = synth.Filters(
        chapter=data.get("chapter") or "",
        paragraph=data.get("paragraph") or "",
        channel=data.get("channel") or "",
        region=data.get("region") or "",
        language=data.get("language") or "",
        status=data.get("status") or "",
        theme=data.get("theme") or "",
    )
    return form, filters, data.get("trend") or "channel", known


def _dimension_titles() -> dict[str, str]:
    return {
        "chapter": _("By chapter"),
        "paragraph": _("By paragraph"),
        "channel": _("By channel"),
        "region": _("By region"),
        "language": _("By language"),
        "status": _("By status"),
    }


def _with(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()


@require_GET
def synthesis_page(request: HttpRequest) -> HttpResponse:
    """The synthesis, written once for its filters until the feedback, the chapters or the
    directory (the regions' names) change: counting 50,000 items and drawing the charts
    is not redone on every visit."""
    parts = (sorted(request.GET.lists()), generations.of_all(), directory_version())
    body = cached_fragment("consultations.synthesis", parts, lambda: _synthesis_body(request))
    return render(request, "consultations/synthesis.html", {"body": body})


def _synthesis_body(request: HttpRequest) -> str:
    form, filters, trend_by, known = _synthesis_filters(request)
    result = synth.synthesis(filters=filters, known=known, trend_by=trend_by)
    rtl = get_language_bidi()
    titles = _dimension_titles()
    locale = babel_locale(get_language() or "en")
    sections = []
    for dimension, counts in result.counts.items():
        shown = counts[:12]
        desc = "; ".join(f"{c.label or _('none')}: {_number(c.count)}" for c in shown)
        chart = charts.bar_chart(
            ident=dimension,
            title=titles[dimension],
            desc=desc or _("No feedback."),
            bars=[
                charts.Bar(c.label or _("none"), c.count, href=_with(request, **{dimension: c.key}))
                for c in shown
            ],
            number=_number,
            rtl=rtl,
        )
        sections.append(
            {"dimension": dimension, "title": titles[dimension], "counts": counts, "chart": chart}
        )
    titles_by_unit = {
        "day": _("Feedback per day"),
        "week": _("Feedback per week"),
        "month": _("Feedback per month"),
    }
    periods = [period for period, _n in next(iter(result.trend.values()), [])]
    pattern = "d MMM" if result.trend_unit == "day" else "d MMM y"
    if result.trend_unit == "month":
        pattern = "MMM y"
    trend = charts.line_chart(
        ident="trend",
        title=titles_by_unit[result.trend_unit],
        desc=(
            _("From %(first)s to %(last)s.")
            % {
                "first": format_date(periods[0], "long", locale=locale),
                "last": format_date(periods[-1], "long", locale=locale),
            }
            if periods
            else _("No feedback.")
        ),
        series=[charts.Series(label, points) for label, points in result.trend.items()],
        date_label=lambda d: str(format_date(d, pattern, locale=locale)),
        number=_number,
        rtl=rtl,
    )
    query = request.GET.urlencode()
    return render_to_string(
        "consultations/_synthesis.html",
        {
            "form": form,
            "result": result,
            "sections": sections,
            "trend": trend,
            "trend_title": titles_by_unit[result.trend_unit],
            "query": f"?{query}" if query else "",
            "filters": filters.active(),
        },
    )


def _findings(request: HttpRequest) -> reports.Findings:
    _form, filters, _trend, known = _synthesis_filters(request)
    result = synth.synthesis(filters=filters, known=known)
    return reports.Findings(
        title=_("Consultation findings"),
        generated=now(),
        filters=filters.active(),
        total=result.total,
        counts=result.counts,
        dimension_labels=_dimension_titles(),
        items=list(synth.export_rows(filters=filters)),
    )


def _download(body: str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def synthesis_wikitext(request: HttpRequest) -> HttpResponse:
    return _download(
        reports.findings_wikitext(_findings(request)), "text/plain", "consultation-findings.wiki"
    )


@require_GET
def synthesis_csv(request: HttpRequest) -> HttpResponse:
    filters = _synthesis_filters(request)[1]
    return _download(
        reports.items_csv(synth.export_rows(filters=filters)),
        "text/csv",
        "consultation-feedback.csv",
    )


@require_GET
def synthesis_json(request: HttpRequest) -> HttpResponse:
    return _download(
        reports.findings_json(_findings(request)), "application/json", "consultation-findings.json"
    )
