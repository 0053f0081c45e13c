"""Helpers the consultation pages share."""

from dataclasses import dataclass

from babel.numbers import format_decimal
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from convene.consultations.models import (
    Chapter,
)
from convene.consultations.queries import reads
from convene.core.errors import NotAllowed, NotFound, NotSignedIn
from convene.core.timezones import babel_locale
from convene.directory.models import Region


def _chapter(slug: str) -> Chapter:
    try:
        return reads.chapter_get(slug=slug)
    except NotFound as exc:
        raise Http404(_("No such chapter.")) from exc


def _regions() -> list[tuple[str, str]]:
    return list(Region.objects.order_by("name").values_list("slug", "name"))


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or fallback
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


def _require(allowed: bool, request: HttpRequest, message: str) -> None:
    """Pages for a role: anonymous readers are sent to sign in, others are told why not."""
    if not request.user.is_authenticated:
        raise NotSignedIn(_("Sign in first."))
    if not allowed:
        raise NotAllowed(message)


def _version_number(request: HttpRequest) -> int | None:
    """`?version=N` (None: the current version)."""
    try:
        return int(request.GET["version"]) if "version" in request.GET else None
    except ValueError as exc:
        raise Http404(_("No such version.")) from exc


def _number(value: int) -> str:
    return str(format_decimal(value, locale=babel_locale(get_language() or "en")))


@dataclass(frozen=True)
class PageText:
    """A page's main part, written once for many readers and kept in the cache under
    the chapter's generation (`consultations.generations`), with the little the rest of
    the page needs from it."""

    markup: str = ""
    missing: str = ""  # why there is no such page ("" = there is)
    position: int | None = None  # the paragraph's
    label: str = ""  # the version's
    carrying: bool = False  # feedback is being carried to the version

    @property
    def html(self) -> SafeString:
        return mark_safe(self.markup)  # noqa: S308  (a template's output)
