from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.core.errors import Refusal
from convene.core.forms import apply_refusal
from convene.people import pickers, queries
from convene.people.forms import ApiTokenForm, ProfileForm
from convene.people.notices import notices_mark_read
from convene.people.services import (
    api_token_create,
    api_token_revoke,
    profile_ensure,
    profile_update,
)

NEW_TOKEN_SESSION_KEY = "people_new_api_token"  # noqa: S105 (a session key name)


def _reader_language(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "en")


def _render_profile(
    request: HttpRequest, *, token_form: ApiTokenForm | None = None, status: int = 200
) -> HttpResponse:
    profile = profile_ensure(user=request.user)
    page = queries.profile_page(profile=profile, reader_language=_reader_language(request))
    # The key of a token just created is shown once, on the page the creation leads to.
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    return render(
        request,
        "people/profile.html",
        {
            "page": page,
            "profile": profile,
            "token_form": token_form or ApiTokenForm(),
            "new_token": new_token,
        },
        status=status,
    )


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return _render_profile(request)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = profile_ensure(user=request.user)
    reader_language = _reader_language(request)
    if request.method == "POST":
        form = ProfileForm(request.POST, reader_language=reader_language)
        if form.is_valid():
            try:
                profile_update(profile=profile, actor=request.user, **form.cleaned_data)
            except Refusal as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, _("Your profile is saved."))
                return HttpResponseRedirect(reverse("people:profile"))
        status = 400
    else:
        form = ProfileForm(
            initial=ProfileForm.initial_for(profile), reader_language=reader_language
        )
        status = 200
    return render(request, "people/profile_edit.html", {"form": form}, status=status)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except Refusal as exc:
            apply_refusal(form, exc)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = {
                "id": token.pk,
                "name": token.name,
                "key": key,
            }
            return HttpResponseRedirect(reverse("people:profile") + "#tokens")
    return _render_profile(request, token_form=form, status=400)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(queries.api_tokens_of(user=request.user), pk=pk)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return HttpResponseRedirect(reverse("people:profile") + "#tokens")


@require_GET
def person(request: HttpRequest, username: str) -> HttpResponse:
    page = queries.person_page(username=username, reader_language=_reader_language(request))
    if page is None:
        raise Http404(_("There is no such person."))
    return render(request, "people/person.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def notices(request: HttpRequest) -> HttpResponse:
    """A person's notices; POST marks them all read."""
    if request.method == "POST":
        notices_mark_read(recipient=request.user)
        return HttpResponseRedirect(reverse("people:notices"))
    return render(
        request, "people/notices.html", {"notices": queries.notices_for(user=request.user)}
    )


@require_GET
def suggest_languages(request: HttpRequest) -> HttpResponse:
    """Languages matching `?q=` for a language picker, the reader's own first."""
    return pickers.suggest_response(
        request, pickers.LANGUAGES, first=pickers.picker_reader_languages(request)
    )
