"""The chapters, a chapter paragraph by paragraph, giving feedback, a paragraph's feedback."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from convene.consultations import generations, services
from convene.consultations.forms import FeedbackForm, paragraph_choices
from convene.consultations.models import (
    Chapter,
)
from convene.consultations.queries import access, reads, web
from convene.consultations.views.common import PageText, _chapter, _regions, _version_number
from convene.core.clock import now
from convene.core.errors import NotFound, NotSignedIn, Refusal
from convene.core.forms import apply_refusal
from convene.core.fragments import cached_fragment, cached_value
from convene.directory.queries import directory_version


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The chapters, with their feedback counted once until the consultations or the
    directory (the drafting groups' names) change."""
    chapters = cached_fragment(
        "consultations.index",
        (generations.of_all(), directory_version()),
        lambda: render_to_string(
            "consultations/_index_chapters.html", {"rows": web.chapters_overview()}
        ),
    )
    return render(request, "consultations/index.html", {"chapters": chapters})


@dataclass(frozen=True)
class ChapterText:
    """What a chapter's page shows alike to every reader of one kind (signed in or not,
    drafter or not), for one version, part and language: from the version's line to the
    pager under the text, with the paragraphs and their feedback counts. Kept in the cache
    under the chapter's generation (`consultations.generations`) and the day (the
    consultation period), so the 200 paragraphs of a long chapter, their feedback over
    50,000 items and their Markdown are read and written once, not on every visit."""

    markup: str
    number: int  # the version's
    part: int
    open_now: bool
    choices: list[tuple[str, str]]  # the part's paragraphs, for the feedback form

    @property
    def html(self) -> SafeString:
        return mark_safe(self.markup)  # noqa: S308  (a template's output)


def _chapter_text(
    request: HttpRequest, chapter: Chapter, *, drafter: bool, number: int | None
) -> ChapterText | None:
    language = request.GET.get("lang")
    try:
        part = int(request.GET.get("part", "1"))
    except ValueError:
        part = 1
    around = request.GET.get("paragraph", "")
    signed_in = bool(request.user.is_authenticated)
    day = now().astimezone(dt.UTC).date()

    def build() -> ChapterText | None:
        page = web.chapter_page(
            chapter=chapter,
            number=number,
            language=(get_language() or "") if language is None else language,
            drafts=drafter,
            part=part,
            around=around,
        )
        if page is None:
            return None
        period, in_period = web.period_for(chapter, day)
        open_now = in_period and page.version.status == "open"
        markup = render_to_string(
            "consultations/_chapter_text.html",
            {
                "chapter": chapter,
                "page": page,
                "version": page.version,
                "period": period,
                "open_now": open_now,
                "drafter": drafter,
                "user": request.user,
                "is_current": page.version.status == "draft"
                or page.version.pk == [v for v in page.versions if v.status != "draft"][-1].pk,
                "part_numbers": range(1, page.parts + 1),
            },
        )
        return ChapterText(
            markup=markup,
            number=page.version.number,
            part=page.part,
            open_now=open_now,
            choices=paragraph_choices([row.paragraph for row in page.paragraphs]),
        )

    parts = (chapter.pk, generations.of_chapter(chapter.pk), number, language, part, around)
    return cached_value("consultations.chapter-text", (*parts, drafter, signed_in, day), build)


def _chapter_context(
    request: HttpRequest, chapter: Chapter, form: FeedbackForm | None = None
) -> dict[str, Any]:
    drafter = access.can_draft(user=request.user, chapter=chapter)
    number = _version_number(request)
    page = _chapter_text(request, chapter, drafter=drafter, number=number)
    if page is None:
        if number is not None:
            raise Http404(_("No such version."))
        return {"chapter": chapter, "page": None, "drafter": drafter}
    fields = None
    if form is None and page.open_now and request.user.is_authenticated:
        # The empty form's fields (the part's paragraphs, the regions) are the same for
        # every reader who chose the same paragraph: written once.
        initial = {"paragraph": request.GET.get("paragraph", ""), "language": get_language()}
        parts = (chapter.pk, generations.of_chapter(chapter.pk), page.number, page.part)
        fields = cached_fragment(
            "consultations.feedback-fields",
            (*parts, initial["paragraph"], directory_version()),
            lambda: render_to_string(
                "consultations/_give_fields.html",
                {"form": FeedbackForm(choices=page.choices, regions=_regions(), initial=initial)},
            ),
        )
    return {
        "chapter": chapter,
        "page": page,
        "open_now": page.open_now,
        "form": form,
        "fields": fields,
        "drafter": drafter,
        "recorder": access.can_record(user=request.user, chapter=chapter),
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
    form = FeedbackForm(request.POST, choices=page.choices, regions=_regions())
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.feedback_give(
                actor=request.user,
                chapter=chapter,
                version=page.number,
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
    context["form"], context["fields"] = form, None  # the reader's own answers and errors
    return render(request, "consultations/chapter.html", context, status=status)


@require_GET
def paragraph(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The feedback sitting on one paragraph of a version ("chapter": on the whole)."""
    chapter = _chapter(slug)
    drafter = access.can_draft(user=request.user, chapter=chapter)
    number = _version_number(request)
    page_number = request.GET.get("page")

    def build() -> PageText:
        try:
            version = reads.version_get(chapter=chapter, number=number, viewer=request.user)
        except NotFound:
            return PageText(missing=_("No such version."))
        found = None
        if key != "chapter":
            found = version.paragraphs.filter(key=key).first()
            if found is None:
                return PageText(missing=_("No such paragraph."))
        items = web.paragraph_feedback(
            version=version, key=found.key if found else "", page=page_number
        )
        markup = render_to_string(
            "consultations/_paragraph_text.html",
            {"chapter": chapter, "version": version, "paragraph": found, "items": items},
        )
        return PageText(markup=markup, position=found.position if found else None)

    # The items show their region's name and the day they were given in the reader's zone.
    parts: tuple[object, ...] = (
        chapter.pk,
        generations.of_chapter(chapter.pk),
        number,
        key,
        page_number,
        drafter,
    )
    parts += (directory_version(), timezone.get_current_timezone_name())
    page = cached_value("consultations.paragraph", parts, build)
    if page.missing:
        raise Http404(page.missing)
    return render(
        request,
        "consultations/paragraph.html",
        {"chapter": chapter, "page": page, "drafter": drafter},
    )
