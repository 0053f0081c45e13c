"""Ambassador pages: the programme's front page and directory, applying, the dashboard,
an ambassador's page (decision, facilitator), hosting, a conversation (asking a body to
send a member and its answer), and the report form."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from convene.consultations import queries as consultations
from convene.core.errors import Invalid, NotAllowed, NotFound
from convene.core.fragments import cached_fragment, cached_value
from convene.core.generations import generation
from convene.directory.models import Membership
from convene.directory.queries import directory_version
from convene.programmes import forms, queries, services
from convene.programmes.generations import AMBASSADORS, GRANTS
from convene.programmes.services._common import organisation_by_slug
from convene.programmes.views.common import form_page, signed_in, submit

# Ambassadors shown at once on the front page (the filters narrow a long directory).
DIRECTORY_PAGE = 100


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The front page: the same for every reader, so its content is cached under the
    programmes' generations, the directory's version (the names of languages, regions and
    hubs) and the filters chosen."""
    versions = (generation(AMBASSADORS), generation(GRANTS), directory_version())
    languages, regions = cached_value(
        "programmes.directory-choices", versions, queries.directory_choices
    )
    # A value no choice has finds no ambassador: all such values share one cached page.
    language = _chosen(request.GET.get("language", ""), [code for code, _ in languages])
    region = _chosen(request.GET.get("region", ""), [slug for slug, _ in regions])

    def build() -> str:
        if UNKNOWN in (language, region):
            listed, total = [], 0
        else:
            rows = queries.ambassadors_directory(language=language, region=region)
            listed, total = list(rows[:DIRECTORY_PAGE]), rows.count()
        return render_to_string(
            "programmes/_index.html",
            {
                "round": queries.round_current(),
                "ambassadors": listed,
                "total": total,
                "gaps": queries.language_gaps(),
                "languages": languages,
                "regions": regions,
                "language": language,
                "region": region,
                "funded": list(queries.proposals_funded_lines()[:20]),
            },
        )

    content = cached_fragment("programmes.index", [*versions, language, region], build)
    return render(request, "programmes/index.html", {"content": content})


# What `_chosen` makes of a filter value that no choice has.
UNKNOWN = "?"


def _chosen(value: str, choices: list[str]) -> str:
    return value if not value or value in choices else UNKNOWN


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    signed_in(request)
    form = forms.ApplyForm(request.POST or None)
    return form_page(
        request,
        form=form,
        action=lambda: services.ambassador_apply(
            actor=request.user,
            languages=form.cleaned_data["languages"],
            regions=form.cleaned_data["regions"],
            communities=form.cleaned_data["communities"],
            activities=form.cleaned_data["activities"],
            motivation=form.cleaned_data["motivation"],
        ),
        done=lambda _item: reverse("programmes:me"),
        template="programmes/apply.html",
        context={"form": form, "round": queries.round_current()},
    )


@require_GET
def me(request: HttpRequest) -> HttpResponse:
    signed_in(request)
    user = request.user
    mine = queries.ambassadorships_of(user)
    conversations = list(queries.conversations_of(mine))
    staff = queries.can_decide(user)
    return render(
        request,
        "programmes/me.html",
        {
            "ambassadorships": [
                (a, sum(1 for c in conversations if c.ambassador_id == a.pk)) for a in mine
            ],
            "conversations": conversations,
            "assignments": list(queries.assignments_of(mine)),
            "proposals": list(queries.proposals_visible(user, mine=True)),
            "facilitated": list(queries.ambassadors_of_facilitator(user)),
            "to_review": [
                p
                for p in queries.proposals_visible(user, state="under_review")
                if p.applicant_id != user.pk
            ]
            if not staff
            else list(
                queries.proposals_visible(user).exclude(
                    state__in=["draft", "closed", "declined", "withdrawn"]
                )
            ),
            "requests": list(queries.requests_for(user)),
            "applications": list(queries.ambassadors_for_decision().filter(status="applied"))
            if staff
            else [],
            "next_step": services.NEXT_STEP,
            "staff": staff,
        },
    )


