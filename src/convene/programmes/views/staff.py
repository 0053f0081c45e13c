"""Staff pages: the ambassador rounds and the grant programmes, to create and change."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from convene.core.errors import NotAllowed, NotFound
from convene.programmes import forms, queries, services
from convene.programmes.models import GrantProgramme, Round
from convene.programmes.views.common import form_page, signed_in


def _posted(request: HttpRequest) -> Any:
    """The form's data on a POST (even an empty one: its errors are shown), else None."""
    return request.POST if request.method == "POST" else None


def _staff(request: HttpRequest) -> None:
    signed_in(request)
    if not queries.can_decide(request.user):
        raise NotAllowed(_("Only staff run the programmes."))


@require_GET
def setup(request: HttpRequest) -> HttpResponse:
    """The rounds and grant programmes, with links to create and change them."""
    _staff(request)
    return render(
        request,
        "programmes/setup.html",
        {
            "rounds": list(queries.rounds_all()),
            "programmes": list(queries.programmes_all()),
            "current_round": queries.round_current(),
            "current_programme": queries.programme_current(),
        },
    )


def _round_action(request: HttpRequest, form: forms.RoundForm, item: Round | None) -> Round:
    data = form.cleaned_data
    common: dict[str, Any] = {
        "actor": request.user,
        "title": data["title"],
        "description": data["description"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "conversations_required": data["conversations_required"],
        "reports_required": data["reports_required"],
        "report_due_days": data["report_due_days"],
        "charter": data["charter"],
    }
    if item is None:
        return services.round_create(slug=data["slug"], **common)
    return services.round_update(round=item, **common)


@require_http_methods(["GET", "POST"])
def round_form(request: HttpRequest, slug: str = "") -> HttpResponse:
    """A new round (or, with `slug`, changing one)."""
    _staff(request)
    item = queries.round_get(slug) if slug else None
    initial = {}
    if item is not None:
        initial = {
            "title": item.title, "description": item.description,
            "starts_on": item.starts_on, "ends_on": item.ends_on,
            "conversations_required": item.conversations_required,
            "reports_required": item.reports_required,
            "report_due_days": item.report_due_days, "charter": item.charter_id,
        }  # fmt: skip
    form = forms.RoundForm(_posted(request), initial=initial, editing=item is not None)
    return form_page(
        request,
        form=form,
        action=lambda: _round_action(request, form, item),
        done=lambda _r: reverse("programmes:setup"),
        template="programmes/round_form.html",
        context={"item": item},
    )


def _programme_get(slug: str) -> GrantProgramme:
    found = queries.programmes_all().filter(slug=slug).first()
    if found is None:
        raise NotFound(_("There is no grant programme “%(slug)s”.") % {"slug": slug})
    return found


def _programme_action(
    request: HttpRequest, form: forms.GrantProgrammeForm, item: GrantProgramme | None
) -> GrantProgramme:
    data = form.cleaned_data
    common: dict[str, Any] = {
        "actor": request.user,
        "title": data["title"],
        "description": data["description"],
        "rubric": form.rubric_rows(),
        "threshold": data["threshold"],
        "currencies": data["currencies"],
        "kinds": data["kinds"],
        "reviewers": services.reviewers_by_username(form.usernames()),
        "report_due_days": data["report_due_days"],
    }
    if item is None:
        return services.grant_programme_create(slug=data["slug"], **common)
    return services.grant_programme_update(programme=item, **common)


@require_http_methods(["GET", "POST"])
def programme_form(request: HttpRequest, slug: str = "") -> HttpResponse:
    """A new grant programme (or, with `slug`, changing one)."""
    _staff(request)
    item = _programme_get(slug) if slug else None
    initial = {}
    if item is not None:
        initial = {
            "title": item.title, "description": item.description,
            "rubric": "\n".join(f"{c['key']}: {c['label']}" for c in item.rubric),
            "threshold": item.threshold, "currencies": item.currencies, "kinds": item.kinds,
            "reviewers": " ".join(sorted(u.username for u in item.reviewers.all())),
            "report_due_days": item.report_due_days,
        }  # fmt: skip
    form = forms.GrantProgrammeForm(_posted(request), initial=initial, editing=item is not None)
    return form_page(
        request,
        form=form,
        action=lambda: _programme_action(request, form, item),
        done=lambda _p: reverse("programmes:setup"),
        template="programmes/programme_form.html",
        context={"item": item},
    )
