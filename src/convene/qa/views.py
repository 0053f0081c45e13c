"""Board pages: the participants' list, the moderator's queue, the presenter view, a
question's page, the unanswered list, similar questions, export. Thin: parse, call a
service or a query, render. Every page works without JavaScript (forms post and
redirect back); board.js only keeps an open page up to date."""

import csv
import json
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from convene.core.errors import Invalid, NotAllowed, Refusal, TooMany
from convene.core.forms import apply_refusal
from convene.core.fragments import cached_fragment, cached_value
from convene.core.generations import generation
from convene.events.models import Event
from convene.people.pickers import picker_reader_languages
from convene.qa import board_html, export, live, queries, ratelimit, services, similarity
from convene.qa.forms import AnswerForm, AskForm, AssignForm, BoardSettingsForm, ModerateForm
from convene.qa.languages import COMMON, language_names, plural_forms
from convene.qa.models import Question, State
from convene.qa.queries.sorts import LABELS


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _event(request: HttpRequest, event_id: int) -> Event:
    try:
        return queries.event_with_board(event_id=event_id, viewer=request.user)
    except Event.DoesNotExist as exc:
        raise Http404(_("No such event.")) from exc


def _question(request: HttpRequest, pk: int) -> Question:
    try:
        return queries.question_get(pk=pk, viewer=request.user)
    except Question.DoesNotExist as exc:
        raise Http404(_("No such question.")) from exc


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or fallback
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


def _refused(request: HttpRequest, exc: Refusal, back: str) -> HttpResponse:
    response = render(
        request, "qa/refused.html", {"message": exc.message, "back": back}, status=exc.status
    )
    if isinstance(exc, TooMany) and exc.retry_after:
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


MAX_PAGES = 25  # how many pages one request may show at once
MODERATION_PAGE = 10  # a page of the bench's queue stays under 50 KB


def _number(value: str | None, *, most: int) -> int:
    """A page number from the query string: 1 when missing or wrong."""
    return min(int(value), most) if value and value.isdigit() and int(value) > 0 else 1


def _board_context(request: HttpRequest, event: Event, *, moderation: bool) -> dict[str, Any]:
    sort = request.GET.get("sort", "votes")
    page = _number(request.GET.get("page"), most=10_000)
    # `pages`: how many pages from `page` on (board.js keeps what it loaded on demand
    # when it reads the list again).
    pages = _number(request.GET.get("pages"), most=MAX_PAGES)
    moderator = queries.can_moderate(user=request.user, event=event)
    if moderation and moderator:
        # The queue's items carry their moderation forms: fewer per page; not cached.
        snapshot = queries.board_snapshot(
            event=event,
            viewer=request.user,
            sort=sort,
            moderation=True,
            limit=MODERATION_PAGE * pages,
            offset=MODERATION_PAGE * (page - 1),
        )
        context = board_html.list_context(snapshot, page=page, pages=pages)
        context["moderation"] = True
        html = board_html.render_list(context, request)
        voted = {item.question.pk for item in queries.flatten(snapshot.items) if item.voted}
    else:
        size = MODERATION_PAGE if moderation else queries.BOARD_PAGE
        shared = board_html.public_list(event=event, sort=sort, page=page, pages=pages, size=size)
        voted, unlisted = queries.board_reader(
            board=queries.board_of(event), viewer=request.user, ids=shared.ids
        )
        if unlisted:  # their own waiting, declined or hidden questions are among the others
            snapshot = queries.board_snapshot(
                event=event,
                viewer=request.user,
                sort=sort,
                limit=size * pages,
                offset=size * (page - 1),
            )
            html = board_html.render_list(board_html.list_context(snapshot, page=page, pages=pages))
            voted = {item.question.pk for item in queries.flatten(snapshot.items) if item.voted}
        else:
            html = shared.html
            snapshot = queries.board_frame(
                event=event, viewer=request.user, sort=sort, cursor=shared.cursor
            )
    return {
        "snap": snapshot,
        "event": event,
        "board": snapshot.board,
        "stream_url": live.stream_url(
            event.pk, last_event_id=snapshot.cursor, moderation=moderation and moderator
        ),
        "board_list": board_html.with_votes(html, request, voted),
        "board_nav": board_html.board_nav(snapshot),
        "moderation": moderation and moderator,
        "sorts": list(LABELS.items()),
        "signed_in": request.user.is_authenticated,
        "page": page,
        "pages": pages,
        "live_labels": _live_labels(request),
    }


