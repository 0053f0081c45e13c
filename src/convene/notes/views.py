"""Notes pages: an event's notes (downloads, publishing, announcement), importing notes
with a preview, a publication's result (with the diff on a conflict). Thin: parse the
form, call a service or a query, render. Every page works without JavaScript."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.core.errors import NotAllowed, NotSignedIn, Refusal
from convene.core.forms import apply_refusal
from convene.events.models import Event
from convene.notes import publishing, queries, services
from convene.notes.forms import AnnouncementForm, ImportForm, PublishForm
from convene.notes.models import PublicationStatus, WikiPublication


def _event(event_id: int) -> Event:
    try:
        return queries.event_get(pk=event_id)
    except Event.DoesNotExist as exc:
        raise Http404(_("No such event.")) from exc


def _require_manager(request: HttpRequest, event: Event) -> None:
    """Refuse anyone but the event's organisers (RefusalMiddleware answers: the sign-in
    page for an anonymous GET, the refusal's page otherwise)."""
    if not request.user.is_authenticated:
        raise NotSignedIn(_("Sign in first."))
    if not queries.can_manage_notes(user=request.user, event=event):
        raise NotAllowed(_("Only the event's organisers may do that."))


def _apply_refusal(form: Any, exc: Refusal) -> None:
    # "as_bot" is not shown when no bot is configured: say it above the form then.
    if exc.field == "as_bot":
        form.add_error(None, exc.message)
    else:
        apply_refusal(form, exc)


@require_GET
def event_notes(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(event_id)
    manager = queries.can_manage_notes(user=request.user, event=event)
    context: dict[str, Any] = {"event": event, "manager": manager}
    if manager:
        announcement = queries.announcement_of(event=event)
        context.update(
            publications=list(queries.publications_for(event=event)),
            imports=queries.imports_for(event=event, limit=5),
            publish_form=PublishForm(
                initial={"summary": _("Notes of %(title)s (Convene)") % {"title": event.title}}
            ),
            announcement=announcement,
            announcement_form=AnnouncementForm(
                initial={
                    "page": announcement.page if announcement else "",
                    "section": announcement.section if announcement else "",
                    "post_on_publish": True,
                    "update_at_release": announcement.update_at_release if announcement else True,
                    "as_bot": announcement.as_bot if announcement else False,
                }
            ),
            bot=publishing.bot_configured(),
        )
    return render(request, "notes/event.html", context)


def _download(event: Event, fmt: str, extension: str, content_type: str) -> HttpResponse:
    body = queries.event_notes(event=event, fmt=fmt)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    name = f"{event.slug or 'event'}-{event.pk}-notes.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def download_wikitext(request: HttpRequest, event_id: int) -> HttpResponse:
    return _download(_event(event_id), "wikitext", "wiki", "text/plain")


@require_GET
def download_markdown(request: HttpRequest, event_id: int) -> HttpResponse:
    return _download(_event(event_id), "markdown", "md", "text/markdown")


@require_http_methods(["GET", "POST"])
def import_notes(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(event_id)
    _require_manager(request, event)
    if request.method == "GET":
        return render(request, "notes/import.html", {"event": event, "form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    context: dict[str, Any] = {"event": event, "form": form}
    if not form.is_valid():
        return render(request, "notes/import.html", context, status=400)
    text, fmt = form.cleaned_data["text"], form.cleaned_data["fmt"]
    save = request.POST.get("action") == "save"
    try:
        outcome = services.event_import_notes(
            actor=request.user,
            event=event,
            text=text,
            fmt=fmt,
            dry_run=not save,
            source_name=getattr(form.cleaned_data.get("upload"), "name", "") or "",
        )
    except Refusal as exc:
        # The text stays in the form (a fresh form, so an upload is kept as text).
        form = ImportForm(initial={"text": text, "fmt": fmt})
        context.update(form=form, error=exc.message)
        return render(request, "notes/import.html", context, status=exc.status)
    if save:
        if outcome.changed:
            messages.success(
                request,
                _("Added %(questions)s questions and %(answers)s answers.")
                % {"questions": outcome.questions_added, "answers": outcome.answers_added},
            )
        else:
            messages.info(request, _("Nothing new: these notes were already imported."))
        return HttpResponseRedirect(reverse("qa:board", args=[event.pk]))
    questions, answers = queries.count_tree(outcome.result.items)
    context.update(
        form=ImportForm(initial={"text": text, "fmt": fmt}),
        preview=outcome,
        items=outcome.result.items,
        questions=questions,
        answers=answers,
    )
    return render(request, "notes/import.html", context)


@require_POST
def publish(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(event_id)
    _require_manager(request, event)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            publication = services.publication_request(
                actor=request.user, event=event, **form.cleaned_data
            )
        except Refusal as exc:
            _apply_refusal(form, exc)
        else:
            return HttpResponseRedirect(reverse("notes:publication", args=[publication.pk]))
    return _form_page(request, event, publish_form=form)


def _form_page(request: HttpRequest, event: Event, **forms: Any) -> HttpResponse:
    """The event's notes page again, with the refused form and its errors (status 400)."""
    announcement = queries.announcement_of(event=event)
    context = {
        "event": event,
        "manager": True,
        "publications": list(queries.publications_for(event=event)),
        "imports": queries.imports_for(event=event, limit=5),
        "publish_form": forms.get("publish_form") or PublishForm(),
        "announcement": announcement,
        "announcement_form": forms.get("announcement_form") or AnnouncementForm(),
        "bot": publishing.bot_configured(),
    }
    return render(request, "notes/event.html", context, status=400)


@require_POST
def announcement(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(event_id)
    _require_manager(request, event)
    form = AnnouncementForm(request.POST)
    if form.is_valid():
        try:
            services.announcement_configure(actor=request.user, event=event, **form.cleaned_data)
        except Refusal as exc:
            _apply_refusal(form, exc)
        else:
            messages.success(request, _("The announcement settings are saved."))
            return HttpResponseRedirect(reverse("notes:event", args=[event.pk]))
    return _form_page(request, event, announcement_form=form)


def _publication(request: HttpRequest, pk: int) -> WikiPublication:
    try:
        publication = queries.publication_get(pk=pk)
    except WikiPublication.DoesNotExist as exc:
        raise Http404(_("No such publication.")) from exc
    _require_manager(request, publication.event)
    return publication


@require_GET
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    item = _publication(request, pk)
    context = {
        "publication": item,
        "event": item.event,
        "diff": queries.conflict_diff(item) if item.status == PublicationStatus.CONFLICT else [],
        "page_url": publishing.wiki_config().page_url(item.page),
    }
    return render(request, "notes/publication.html", context)


@require_POST
def publication_retry(request: HttpRequest, pk: int) -> HttpResponse:
    item = _publication(request, pk)
    again = services.publication_retry(actor=request.user, publication=item)
    return HttpResponseRedirect(reverse("notes:publication", args=[again.pk]))
