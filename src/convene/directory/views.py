"""HTML pages of the directory. Thin: parse, call a query or service, render."""

import csv
import functools
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.core.errors import Conflict, Invalid, NotAllowed
from convene.core.forms import apply_refusal
from convene.core.reader import reader_profile
from convene.directory import queries, services
from convene.directory.forms import (
    CommunityForm,
    DecisionForm,
    FilterForm,
    HubRoleForm,
    JoinForm,
    MembershipForm,
    OrganisationForm,
    RecognitionForm,
    StageForm,
    WhoServesForm,
)
from convene.directory.models import (
    STAGE_ORDER,
    Community,
    Country,
    HubRole,
    Language,
    Membership,
    Organisation,
    Stage,
    Status,
)
from convene.directory.pickers import COMMUNITIES, COUNTRIES, ORGANISATIONS
from convene.directory.worldmap import LEVEL_LABELS, shapes_svg, world_map
from convene.people.pickers import picker_reader_languages, pickers_put_first, suggest_response
from convene.people.queries import person_by_username

PAGE_SIZE = 50
PICKED = ("country", "language")  # filters given through a search picker
# A form shows these refusals on its fields; the others (not signed in, not allowed) are
# answered as a page by RefusalMiddleware.
FORM_REFUSALS = (Invalid, Conflict)


# --- directory list ---------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    pickers_put_first(form, picker_reader_languages(request))
    filters = queries.DirectoryFilters()
    status = 200
    if request.GET:
        if form.is_valid():
            # The pickers turned what was typed (a name or a code) into codes.
            params = {**request.GET.dict(), **{k: form.cleaned_data[k] for k in PICKED}}
            try:
                filters = queries.filters_parse(params)
            except queries.FilterError as exc:
                apply_refusal(form, exc)
                status = 400
        else:
            status = 400
    rows = queries.organisations_list(viewer=request.user, filters=filters)
    # The listing is the same for every reader (proposals are shown apart): it is rendered
    # once per query, reader language and directory version, and only then read.
    page: Any = SimpleLazyObject(
        lambda: Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/index.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "proposals": list(queries.proposals_for(viewer=request.user)[:20]),
            "vary": [request.GET.urlencode(), queries.directory_version()],
            "cache_seconds": queries.cache_seconds(),
        },
        status=status,
    )


# --- one organisation -------------------------------------------------------------------


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
        "role_form": forms.get("role_form") or HubRoleForm(),
        "stage_form": forms.get("stage_form") or StageForm(),
        "recognition_form": forms.get("recognition_form") or RecognitionForm(),
        "membership_form": forms.get("membership_form") or MembershipForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        # Per reader, outside the cached body: the head is enough (no page load).
        "join": SimpleLazyObject(
            lambda: queries.join_state(viewer=request.user, organisation=head or org)
        ),
        "join_form": JoinForm(),
        "org_slug": (head or org).slug,
        "join_decision_form": DecisionForm(),
    }
    return render(request, "directory/organisation.html", context, status=status)


@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    head = queries.organisation_head(viewer=request.user, slug=slug)
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
        vary=[slug, queries.directory_version()],
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


# --- create, propose, edit --------------------------------------------------------------


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
            "proposals": list(queries.proposals_for(viewer=request.user)),
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


# --- who serves me ----------------------------------------------------------------------