def _live_labels(request: HttpRequest) -> dict[str, Any]:
    """What board.js writes when it adds or changes a question without a reload (the
    same for every reader of a language who reads the same languages: kept)."""
    languages = [*picker_reader_languages(request), *COMMON]
    return cached_value("qa.live-labels", languages, lambda: _labels(languages))


def _labels(languages: list[str]) -> dict[str, Any]:
    return {
        "states": {state.value: str(state.label) for state in State},
        # The forms of "votes" by plural category, and the names of the languages the
        # ask form offers (others are named by the browser).
        "votes": plural_forms("vote", "votes"),
        "languages": language_names(languages),
        "anonymous": _("anonymous"),
        "response": _("Response:"),
        "by_response": _("%(by)s response:"),
        "live_open": _("Updates appear by themselves."),
        "live_retrying": _("Connection lost; reconnecting…"),
    }


@require_GET
def board(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    context = _board_context(request, event, moderation=False)
    context["form"] = _ask_form(request)
    return render(request, "qa/board.html", context)


def _ask_form(request: HttpRequest, data: Any = None) -> AskForm:
    return AskForm(data, languages=picker_reader_languages(request))


@require_GET
def board_list(request: HttpRequest, event_id: int) -> HttpResponse:
    """The list alone (board.js swaps it in when the live stream says something changed)."""
    event = _event(request, event_id)
    moderation = request.GET.get("moderation") == "1"
    context = _board_context(request, event, moderation=moderation)
    return HttpResponse(context["board_list"])


@require_POST
def ask(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    form = _ask_form(request, request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        parent = None
        parent_id = request.POST.get("parent")
        if parent_id:
            try:
                parent = queries.question_get(pk=int(parent_id), viewer=request.user)
            except (ValueError, Question.DoesNotExist):
                form.add_error(None, _("The question you follow up is unknown."))
        if not form.errors:
            try:
                question = services.question_ask(
                    actor=request.user,
                    event=event,
                    text=data["text"],
                    language=data["language"],
                    topic=data["topic"],
                    anonymous=data["anonymous"],
                    kind=data["kind"],
                    parent=parent,
                    ip=client_ip(request),
                )
            except Refusal as exc:
                apply_refusal(form, exc)
                status = exc.status
            else:
                if parent is not None:
                    return _back(request, reverse("qa:question", args=[parent.pk]))
                return HttpResponseRedirect(
                    reverse("qa:board", args=[event.pk]) + f"#q{question.pk}"
                )
    context = _board_context(request, event, moderation=False)
    context["form"] = form
    return render(request, "qa/board.html", context, status=status)


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    back = reverse("qa:board", args=[queries.question_event(question).pk])
    try:
        if request.POST.get("action") == "withdraw":
            question = services.question_unvote(
                actor=request.user, question=question, ip=client_ip(request)
            )
        else:
            question = services.question_vote(
                actor=request.user, question=question, ip=client_ip(request)
            )
    except Refusal as exc:
        return _refused(request, exc, back)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"id": question.pk, "votes": question.vote_count})
    return _back(request, back + f"#q{question.pk}")


@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    event = queries.question_event(question)
    back = reverse("qa:moderate", args=[event.pk])
    form = ModerateForm(request.POST)
    if not form.is_valid():
        return _refused(request, Invalid(_("Unknown moderation action.")), back)
    data = form.cleaned_data
    try:
        services.question_moderate(
            actor=request.user,
            question=question,
            action=data["action"],
            text=data["text"],
            reason=data["reason"],
            state=data.get("state") or "",
            into_id=data.get("into"),
            answer_id=data.get("answer"),
        )
    except Refusal as exc:
        return _refused(request, exc, back)
    return _back(request, back)


@require_GET
def pick(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick the question to merge into (`for=merge`) or the answer that answered it
    elsewhere (`for=answer`) from the board's questions, those like the question or
    like the search `q` first; a plain form without JavaScript, a live search with it."""
    question = _question(request, pk)
    event = queries.question_event(question)
    if not queries.can_moderate(user=request.user, event=event, board=question.board):
        return _refused(
            request,
            NotAllowed(_("Only the organisers and their moderators see this.")),
            reverse("qa:board", args=[event.pk]),
        )
    purpose = "answer" if request.GET.get("for") == "answer" else "merge"
    search = (request.GET.get("q") or "")[:200]
    find = queries.answer_targets if purpose == "answer" else queries.merge_targets
    context = {
        "event": event,
        "question": question,
        "purpose": purpose,
        "search": search,
        "targets": find(question=question, search=search),
        "heading": _("Merge a duplicate into another question")
        if purpose == "merge"
        else _("Mark a question answered elsewhere"),
    }
    if request.GET.get("partial") == "1":
        return render(request, "qa/_pick_list.html", context)
    return render(request, "qa/pick.html", context)


@require_GET
def moderation_queue(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    context = _board_context(request, event, moderation=True)
    if not context["snap"].moderator:
        return _refused(
            request,
            NotAllowed(_("Only the organisers and their moderators see this.")),
            reverse("qa:board", args=[event.pk]),
        )
    board = context["board"]
    context["settings_form"] = BoardSettingsForm(
        initial={
            "premoderation": board.premoderation,
            "allow_anonymous": board.allow_anonymous,
            "pooled": board.series_id is not None,
            "is_open": context["snap"].is_open,
        }
    )
    return render(request, "qa/moderate.html", context)


@require_POST
def board_settings(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    back = reverse("qa:moderate", args=[event.pk])
    form = BoardSettingsForm(request.POST)
    if not form.is_valid():
        return _refused(request, Invalid(_("Check the settings.")), back)
    data = form.cleaned_data
    try:
        moderator = None
        if data["moderator"]:  # looked up before any write: an unknown name saves nothing
            moderator = get_user_model().objects.filter(username=data["moderator"]).first()
            if moderator is None:
                raise Invalid(_("No one has that user name."), field="moderator")
        services.board_configure(
            actor=request.user,
            event=event,
            premoderation=data["premoderation"],
            allow_anonymous=data["allow_anonymous"],
            pooled=data["pooled"] or None,
        )
        event = _event(request, event_id)
        services.board_set_open(actor=request.user, event=event, is_open=data["is_open"])
        if moderator is not None:
            services.board_add_moderator(actor=request.user, event=event, user=moderator)
    except Refusal as exc:
        return _refused(request, exc, back)
    return HttpResponseRedirect(back)


def _presenter_context(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = _event(request, event_id)
    cursor = live.cursor(event.pk)
    _board, pinned = queries.board_pinned(event=event)
    return {
        "event": event,
        "pinned": pinned,
        "stream_url": live.stream_url(event.pk, last_event_id=cursor),
    }


@require_GET
def presenter(request: HttpRequest, event_id: int) -> HttpResponse:
    return render(request, "qa/presenter.html", _presenter_context(request, event_id))


@require_GET
def presenter_pinned(request: HttpRequest, event_id: int) -> HttpResponse:
    return render(request, "qa/_pinned.html", _presenter_context(request, event_id))


@require_GET
def question_page(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    event = queries.question_event(question)
    moderator = queries.can_moderate(user=request.user, event=event, board=question.board)
    thread = queries.question_thread(question=question, viewer=request.user, moderator=moderator)
    return render(
        request,
        "qa/question.html",
        {
            "event": event,
            "item": thread,
            "question": question,
            "moderator": moderator,
            "can_answer": services.can_answer(user=request.user, question=question),
            "answer_form": _answer_form(request),
            "followup_form": _ask_form(request),
            "board_open": queries.board_is_open(question.board, event),
        },
    )


@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    back = reverse("qa:question", args=[question.pk])
    form = _answer_form(request, request.POST)
    if not form.is_valid():
        return _refused(request, Invalid(_("Write the answer first.")), back)
    data = form.cleaned_data
    try:
        services.question_answer(
            actor=request.user,
            question=question,
            text=data["text"],
            by=data.get("by") or "",
            organisation=data["organisation"],
            mode=data["mode"],
            points_to_id=data["points_to"],  # the answer number the page shows
        )
    except Refusal as exc:
        return _refused(request, exc, back)
    return HttpResponseRedirect(back)


def _answer_form(request: HttpRequest, data: Any = None) -> AnswerForm:
    return AnswerForm(
        data,
        bodies=queries.answer_bodies(user=request.user),
        staff=bool(getattr(request.user, "is_staff", False)),
    )


@require_GET
def unanswered(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    board = queries.board_of(event)
    if not queries.can_moderate(user=request.user, event=event, board=board):
        return _refused(
            request,
            NotAllowed(_("Only the organisers and their moderators see this.")),
            reverse("qa:board", args=[event.pk]),
        )
    rows = list(queries.questions_unanswered(board=board)) if board.pk else []
    return render(
        request,
        "qa/unanswered.html",
        {"event": event, "questions": rows, "assign_form": AssignForm()},
    )


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    event = queries.question_event(question)
    back = reverse("qa:unanswered", args=[event.pk])
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _refused(request, Invalid(_("Check the due date.")), back)
    name = form.cleaned_data["assignee"].strip()
    assignee = None
    try:
        if name:
            assignee = get_user_model().objects.filter(username=name).first()
            if assignee is None:
                raise Invalid(_("No one has that user name."), field="assignee")
        services.question_assign(
            actor=request.user,
            question=question,
            assignee=assignee,
            due_on=form.cleaned_data["due_on"],
        )
    except Refusal as exc:
        return _refused(request, exc, back)
    return HttpResponseRedirect(back)


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Questions already asked (in any session) that look like the one being typed."""
    text = (request.GET.get("q") or request.GET.get("text") or "")[:1000]
    keys = [f"ip:{client_ip(request)}"]
    if request.user.is_authenticated:
        keys.append(f"user:{request.user.pk}")
    if ratelimit.hit("similar", keys=keys):
        return HttpResponse(_("Too many searches at once; try again in a minute."), status=429)
    exclude = []
    if request.GET.get("exclude", "").isdigit():
        exclude.append(int(request.GET["exclude"]))
    # The same words find the same questions until one of them changes: kept per
    # generation of what they show and the words searched for.
    wanted = tuple(similarity.terms(text))

    def build() -> str:
        found = queries.similar_questions(text=text, exclude=exclude) if text.strip() else []
        return render_to_string("qa/_similar.html", {"found": found, "text": text})

    parts = (generation(similarity.SIMILAR), wanted, tuple(exclude), bool(text))
    return HttpResponse(cached_fragment("qa.similar", parts, build))


@require_GET
def export_csv(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    board = queries.board_of(event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="questions-event-{event.pk}.csv"'
    writer = csv.writer(response)
    for row in export.rows(board=board):
        writer.writerow(row)
    return response


@require_GET
def export_json(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    board = queries.board_of(event)
    response = HttpResponse(
        json.dumps(export.document(event=event, board=board), ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="questions-event-{event.pk}.json"'
    return response
