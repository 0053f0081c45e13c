"""Grant pages: the list, a proposal in two steps (the country first: its constraints are
shown before the proposal is written), a proposal's page (where it stands, what is asked,
transitions, reviews), the grant report, a country's constraints, a hub's grants."""

import decimal

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.core.errors import NotAllowed, NotFound
from convene.core.fragments import cached_fragment
from convene.core.generations import generation
from convene.directory.models import Country, Organisation
from convene.directory.names import country_name, reader_language
from convene.programmes import forms, queries, services
from convene.programmes.generations import GRANTS
from convene.programmes.models import GrantState
from convene.programmes.money import format_amount
from convene.programmes.rows import grant_rows
from convene.programmes.services._common import country_by_code, organisation_by_slug
from convene.programmes.storage import private_download
from convene.programmes.views.common import form_page, signed_in, submit


@require_GET
def grants(request: HttpRequest) -> HttpResponse:
    """The grants the reader may see: the same for readers who see the same ones, so the
    content is cached under the grants' generation and the reader's visibility."""
    visibility = queries.proposals_visibility(request.user)

    def build() -> str:
        listed = queries.proposals_listed(request.user)[:100]
        return render_to_string(
            "programmes/_grants.html", {"rows": grant_rows(listed, reader_language())}
        )

    content = cached_fragment("programmes.grants", [generation(GRANTS), visibility], build)
    return render(request, "programmes/grants.html", {"content": content})


@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    signed_in(request)
    code = request.POST.get("country") or request.GET.get("country", "")
    if not code:
        return render(request, "programmes/propose_country.html", {"form": forms.CountryForm()})
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        chooser = forms.CountryForm(request.GET)
        return render(request, "programmes/propose_country.html", {"form": chooser}, status=400)
    form = forms.ProposalForm(
        request.POST or None,
        initial={"country": country.code},
        programme=queries.programme_current(),
    )
    return form_page(
        request,
        form=form,
        action=lambda: services.proposal_create(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            country=country_by_code(country.code),
            amount=form.cleaned_data["amount"],
            currency=form.cleaned_data["currency"],
            budget_lines=form.budget_lines(),
            timeline=form.cleaned_data["timeline"],
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            hub=organisation_by_slug(form.cleaned_data["hub"], field="hub"),
        ),
        done=lambda made: reverse("programmes:grant", args=[made.pk]),
        template="programmes/propose.html",
        context={
            "form": form,
            "country": country,
            "country_name": country_name(country.code),
            "constraints": queries.constraints_for(country),
        },
    )


@require_http_methods(["GET", "POST"])
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.proposal_get(pk, request.user)
    user = request.user
    review_form = forms.ReviewForm(request.POST or None, rubric=item.programme.rubric)
    if request.method == "POST":
        signed_in(request)
        done = submit(
            review_form,
            lambda: services.review_save(
                actor=user,
                proposal=item,
                recommendation=review_form.cleaned_data["recommendation"],
                scores=review_form.scores(),
                comment=review_form.cleaned_data["comment"],
            ),
            lambda _r: reverse("programmes:grant", args=[pk]),
        )
        if done:
            return done
    staff = queries.can_decide(user)
    mine = getattr(user, "pk", None) == item.applicant_id
    allowed = [
        to
        for to in services.allowed_from(item.state)
        if staff or (mine and services.TRANSITIONS[(item.state, to)] == "applicant")
    ]
    private = queries.can_see_private(user, item)
    report = getattr(item, "report", None)
    can_add_receipts = mine and report is not None and item.state == "reported"
    return render(
        request,
        "programmes/grant.html",
        {
            "item": item,
            "amount": format_amount(item.amount, item.currency, reader_language()),
            "budget": [
                (line.get("label", ""), _line_amount(line.get("amount"), item.currency))
                for line in item.budget_lines or []
            ],
            "allowed": [(to, GrantState(to).label) for to in allowed if to != "reported"],
            "next_step": services.NEXT_STEP[item.state],
            "mine": mine,
            "staff": staff,
            "constraints": queries.constraints_for(item.country),
            "private": private,
            "reviews": list(item.reviews.all()) if private and not mine else [],
            "tally": queries.review_tally(item),
            "review_form": review_form,
            "can_review": queries.can_review(user, item) and item.state == "under_review",
            "can_report": mine and item.state == "paid",
            "report": report,
            "points": list(queries.report_points(report)) if report else [],
            "receipts": queries.receipts_of(report, user),
            "receipts_form": forms.ReceiptsForm() if can_add_receipts else None,
        },
        status=400 if review_form.errors else 200,
    )


