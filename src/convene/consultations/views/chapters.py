"""The chapters, a chapter paragraph by paragraph, giving feedback, a paragraph's feedback."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from convene.consultations import services
from convene.consultations.forms import (
    FeedbackForm,
)
from convene.consultations.models import (
    Chapter,
)
from convene.consultations.queries import access, reads, web
from convene.consultations.views.common import _chapter, _regions, _version_number
from convene.core.errors import NotFound, NotSignedIn, Refusal
from convene.core.forms import apply_refusal


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
