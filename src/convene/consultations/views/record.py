"""Recording feedback on behalf of others, and importing it in bulk."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from convene.consultations import services
from convene.consultations.forms import (
    ImportForm,
    PointFormSet,
    RecordForm,
)
from convene.consultations.models import (
    Channel,
    Chapter,
    Version,
)
from convene.consultations.queries import access, reads
from convene.consultations.views.common import _chapter, _regions, _require
from convene.core.clock import now
from convene.core.errors import Refusal
from convene.core.forms import apply_refusal
from convene.events.models import Event


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