@functools.cache
def _zone_countries() -> dict[str, str]:
    """IANA zone → ISO country code, from the pinned tzdata package's zone.tab."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            out[parts[2]] = parts[0]
    return out


def _prefill(request: HttpRequest) -> dict[str, str]:
    initial: dict[str, str] = {}
    profile = reader_profile(request)
    languages = list(getattr(profile, "languages", None) or [])
    if languages:
        initial["language"] = str(languages[0])
    zone = getattr(request, "reader_tz", None)
    if zone is not None and getattr(request, "reader_tz_source", "default") != "default":
        code = _zone_countries().get(zone.key)
        if code:
            initial["country"] = code
    return initial


WHO_SERVES_SECTION = 10  # organisations shown in each section of the answer


@require_GET
def who_serves(request: HttpRequest) -> HttpResponse:
    """The answer is rendered once per country, language, reader language and directory
    version (a template fragment cache); the query runs only when that fragment is built."""
    chosen = bool(request.GET.get("country") or request.GET.get("language"))
    data = request.GET if chosen else _prefill(request)
    form = WhoServesForm(data or None)
    pickers_put_first(form, picker_reader_languages(request))
    result: Any = None
    status = 200
    vary: list[str] = []
    more_query = ""
    if data and form.is_valid():
        country_code = form.cleaned_data["country"]
        language_code = form.cleaned_data["language"]

        def answer() -> queries.WhoServes:
            country = Country.objects.filter(code=country_code).first() if country_code else None
            lang = Language.objects.filter(code=language_code).first() if language_code else None
            return queries.who_serves(country=country, language=lang)

        result = SimpleLazyObject(answer)
        vary = [country_code or "-", language_code or "-", queries.directory_version()]
        more_query = urlencode(
            {k: v for k, v in (("country", country_code), ("language", language_code)) if v}
        )
    elif data:
        status = 400
    return render(
        request,
        "directory/who_serves.html",
        {
            "form": form,
            "result": result,
            "has_result": result is not None,
            "SECTION": f":{WHO_SERVES_SECTION}",
            "shown": WHO_SERVES_SECTION,
            "more_query": more_query,
            "vary": vary,
            "cache_seconds": queries.cache_seconds(),
            "prefilled": bool(data) and not chosen,
        },
        status=status,
    )


# --- coverage, timeline -----------------------------------------------------------------


def _coverage_by(request: HttpRequest) -> str:
    by = request.GET.get("by") or "region"
    if by not in ("region", "language"):
        raise Http404(_("Coverage is by region or by language."))
    return by


def _coverage(by: str) -> queries.Coverage:
    return queries.coverage_by_region() if by == "region" else queries.coverage_by_language()


COVERAGE_PAGE = 30  # rows of the coverage table a page (hundreds of languages)


@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    """Rendered once per grouping, reader language and directory version (fragment cache)."""
    by = _coverage_by(request)
    data: Any = SimpleLazyObject(lambda: _coverage(by))
    page_number = request.GET.get("page", "1")[:6]
    return render(
        request,
        "directory/coverage.html",
        {
            "by": by,
            "coverage": data,
            "page": SimpleLazyObject(
                lambda: Paginator(data.rows, COVERAGE_PAGE).get_page(page_number)
            ),
            "page_number": page_number,
            "map": SimpleLazyObject(lambda: world_map(data.country_levels, data.country_notes)),
            "level_labels": {k: str(v) for k, v in LEVEL_LABELS.items()},
            "version": queries.directory_version(),
            "cache_seconds": queries.cache_seconds(),
        },
    )


@require_GET
def coverage_shapes(request: HttpRequest) -> HttpResponse:
    """The countries' outlines the coverage map points at: the same for everyone, cached
    by the browser for a day."""
    response = HttpResponse(shapes_svg(), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def coverage_csv(request: HttpRequest) -> HttpResponse:
    by = _coverage_by(request)
    data = _coverage(by)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coverage-by-{by}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [by, "name", "coverage", *[f"hubs_{s}" for s in STAGE_ORDER], "hubs", "affiliates",
         "groups", "communities", "communities_without_hub"]
    )  # fmt: skip
    for row in data.rows:
        writer.writerow(
            [row.key, row.name, str(LEVEL_LABELS[row.level]),
             *[row.hubs_by_stage[s] for s in STAGE_ORDER], row.hubs, row.affiliates, row.groups,
             row.communities, row.communities_without_hub]
        )  # fmt: skip
    return response


TIMELINE_PAGE = 100


@require_GET
def timeline(request: HttpRequest) -> HttpResponse:
    """Most recent first, a hundred entries a page."""

    def build() -> Any:
        entries = queries.timeline()
        entries.reverse()
        return Paginator(entries, TIMELINE_PAGE).get_page(request.GET.get("page"))

    return render(
        request,
        "directory/timeline.html",
        {
            "page": SimpleLazyObject(build),
            "vary": [request.GET.get("page", "1"), queries.directory_version()],
            "cache_seconds": queries.cache_seconds(),
        },
    )


@require_GET
def suggest_countries(request: HttpRequest) -> HttpResponse:
    """Countries matching `?q=` for a country picker."""
    return suggest_response(request, COUNTRIES, first=())


@require_GET
def suggest_organisations(request: HttpRequest) -> HttpResponse:
    """Listed organisations matching `?q=` (name, short name or address)."""
    return suggest_response(request, ORGANISATIONS, first=())


@require_GET
def suggest_communities(request: HttpRequest) -> HttpResponse:
    """Communities matching `?q=` by name or address."""
    return suggest_response(request, COMMUNITIES, first=())
