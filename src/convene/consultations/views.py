"""Consultation pages: the chapters, a chapter paragraph by paragraph (with feedback by
selecting a passage or choosing a paragraph), versions and their diff, a feedback item,
recording feedback on behalf of others, the drafting group's triage queue, translating,
publishing a version, and the synthesis with its exports.

Thin: parse with a form, call a service (which checks permission and refuses with the
`convene.core.errors` family) or a query, render. Every page works without JavaScript.
"""

import datetime as dt
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.consultations import charts, reports, services
from convene.consultations.forms import (
    FeedbackForm,
    ImportForm,
    MergeForm,
    PeriodForm,
    PointFormSet,
    PublishForm,
    RecordForm,
    StatusForm,
    SynthesisForm,
    TranslationForm,
    TriageFilterForm,
    TriageForm,
)
from convene.consultations.models import (
    Channel,
    Chapter,
    Feedback,
    TranslationStatus,
    Version,
    VersionStatus,
)
from convene.consultations.queries import access, reads, web
from convene.consultations.queries import synthesis as synth
from convene.core.clock import now
from convene.core.errors import NotAllowed, NotFound, NotSignedIn, Refusal
from convene.core.forms import apply_refusal
from convene.core.timezones import babel_locale
from convene.directory.models import Region
from convene.events.models import Event


def _chapter(slug: str) -> Chapter:
    try:
        return reads.chapter_get(slug=slug)
    except NotFound as exc:
        raise Http404(_("No such chapter.")) from exc


def _regions() -> list[tuple[str, str]]:
    return list(Region.objects.order_by("name").values_list("slug", "name"))


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or fallback
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


def _require(allowed: bool, request: HttpRequest, message: str) -> None:
    """Pages for a role: anonymous readers are sent to sign in, others are told why not."""
    if not request.user.is_authenticated:
        raise NotSignedIn(_("Sign in first."))
    if not allowed:
        raise NotAllowed(message)


def _version_number(request: HttpRequest) -> int | None:
    """`?version=N` (None: the current version)."""
    try:
        return int(request.GET["version"]) if "version" in request.GET else None
    except ValueError as exc:
        raise Http404(_("No such version.")) from exc


def _number(value: int) -> str:
    return str(format_decimal(value, locale=babel_locale(get_language() or "en")))


# --- chapters and a chapter -------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/index.html", {"rows": web.chapters_overview()})


def _chapter_context(
    request: HttpRequest, chapter: Chapter, form: FeedbackForm | None = None
) -> dict[str, Any]:
    drafter = access.can_draft(user=request.user, chapter=chapter)
    number = _version_number(request)
    language = request.GET.get("lang", get_language() or "")
    try:
        part = int(request.GET.get("part", "1"))
    except ValueError:
        part = 1
    page = web.chapter_page(
        chapter=chapter,
        number=number,
        language=language,
        drafts=drafter,
        part=part,
        around=request.GET.get("paragraph", ""),
    )
    if page is None:
        if number is not None:
            raise Http404(_("No such version."))
        return {"chapter": chapter, "page": None, "drafter": drafter}
    period, in_period = web.period_for(chapter)
    open_now = in_period and page.version.status == "open"
    paragraphs = [row.paragraph for row in page.paragraphs]
    if form is None:
        form = FeedbackForm(
            paragraphs=paragraphs,
            regions=_regions(),
            initial={"paragraph": request.GET.get("paragraph", ""), "language": get_language()},
        )
    return {
        "chapter": chapter,
        "page": page,
        "period": period,
        "open_now": open_now,
        "form": form,
        "drafter": drafter,
        "recorder": access.can_record(user=request.user, chapter=chapter),
        "is_current": page.version.status == "draft"
        or page.version.pk == [v for v in page.versions if v.status != "draft"][-1].pk,
        "part_numbers": range(1, page.parts + 1),
    }


