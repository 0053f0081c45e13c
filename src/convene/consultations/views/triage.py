"""One feedback item, and the drafting group's triage and orphan queues."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from convene.consultations import services
from convene.consultations.forms import (
    MergeForm,
    TriageFilterForm,
    TriageForm,
)
from convene.consultations.models import (
    Feedback,
)
from convene.consultations.queries import access, reads, web
from convene.consultations.views.common import _back, _chapter, _require
from convene.core.errors import NotFound, Refusal


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
