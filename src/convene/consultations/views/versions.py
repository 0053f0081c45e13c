"""Versions: the list, a version and its diff, status, periods, publishing with progress."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.consultations import generations, services
from convene.consultations.forms import (
    PeriodForm,
    PublishForm,
    StatusForm,
)
from convene.consultations.models import (
    Chapter,
    Version,
    VersionStatus,
)
from convene.consultations.queries import access, reads, web
from convene.consultations.views.common import PageText, _chapter, _require
from convene.core.errors import Refusal
from convene.core.forms import apply_refusal
from convene.core.fragments import cached_value
from convene.directory.queries import directory_version


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

    def build() -> PageText:
        diff = web.version_diff(chapter=chapter, number=number)
        if diff is None or (diff.version.status == "draft" and not drafter):
            return PageText(missing=_("No such version."))
        version = diff.version
        markup = render_to_string(
            "consultations/_version_text.html",
            {"chapter": chapter, "diff": diff, "version": version},
        )
        return PageText(
            markup=markup,
            label=version.label,
            carrying=version.reanchor_state in ("pending", "running"),
        )

    # The orphans show their region's name and the day they were given in the reader's zone.
    parts: tuple[object, ...] = (chapter.pk, generations.of_chapter(chapter.pk), number, drafter)
    parts += (directory_version(), timezone.get_current_timezone_name())
    page = cached_value("consultations.version", parts, build)
    if page.missing:
        raise Http404(page.missing)
    return render(
        request,
        "consultations/version.html",
        {"chapter": chapter, "page": page, "drafter": drafter},
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
            if data.get("page") and not data.get("text"):
                created = services.version_publish_from_wiki(
                    actor=request.user,
                    chapter=chapter,
                    page=data["page"],
                    label=data["label"],
                    status=data["status"],
                )
            else:
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