@require_POST
def receipt_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant adds receipts to a filed report (from the grant's page)."""
    signed_in(request)
    item = queries.proposal_get(pk, request.user)
    if request.user.pk != item.applicant_id:
        raise NotAllowed(_("Only the applicant adds receipts."))
    report = getattr(item, "report", None)
    if report is None:
        raise NotFound(_("This grant has no report yet."))
    form = forms.ReceiptsForm(request.POST, request.FILES)
    done = submit(
        form,
        lambda: services.receipts_add(
            actor=request.user, report=report, files=form.cleaned_data["receipt_files"]
        ),
        lambda _r: reverse("programmes:grant", args=[pk]) + "#receipts",
    )
    if done:
        return done
    return render(request, "programmes/receipts_add.html", {"item": item, "form": form}, status=400)


@require_GET
def receipt(request: HttpRequest, pk: int) -> FileResponse:
    """A receipt's file, for the applicant, the grant's reviewers and staff only (others:
    404), always as a download."""
    found = queries.receipt_get(pk, request.user)
    return private_download(found.file, name=found.name, content_type=found.content_type)


@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    signed_in(request)
    item = queries.proposal_get(pk, request.user)
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        raise NotFound(_("Unknown state."))
    services.proposal_transition(
        actor=request.user,
        proposal=item,
        to=form.cleaned_data["to"],
        note=form.cleaned_data["note"],
    )
    return HttpResponseRedirect(reverse("programmes:grant", args=[pk]))


@require_http_methods(["GET", "POST"])
def grant_report(request: HttpRequest, pk: int) -> HttpResponse:
    signed_in(request)
    item = queries.proposal_get(pk, request.user)
    if request.user.pk != item.applicant_id:
        raise NotAllowed(_("Only the applicant files the report."))
    form = forms.ReportForm(request.POST or None, request.FILES or None, grant=True)
    return form_page(
        request,
        form=form,
        action=lambda: services.grant_report_file(
            actor=request.user,
            proposal=item,
            summary=form.cleaned_data["summary"],
            language=form.cleaned_data["language"],
            receipts=form.cleaned_data["receipts"],
            receipt_files=form.cleaned_data["receipt_files"],
            points=[services.PointIn(**p) for p in form.points()],
        ),
        done=lambda _r: reverse("programmes:grant", args=[pk]),
        template="programmes/grant_report.html",
        context={"item": item, "form": form},
    )


@require_POST
def grant_report_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff bring a grant report's points into the consultation as feedback."""
    signed_in(request)
    item = queries.proposal_get(pk, request.user)
    if not queries.can_decide(request.user):
        raise NotAllowed(_("Only staff bring a grant report's points into the consultation."))
    report = getattr(item, "report", None)
    if report is None:
        raise NotFound(_("This grant has no report yet."))
    services.points_to_feedback(actor=request.user, report=report, channel="regional_conversation")
    return HttpResponseRedirect(reverse("programmes:grant", args=[pk]))


@require_http_methods(["GET", "POST"])
def country(request: HttpRequest, code: str) -> HttpResponse:
    """A country's grant constraints (staff add or replace one here) and its ambassadors."""
    found = Country.objects.filter(code=code.upper()).first()
    if found is None:
        raise NotFound(_("There is no country “%(code)s”.") % {"code": code})
    form = forms.ConstraintForm(request.POST or None)
    if request.method == "POST":
        signed_in(request)
    return form_page(
        request,
        form=form,
        action=lambda: services.constraint_set(
            actor=request.user,
            country=found,
            kind=form.cleaned_data["kind"],
            summary=form.cleaned_data["summary"],
            what_to_do=form.cleaned_data["what_to_do"],
        ),
        done=lambda _c: reverse("programmes:country", args=[found.code]),
        template="programmes/country.html",
        context={
            "country": found,
            "name": country_name(found.code),
            "constraints": queries.constraints_for(found),
            "staff": queries.can_decide(request.user),
            "ambassadors": list(
                queries.ambassadors_public().filter(regions__countries=found).distinct()
            ),
        },
    )


@require_GET
def hub_grants(request: HttpRequest, slug: str) -> HttpResponse:
    hub = Organisation.objects.filter(slug=slug).first()
    if hub is None:
        raise NotFound(_("There is no such hub."))
    language = reader_language()
    rows = [
        (p, format_amount(p.amount, p.currency, language))
        for p in queries.proposals_for_hub(hub.pk)
    ]
    return render(request, "programmes/hub_grants.html", {"hub": hub, "rows": rows})


def _line_amount(amount: object, currency: str) -> str:
    """A budget line's amount in the reader's format (as written when it is no number)."""
    try:
        return format_amount(decimal.Decimal(str(amount)), currency, reader_language())
    except (decimal.InvalidOperation, ValueError):
        return f"{amount} {currency}"