@require_GET
def chapter(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = _chapter(slug)
    return render(request, "consultations/chapter.html", _chapter_context(request, chapter))


@require_POST
def give(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = _chapter(slug)
    if not request.user.is_authenticated:
        raise NotSignedIn(_("Sign in to give feedback."))
    context = _chapter_context(request, chapter)
    page = context["page"]
    if page is None:
        raise Http404(_("This chapter has no published version yet."))
    form = FeedbackForm(
        request.POST, paragraphs=[r.paragraph for r in page.paragraphs], regions=_regions()
    )
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.feedback_give(
                actor=request.user,
                chapter=chapter,
                version=page.version.number,
                text=data["text"],
                paragraph=data["paragraph"] or None,
                quote=data["quote"] or None,
                language=data["language"],
                region=data["region"] or None,
            )
        except Refusal as exc:
            apply_refusal(form, exc)
            status = exc.status
        else:
            messages.success(
                request,
                _("Thank you: your feedback is item %(number)s.") % {"number": item.pk},
            )
            key = item.paragraph_key
            anchor = f"?paragraph={key}#p-{key}" if key else ""
            return HttpResponseRedirect(
                reverse("consultations:chapter", args=[chapter.slug]) + anchor
            )
    context["form"] = form
    return render(request, "consultations/chapter.html", context, status=status)


@require_GET
def paragraph(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The feedback sitting on one paragraph of a version ("chapter": on the whole)."""
    chapter = _chapter(slug)
    drafter = access.can_draft(user=request.user, chapter=chapter)
    try:
        version = reads.version_get(
            chapter=chapter, number=_version_number(request), viewer=request.user
        )
    except NotFound as exc:
        raise Http404(_("No such version.")) from exc
    found = None
    if key != "chapter":
        found = version.paragraphs.filter(key=key).first()
        if found is None:
            raise Http404(_("No such paragraph."))
    items = web.paragraph_feedback(
        version=version, key=found.key if found else "", page=request.GET.get("page")
    )
    return render(
        request,
        "consultations/paragraph.html",
        {
            "chapter": chapter,
            "version": version,
            "paragraph": found,
            "items": items,
            "drafter": drafter,
        },
    )


# --- versions -------------------------------------------------------------------------


@require_GET
def versions(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = _chapter(slug)
    drafter = access.can_draft(user=request.user, chapter=chapter)
    return _versions_page(request, chapter, drafter=drafter)


def _versions_page(
    request: HttpRequest,
    chapter: Chapter,
    *,
    drafter: bool,
    period_form: PeriodForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = web.versions_list(chapter=chapter, drafts=drafter)
    return render(
        request,
        "consultations/versions.html",
        {
            "chapter": chapter,
            "versions": rows,
            "drafter": drafter,
            "periods": reads.periods_of(chapter=chapter),
            "period_form": period_form or PeriodForm(),
            "statuses": VersionStatus.choices,
        },
        status=status,
    )


@require_POST
def version_status(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Open, close or finalise a version (the drafting group)."""
    chapter = _chapter(slug)
    found = Version.objects.filter(chapter=chapter, number=number).first()
    if found is None:
        raise Http404(_("No such version."))
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise Refusal(_("Unknown status."), field="status")
    services.version_set_status(
        actor=request.user, version=found, status=form.cleaned_data["status"]
    )
    messages.success(
        request,
        _("%(label)s is now %(status)s.")
        % {"label": found.label, "status": VersionStatus(found.status).label},
    )
    return HttpResponseRedirect(reverse("consultations:versions", args=[chapter.slug]))


@require_POST
def period_add(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = _chapter(slug)
    form = PeriodForm(request.POST)
    drafter = access.can_draft(user=request.user, chapter=chapter)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.period_create(
                actor=request.user,
                chapter=chapter,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                title=data["title"],
                whole_charter=data["whole_charter"],
            )
        except Refusal as exc:
            apply_refusal(form, exc)
            return _versions_page(
                request, chapter, drafter=drafter, period_form=form, status=exc.status
            )
        messages.success(request, _("The consultation period is set."))
        return HttpResponseRedirect(reverse("consultations:versions", args=[chapter.slug]))
    return _versions_page(request, chapter, drafter=drafter, period_form=form, status=400)


@require_GET
def version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    chapter = _chapter(slug)
    drafter = access.can_draft(user=request.user, chapter=chapter)
    diff = web.version_diff(chapter=chapter, number=number)
    if diff is None or (diff.version.status == "draft" and not drafter):
        raise Http404(_("No such version."))
    return render(
        request,
        "consultations/version.html",
        {"chapter": chapter, "diff": diff, "version": diff.version, "drafter": drafter},
    )


@require_GET
def progress(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Carrying feedback to the version: a fragment htmx polls, or a page without it."""
    chapter = _chapter(slug)
    found = Version.objects.filter(chapter=chapter, number=number).defer("source_text").first()
    if found is None:
        raise Http404(_("No such version."))
    template = (
        "consultations/_progress.html"
        if request.headers.get("HX-Request")
        else "consultations/progress.html"
    )
    return render(request, template, {"chapter": chapter, "version": found})


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = _chapter(slug)
    _require(
        access.can_draft(user=request.user, chapter=chapter),
        request,
        _("Only the chapter's drafting group may publish versions."),
    )
    if request.method == "GET":
        latest = web.latest_version(chapter)
        initial = {
            "label": _("Draft %(number)s") % {"number": (latest.number + 1) if latest else 1}
        }
        if latest is not None:
            initial.update(text=latest.source_text, format=latest.format)
        form = PublishForm(initial=initial)
        return render(request, "consultations/publish.html", {"chapter": chapter, "form": form})
    form = PublishForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        upload = data.get("upload")
        try:
            created = services.version_publish(
                actor=request.user,
                chapter=chapter,
                label=data["label"],
                text=data["text"],
                fmt=data["format"],
                status=data["status"],
                source=upload.name if upload is not None else _("pasted"),
            )
        except Refusal as exc:
            apply_refusal(form, exc)
            status = exc.status
        else:
            messages.success(request, _("%(label)s is published.") % {"label": created.label})
            return HttpResponseRedirect(
                reverse("consultations:version", args=[chapter.slug, created.number])
            )
    return render(
        request, "consultations/publish.html", {"chapter": chapter, "form": form}, status=status
    )


# --- one item, triage -----------------------------------------------------------------


@require_GET
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = web.feedback_page(pk=pk)
    item = found.item
    drafter = access.can_triage(user=request.user, chapter=item.chapter)
    return render(
        request,
        "consultations/feedback.html",
        {
            "found": found,
            "item": item,
            "chapter": item.chapter,
            "drafter": drafter,
            "answers": reads.question_answers(feedback=item),
            "triage_form": _triage_form(item, [t.name for t in item.themes.all()]),
            "merge_form": MergeForm(),
        },
    )


def _triage_form(item: Feedback, themes: list[str]) -> TriageForm:
    return TriageForm(
        initial={
            "status": item.status,
            "reason": item.status_reason,
            "adopted_in": item.adopted_in.number if item.adopted_in else None,
            "adopted_key": item.adopted_key,
            "themes": ", ".join(themes),
        },
        prefix=f"t{item.pk}",
    )


def _item(pk: int) -> Feedback:
    item = Feedback.objects.select_related("chapter", "chapter__charter").filter(pk=pk).first()
    if item is None:
        raise NotFound(_("No such feedback."))
    return item


@require_POST
def feedback_triage(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    form = TriageForm(request.POST, prefix=f"t{item.pk}")
    if not form.is_valid():
        raise Refusal.from_fields(
            {field: [str(e) for e in errors] for field, errors in form.errors.items()}
        )
    data = form.cleaned_data
    services.feedback_triage(
        actor=request.user,
        feedback=item,
        status=data["status"],
        reason=data["reason"],
        themes=[t.strip() for t in data["themes"].split(",") if t.strip()],
        adopted_in=data["adopted_in"],
        adopted_key=data["adopted_key"] or None,
    )
    messages.success(request, _("Item %(number)s is saved.") % {"number": item.pk})
    return _back(request, reverse("consultations:feedback", args=[item.pk]))


@require_POST
def feedback_merge(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        raise Refusal(_("Give the number of the item it duplicates."), field="into")
    into = _item(form.cleaned_data["into"])
    services.feedback_merge(actor=request.user, feedback=item, into=into)
    messages.success(
        request,
        _("Item %(number)s is a duplicate of item %(into)s.")
        % {"number": item.pk, "into": into.pk},
    )
    return _back(request, reverse("consultations:feedback", args=[item.pk]))


@require_GET
def triage(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = _chapter(slug)
    _require(
        access.can_triage(user=request.user, chapter=chapter),
        request,
        _("Only the chapter's drafting group triages its feedback."),
    )
    form = TriageFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = web.TriageFilters(
        status=data.get("status") or "",
        channel=data.get("channel") or "",
        theme=data.get("theme") or "",
        orphaned=bool(data.get("orphaned")),
    )
    page, current = web.triage_queue(chapter=chapter, filters=filters, page=request.GET.get("page"))
    items = list(page.object_list)
    placed = (
        reads.placements_for(version=current, feedback_ids=[i.pk for i in items]) if current else {}
    )
    rows = [
        {
            "item": item,
            "placement": placed.get(item.pk),
            "form": _triage_form(item, [t.name for t in item.themes.all()]),
        }
        for item in items
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/triage.html",
        {
            "chapter": chapter,
            "form": form,
            "page": page,
            "rows": rows,
            "version": current,
            "orphaned_count": web.orphaned_count(current),
            "query": query.urlencode(),
            "merge_form": MergeForm(),
        },
    )


# --- recording on behalf of others ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = _chapter(slug)
    _require(
        access.can_record(user=request.user, chapter=chapter),
        request,
        _("Only organisers, ambassadors and the drafting group may record feedback."),
    )
    current = reads.version_current(chapter=chapter)
    if current is None:
        raise Http404(_("This chapter has no published version yet."))
    paragraphs = reads.paragraphs_of(version=current)
    regions = _regions()
    if request.method == "GET":
        form = RecordForm(regions=regions, initial={"given_on": now().date()})
        points = PointFormSet(prefix="points", form_kwargs={"paragraphs": paragraphs})
        return _record_page(request, chapter, version=current, form=form, points=points)
    form = RecordForm(request.POST, regions=regions)
    points = PointFormSet(request.POST, prefix="points", form_kwargs={"paragraphs": paragraphs})
    if not (form.is_valid() and points.is_valid()):
        return _record_page(request, chapter, version=current, form=form, points=points, status=400)
    filled = [p for p in points.forms if p.cleaned_data.get("text", "").strip()]
    if not filled:
        form.add_error(None, _("Write at least one point."))
        return _record_page(request, chapter, version=current, form=form, points=points, status=400)
    data = form.cleaned_data
    event = None
    if data["event"]:
        event = Event.objects.filter(pk=data["event"]).first()
        if event is None:
            form.add_error("event", _("There is no event number %(n)s.") % {"n": data["event"]})
            return _record_page(
                request, chapter, version=current, form=form, points=points, status=400
            )
    given_at = None
    if data["given_on"]:
        given_at = min(now(), dt.datetime.combine(data["given_on"], dt.time(12), tzinfo=dt.UTC))
    status = 400
    try:
        with transaction.atomic():  # all the points or none
            for point in filled:
                try:
                    services.feedback_record(
                        actor=request.user,
                        chapter=chapter,
                        version=current.number,
                        text=point.cleaned_data["text"],
                        paragraph=point.cleaned_data["paragraph"] or None,
                        quote=point.cleaned_data["quote"] or None,
                        channel=data["channel"],
                        language=data["language"],
                        region=data["region"] or None,
                        event=event,
                        source=data["source"],
                        name=data["on_behalf_name"],
                        contact=data["on_behalf_contact"],
                        given_at=given_at,
                    )
                except Refusal as exc:
                    point_fields = {"text", "paragraph", "quote"}
                    target = point if exc.field in point_fields else form
                    apply_refusal(target, exc)
                    raise
    except Refusal as exc:
        status = exc.status
        return _record_page(
            request, chapter, version=current, form=form, points=points, status=status
        )
    messages.success(
        request,
        _("Recorded %(count)s points from %(source)s.")
        % {"count": len(filled), "source": data["source"] or Channel(data["channel"]).label},
    )
    return HttpResponseRedirect(reverse("consultations:record", args=[chapter.slug]))


def _record_page(
    request: HttpRequest,
    chapter: Chapter,
    *,
    version: Version,
    form: RecordForm,
    points: Any,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "consultations/record.html",
        {"chapter": chapter, "version": version, "form": form, "points": points},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def import_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """A survey's CSV, the talk page, or a session's tagged questions, as feedback."""
    chapter = _chapter(slug)
    _require(
        access.can_record(user=request.user, chapter=chapter),
        request,
        _("Only organisers, ambassadors and the drafting group may import feedback."),
    )
    if request.method == "GET":
        return _import_page(request, chapter, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, chapter, form, status=400)
    data = form.cleaned_data
    try:
        if data["kind"] == "survey":
            created = services.survey_import(
                actor=request.user,
                chapter=chapter,
                data=data["text"],
                source=data["source"] or _("survey"),
            )
        elif data["kind"] == "talk_page":
            created = services.talk_page_import(
                actor=request.user,
                chapter=chapter,
                wikitext=data["text"],
                source=data["source"],
                language=data["language"],
            )
        else:
            event = Event.objects.filter(pk=data["event"]).first()
            if event is None:
                raise Refusal(
                    _("There is no event number %(n)s.") % {"n": data["event"]}, field="event"
                )
            created = services.questions_tag_by_topic(
                actor=request.user, chapter=chapter, event=event
            )
    except Refusal as exc:
        apply_refusal(form, exc)
        return _import_page(request, chapter, form, status=exc.status)
    messages.success(request, _("%(count)s feedback items added.") % {"count": len(created)})
    return HttpResponseRedirect(reverse("consultations:triage", args=[chapter.slug]))


def _import_page(
    request: HttpRequest, chapter: Chapter, form: ImportForm, status: int = 200
) -> HttpResponse:
    return render(
        request, "consultations/import.html", {"chapter": chapter, "form": form}, status=status
    )


# --- translating ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def translate(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    chapter = _chapter(slug)
    found = Version.objects.filter(chapter=chapter, number=number).defer("source_text").first()
    if found is None:
        raise Http404(_("No such version."))
    _require(access.can_translate(user=request.user), request, _("Sign in to translate."))
    language = (request.POST.get("language") or request.GET.get("lang") or "").strip()
    error_form: TranslationForm | None = None
    status = 200
    if request.method == "POST":
        form = TranslationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.translation_save(
                    actor=request.user,
                    version=found,
                    language=language,
                    key=data["key"],
                    text=data["text"],
                    done=data["done"],
                )
            except Refusal as exc:
                apply_refusal(form, exc)
                error_form, status = form, exc.status
            else:
                url = reverse("consultations:translate", args=[chapter.slug, number])
                return HttpResponseRedirect(f"{url}?lang={language}#t-{data['key']}")
        else:
            error_form = form
            status = 400
    rows, tally = web.translation_rows(version=found, language=language) if language else ([], {})
    forms = []
    for row in rows:
        if error_form is not None and error_form.data.get("key") == row.paragraph.key:
            forms.append((row, error_form))
        else:
            forms.append(
                (
                    row,
                    TranslationForm(
                        initial={
                            "key": row.paragraph.key,
                            "text": row.text,
                            "done": row.status == TranslationStatus.DONE,
                        },
                        prefix=None,
                    ),
                )
            )
    return render(
        request,
        "consultations/translate.html",
        {
            "chapter": chapter,
            "version": found,
            "language": language,
            "rows": forms,
            "tally": [(s.value, s.label, tally.get(s.value, 0)) for s in TranslationStatus],
            "error_form": error_form,
        },
        status=status,
    )


# --- synthesis --------------------------------------------------------------------------


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
    form, filters, trend_by, known = _synthesis_filters(request)
    result = synth.synthesis_live(filters=filters, known=known, trend_by=trend_by)
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
    return render(
        request,
        "consultations/synthesis.html",
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
