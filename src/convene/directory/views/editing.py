"""Creating, proposing and editing organisations; the proposals queue; communities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from convene.core.errors import NotAllowed
from convene.core.forms import apply_refusal
from convene.directory import queries, services
from convene.directory.forms import (
    CommunityForm,
    DecisionForm,
    OrganisationForm,
)
from convene.directory.models import (
    Community,
    Organisation,
    Status,
)
from convene.directory.views.common import FORM_REFUSALS
from convene.directory.views.organisation import _organisation_or_404
from convene.people.pickers import picker_reader_languages, pickers_put_first


def _organisation_form_page(
    request: HttpRequest, *, org: Organisation | None, proposing: bool
) -> HttpResponse:
    if request.method == "POST":
        form = OrganisationForm(request.POST, proposing=proposing, new=org is None)
        pickers_put_first(form, picker_reader_languages(request))
        if form.is_valid():
            try:
                if org is not None:
                    saved = services.organisation_update(
                        actor=request.user, organisation=org, data=form.to_input()
                    )
                elif proposing:
                    saved = services.organisation_propose(actor=request.user, data=form.to_input())
                else:
                    saved = services.organisation_create(actor=request.user, data=form.to_input())
            except FORM_REFUSALS as exc:
                apply_refusal(form, exc)
            else:
                if proposing:
                    messages.success(
                        request, _("Thank you: your proposal is waiting for staff to look at it.")
                    )
                else:
                    messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("directory:organisation", args=[saved.slug]))
        status = 400
    else:
        initial = OrganisationForm.initial_for(org) if org is not None else {}
        form = OrganisationForm(initial=initial, proposing=proposing, new=org is None)
        pickers_put_first(form, picker_reader_languages(request))
        status = 200
    return render(
        request,
        "directory/organisation_form.html",
        {"form": form, "org": org, "proposing": proposing},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise NotAllowed(_("Only staff may add organisations directly; propose one instead."))
    return _organisation_form_page(request, org=None, proposing=False)


@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    """Anyone may see how to propose; the form itself asks a reader to sign in first."""
    if not request.user.is_authenticated:
        return render(request, "directory/organisation_form.html", {"proposing": True})
    return _organisation_form_page(request, org=None, proposing=True)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation_or_404(request, slug)
    if not queries.organisation_can_edit(viewer=request.user, organisation=org):
        raise NotAllowed(_("Only staff and the organisation's coordinators may edit it."))
    return _organisation_form_page(request, org=org, proposing=False)


@login_required
@require_GET
def proposals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/proposals.html",
        {
            "proposals": queries.proposals_for(viewer=request.user),
            "decision_form": DecisionForm(),
        },
    )


# --- communities ------------------------------------------------------------------------


@require_GET
def community(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(
        Community.objects.prefetch_related("languages", "countries", "served_by"),
        slug=slug,
    )
    served_by = [o for o in item.served_by.all() if o.status == Status.ACTIVE]
    return render(request, "directory/community.html", {"community": item, "served_by": served_by})


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if not request.user.is_staff:
        raise NotAllowed(_("Only staff may add or edit communities."))
    item = get_object_or_404(Community, slug=slug) if slug else None
    if request.method == "POST":
        form = CommunityForm(request.POST)
        pickers_put_first(form, picker_reader_languages(request))
        if form.is_valid():
            try:
                if item is None:
                    item = services.community_create(actor=request.user, data=form.to_input())
                else:
                    item = services.community_update(
                        actor=request.user, community=item, data=form.to_input()
                    )
            except FORM_REFUSALS as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("directory:community", args=[item.slug]))
        status = 400
    else:
        initial = {}
        if item is not None:
            initial = {
                "name": item.name,
                "kind": item.kind,
                "projects": "\n".join(item.projects),
                "theme": item.theme,
                "description": item.description,
                "languages": list(item.languages.values_list("code", flat=True)),
                "countries": list(item.countries.values_list("code", flat=True)),
            }
        form = CommunityForm(initial=initial)
        pickers_put_first(form, picker_reader_languages(request))
        status = 200
    return render(
        request, "directory/community_form.html", {"form": form, "community": item}, status=status
    )