@require_http_methods(["GET", "POST"])
def ambassador(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.ambassador_get(pk)
    may_see = queries.can_see_work(request.user, item)
    if item.status != "accepted" and not may_see:
        raise NotFound(_("There is no such ambassador."))
    staff = queries.can_decide(request.user)
    decision = forms.DecisionForm(request.POST if "decide" in request.POST else None)
    facilitator = forms.FacilitatorForm(request.POST if "facilitate" in request.POST else None)
    translate = forms.TranslateForm(
        request.POST if "translate" in request.POST else None, ambassador=item
    )
    here = reverse("programmes:ambassador", args=[pk])
    if request.method == "POST" and "translate" in request.POST:
        signed_in(request)
        done = submit(
            translate, lambda: _take(request, item, translate.cleaned_data), lambda _x: here
        )
        if done:
            return done
    elif request.method == "POST":
        if not staff:
            raise NotAllowed(_("Only staff may do this."))
        if "decide" in request.POST:
            done = submit(
                decision,
                lambda: services.ambassador_decide(
                    actor=request.user,
                    ambassador=item,
                    accept=decision.cleaned_data["accept"],
                    message=decision.cleaned_data["message"],
                ),
                lambda _x: here,
            )
        else:
            done = submit(
                facilitator,
                lambda: services.facilitator_assign(
                    actor=request.user,
                    ambassador=item,
                    facilitator=facilitator.cleaned_data["facilitator"],
                ),
                lambda _x: here,
            )
        if done:
            return done
    return render(
        request,
        "programmes/ambassador.html",
        {
            "item": item,
            "may_see": may_see,
            "staff": staff,
            "decision": decision,
            "facilitator_form": facilitator,
            "translate": translate,
            "acts": queries.can_act_as(request.user, item),
            "withdraws": queries.can_withdraw(request.user, item),
            "conversations": list(queries.conversations_of([item]))
            if may_see or item.status == "accepted"
            else [],
            "assignments": list(queries.assignments_of([item])),
        },
        status=400 if decision.errors or facilitator.errors or translate.errors else 200,
    )


def _take(request: HttpRequest, item: Any, data: dict[str, Any]) -> Any:
    chapter = consultations.chapter_get(slug=data["chapter"])
    version = consultations.version_current(chapter=chapter)
    if version is None:
        raise Invalid(_("This chapter has no published version yet."), field="chapter")
    return services.translation_take(
        actor=request.user, ambassador=item, version=version, language=data["language"]
    )


@require_http_methods(["GET", "POST"])
def host(request: HttpRequest, pk: int) -> HttpResponse:
    signed_in(request)
    item = queries.ambassador_get(pk)
    if not queries.can_act_as(request.user, item):
        raise NotAllowed(_("Only an accepted ambassador may host for the programme."))
    form = forms.HostForm(request.POST or None, ambassador=item)
    return form_page(
        request,
        form=form,
        action=lambda: services.conversation_host(
            actor=request.user,
            ambassador=item,
            title=form.cleaned_data["title"],
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            language=form.cleaned_data["language"],
            community=form.cleaned_data["community"] or None,
            call_link=form.cleaned_data["call_link"],
            description=form.cleaned_data["description"],
        ),
        done=lambda made: reverse("programmes:conversation", args=[made.pk]),
        template="programmes/host.html",
        context={"item": item, "form": form},
    )


def _members(conversation: Any) -> list[tuple[str, str]]:
    people = Membership.objects.filter(organisation_id=conversation.body_id or 0).select_related(
        "user"
    )
    return [(m.user.username, m.user.get_full_name() or m.user.username) for m in people]


@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.conversation_get(pk)
    host_may = queries.can_act_as(request.user, item.ambassador)
    body_may = queries.can_answer_request(request.user, item)
    ask = forms.RequestForm(request.POST if "ask" in request.POST else None)
    answer = forms.AnswerForm(
        request.POST if "answer" in request.POST else None, members=_members(item)
    )
    here = reverse("programmes:conversation", args=[pk])
    if request.method == "POST":
        signed_in(request)
        if "ask" in request.POST:
            done = submit(
                ask,
                lambda: services.member_request(
                    actor=request.user,
                    conversation=item,
                    body=organisation_by_slug(ask.cleaned_data["body"], field="body"),  # type: ignore[arg-type]
                    message=ask.cleaned_data["message"],
                ),
                lambda _x: here,
            )
        else:
            person = User.objects.filter(username=request.POST.get("person", "")).first()
            done = submit(
                answer,
                lambda: services.member_request_answer(
                    actor=request.user,
                    conversation=item,
                    accept=answer.cleaned_data["accept"],
                    person=person,
                    answer=answer.cleaned_data["answer"],
                ),
                lambda _x: here,
            )
        if done:
            return done
    report = getattr(item, "report", None)
    return render(
        request,
        "programmes/conversation.html",
        {
            "item": item,
            "host_may": host_may,
            "body_may": body_may,
            "ask": ask,
            "answer": answer,
            "report": report,
            "points": list(queries.report_points(report)) if report else [],
        },
        status=400 if ask.errors or answer.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    signed_in(request)
    item = queries.conversation_get(pk)
    if not queries.can_act_as(request.user, item.ambassador):
        raise NotAllowed(_("Only the host may file the report."))
    form = forms.ReportForm(request.POST or None, initial={"language": item.language})
    return form_page(
        request,
        form=form,
        action=lambda: services.report_file(
            actor=request.user,
            conversation=item,
            summary=form.cleaned_data["summary"],
            language=form.cleaned_data["language"],
            points=[services.PointIn(**p) for p in form.points()],
        ),
        done=lambda _r: reverse("programmes:conversation", args=[pk]),
        template="programmes/report.html",
        context={"item": item, "form": form},
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The ambassador (or applicant) withdraws, after confirming on this page."""
    signed_in(request)
    item = queries.ambassador_get(pk)
    if item.user_id != request.user.pk:
        raise NotAllowed(_("Only the ambassador may withdraw."))
    form = forms.WithdrawForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        form=form,
        action=lambda: services.ambassador_withdraw(
            actor=request.user, ambassador=item, message=form.cleaned_data["message"]
        ),
        done=lambda _a: reverse("programmes:me"),
        template="programmes/withdraw.html",
        context={"item": item, "may": queries.can_withdraw(request.user, item)},
    )
