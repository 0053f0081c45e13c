"""One organisation: its page, its history, and the actions on it (roles, stages,
recognition, members, decisions, requests to join)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from convene.core.errors import Invalid
from convene.core.forms import apply_refusal
from convene.directory import queries, services
from convene.directory.forms import (
    DecisionForm,
    HubRoleForm,
    JoinForm,
    MembershipForm,
    RecognitionForm,
    StageForm,
)
from convene.directory.models import (
    STAGE_ORDER,
    HubRole,
    Membership,
    Organisation,
    Stage,
    Status,
)
from convene.directory.views.common import FORM_REFUSALS
from convene.people.queries import person_by_username


def _organisation_or_404(request: HttpRequest, slug: str) -> Organisation:
    org = queries.organisation_for_page(viewer=request.user, slug=slug)
    if org is None:
        raise Http404(_("No such organisation."))
    return org


def _stages(org: Any) -> list[dict[str, Any]]:
    current = STAGE_ORDER.index(org.stage) if org.stage else -1
    return [
        {"value": value, "label": label, "done": index <= current, "current": index == current}
        for index, (value, label) in enumerate(Stage.choices)
    ]


def _render_organisation(
    request: HttpRequest,
    org: Any,
    *,
    title: str = "",
    can_edit: bool | None = None,
    vary: list[str] | None = None,
    status: int = 200,
    head: Any = None,
    **forms: Any,
) -> HttpResponse:
    """The organisation page. With `vary` (readers who cannot edit), the body is a fragment
    cached per organisation and directory version, and `org` may be a lazy object that is
    only loaded when that fragment is built."""
    if can_edit is None:
        can_edit = queries.organisation_can_edit(viewer=request.user, organisation=org)
    context = {
        "org": org,
        "title": title or org.name,
        "can_edit": can_edit,
        "is_staff": request.user.is_authenticated and request.user.is_staff,
        "vary": vary,
        "cache_seconds": queries.cache_seconds(),
        "stages": SimpleLazyObject(lambda: _stages(org)),
        "roles": SimpleLazyObject(
            lambda: sorted(org.hub_roles.all(), key=lambda r: (r.status != "active", r.role))
        ),
        "people": SimpleLazyObject(lambda: list(org.memberships.all())),
        "history": SimpleLazyObject(
            lambda: queries.organisation_history(organisation=org, limit=10)
        ),
        # Empty forms are made only if shown (to editors and staff, outside the cache).
        "role_form": forms.get("role_form") or SimpleLazyObject(HubRoleForm),
        "stage_form": forms.get("stage_form") or SimpleLazyObject(StageForm),
        "recognition_form": forms.get("recognition_form") or SimpleLazyObject(RecognitionForm),
        "membership_form": forms.get("membership_form") or SimpleLazyObject(MembershipForm),
        "decision_form": forms.get("decision_form") or SimpleLazyObject(DecisionForm),
        # Per reader, outside the cached body: the head is enough (no page load).
        "join": SimpleLazyObject(
            lambda: queries.join_state(viewer=request.user, organisation=head or org)
        ),
        "join_form": SimpleLazyObject(JoinForm),
        "org_slug": (head or org).slug,
        # Higher apps' panels (convene.core.panels) get the head too, not the full page.
        "panel_subject": head or org,
        "join_decision_form": SimpleLazyObject(DecisionForm),
    }
    return render(request, "directory/organisation.html", context, status=status)


@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    version = None
    if request.user.is_authenticated:
        head = queries.organisation_head(viewer=request.user, slug=slug)
    else:  # what anonymous readers may see is the same for all of them
        version = queries.directory_version()
        head = queries.cached_part(
            "head",
            [slug],
            lambda: queries.organisation_head(viewer=request.user, slug=slug),
            version=version,
        )
    if head is None:
        raise Http404(_("No such organisation."))
    can_edit = queries.organisation_can_edit(viewer=request.user, organisation=head)
    staff = request.user.is_authenticated and request.user.is_staff
    if can_edit or staff or head.status != Status.ACTIVE:
        return _render_organisation(request, _organisation_or_404(request, slug), can_edit=can_edit)
    lazy: Any = SimpleLazyObject(lambda: _organisation_or_404(request, slug))
    return _render_organisation(
        request,
        lazy,
        title=head.name,
        can_edit=False,
        vary=[slug, version or queries.directory_version()],
        head=head,
    )


@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation_or_404(request, slug)
    return render(
        request,
        "directory/history.html",
        {"org": org, "changes": queries.organisation_history(organisation=org, limit=500)},
    )


def _organisation_for_action_or_404(request: HttpRequest, slug: str) -> Organisation:
    org = queries.organisation_for_action(viewer=request.user, slug=slug)
    if org is None:
        raise Http404(_("No such organisation."))
    return org


def _service_call(
    request: HttpRequest, org: Organisation, form_key: str, form: Any, call: Any
) -> HttpResponse:
    """Run a service from a small form on the organisation page; re-render with errors
    (the page, with all it shows, is loaded only then)."""
    if not form.is_valid():
        page = _organisation_or_404(request, org.slug)
        return _render_organisation(request, page, status=400, **{form_key: form})
    try:
        call(form.cleaned_data)
    except FORM_REFUSALS as exc:
        apply_refusal(form, exc)
        page = _organisation_or_404(request, org.slug)
        return _render_organisation(request, page, status=400, **{form_key: form})
    messages.success(request, _("Saved."))
    return HttpResponseRedirect(reverse("directory:organisation", args=[org.slug]))


@login_required
@require_POST
def role_set(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation_for_action_or_404(request, slug)
    return _service_call(
        request, org, "role_form", HubRoleForm(request.POST),
        lambda d: services.hub_set_role(
            actor=request.user, organisation=org, role=d["role"], status=d["status"],
            other=d["other"],
        ),
    )  # fmt: skip


@login_required
@require_POST
def role_remove(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    org = _organisation_for_action_or_404(request, slug)
    hub_role = get_object_or_404(HubRole, pk=role_id, organisation=org)
    services.hub_remove_role(actor=request.user, hub_role=hub_role)
    messages.success(request, _("Role removed."))
    return HttpResponseRedirect(reverse("directory:organisation", args=[org.slug]))


@login_required
@require_POST
def stage_change(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation_for_action_or_404(request, slug)
    return _service_call(
        request, org, "stage_form", StageForm(request.POST),
        lambda d: services.hub_change_stage(
            actor=request.user, organisation=org, stage=d["stage"], changed_on=d["changed_on"],
            note=d["note"],
        ),
    )  # fmt: skip


@login_required
@require_POST
def recognise(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation_for_action_or_404(request, slug)
    return _service_call(
        request, org, "recognition_form", RecognitionForm(request.POST),
        lambda d: services.hub_recognise(
            actor=request.user, organisation=org, decided_on=d["decided_on"],
            decided_by=d["decided_by"], reference_url=d["reference_url"], note=d["note"],
        ),
    )  # fmt: skip


@login_required
@require_POST
def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation_for_action_or_404(request, slug)

    def call(d: dict[str, Any]) -> None:
        user = person_by_username(d["username"])
        if user is None:
            raise Invalid(_("No one has this username."), field="username")
        services.membership_add(actor=request.user, organisation=org, user=user, role=d["role"])

    return _service_call(request, org, "membership_form", MembershipForm(request.POST), call)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    org = _organisation_for_action_or_404(request, slug)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=org)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, _("Removed."))
    return HttpResponseRedirect(reverse("directory:organisation", args=[org.slug]))


@login_required
@require_POST
def decide(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation_for_action_or_404(request, slug)

    def call(d: dict[str, Any]) -> None:
        if d["decision"] == "accept":
            services.proposal_accept(actor=request.user, organisation=org, message=d["message"])
        else:
            services.proposal_decline(actor=request.user, organisation=org, message=d["message"])

    return _service_call(request, org, "decision_form", DecisionForm(request.POST), call)


def _back_to(org: Organisation, anchor: str = "") -> HttpResponse:
    return HttpResponseRedirect(reverse("directory:organisation", args=[org.slug]) + anchor)


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask to join; the coordinators are told."""
    org = _organisation_for_action_or_404(request, slug)
    form = JoinForm(request.POST)
    form.is_valid()
    try:
        services.membership_request(
            actor=request.user, organisation=org, message=form.cleaned_data.get("message", "")
        )
    except FORM_REFUSALS as exc:
        messages.error(request, " ".join(e.message for e in exc.errors))
    else:
        messages.success(request, _("Your request is sent; you will be told of the decision."))
    return _back_to(org, "#join")


@login_required
@require_POST
def join_decide(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    """A coordinator or staff accept or decline a request to join; the person is told."""
    org = _organisation_for_action_or_404(request, slug)
    join_request = queries.join_request_for_decision(organisation=org, pk=request_id)
    if join_request is None:
        raise Http404(_("No such request."))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or decline."))
        return _back_to(org, "#join-requests")
    try:
        services.membership_request_decide(
            actor=request.user,
            join_request=join_request,
            accept=form.cleaned_data["decision"] == "accept",
            message=form.cleaned_data["message"],
        )
    except FORM_REFUSALS as exc:
        messages.error(request, " ".join(e.message for e in exc.errors))
    else:
        messages.success(request, _("Decided; they are told."))
    return _back_to(org, "#join-requests")
