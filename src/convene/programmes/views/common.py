"""What the programmes' views share."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from convene.core.errors import Conflict, Invalid, NotSignedIn
from convene.core.forms import apply_refusal


def signed_in(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise NotSignedIn(_("Sign in first."))


def submit(
    form: forms.Form, action: Callable[[], Any], done: Callable[[Any], str]
) -> HttpResponse | None:
    """Run `action` when `form` is valid: a redirect to `done(result)` on success, None
    (the form carries the refusal: a 400 or a 409 shown on the form)."""
    if not form.is_valid():
        return None
    try:
        result = action()
    except (Invalid, Conflict) as exc:
        apply_refusal(form, exc)
        return None
    return HttpResponseRedirect(done(result))


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    action: Callable[[], Any],
    done: Callable[[Any], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A page with one form: on a POST, run `action` and redirect to `done(result)`;
    otherwise (or refused on the form) render `template` with `form` (status 400 when the
    form carries errors)."""
    if request.method == "POST":
        redirect = submit(form, action, done)
        if redirect is not None:
            return redirect
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)
