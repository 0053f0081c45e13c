"""Activate the reader's time zone and language on every request; answer refusals."""

from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from convene.core.errors import NotSignedIn, Refusal, TooMany
from convene.core.i18n import offered_languages
from convene.core.reader import reader_profile
from convene.core.timezones import UTC, parse_zone

Handler = Callable[[HttpRequest], HttpResponse]


class ReaderTimezoneMiddleware:
    """`?tz=`, then the profile, then the browser's zone (cookie set by tz.js), then UTC.

    Sets `request.reader_tz` (a ZoneInfo), `request.reader_tz_source` (one of "url",
    "profile", "browser", "default") and `request.reader_tz_error` (the unknown name given
    in `?tz=`, or "").
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone, source, error = None, "default", ""
        asked = request.GET.get("tz")
        if asked:
            zone = parse_zone(asked)
            if zone is None:
                error = asked
            else:
                source = "url"
        if zone is None:
            profile = reader_profile(request)
            zone = parse_zone(getattr(profile, "timezone", "") if profile else "")
            if zone is not None:
                source = "profile"
        if zone is None:
            zone = parse_zone(unquote(request.COOKIES.get(settings.TIMEZONE_COOKIE_NAME, "")))
            if zone is not None:
                source = "browser"
        if zone is None:
            zone = UTC
        request.reader_tz = zone  # type: ignore[attr-defined]
        request.reader_tz_source = source  # type: ignore[attr-defined]
        request.reader_tz_error = error  # type: ignore[attr-defined]
        timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class ReaderLanguageMiddleware:
    """The profile's language wins over the browser's (LocaleMiddleware handled that)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.known = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        profile = reader_profile(request)
        language = getattr(profile, "language", "") if profile else ""
        if language in self.known:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        elif translation.get_language() not in offered_languages():
            # The browser asked for a catalog still being translated: the source
            # language until it is offered (a person may still choose it in the profile).
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        response = self.get_response(request)
        if language in self.known:
            response.headers.setdefault("Content-Language", language)
        return response


class RefusalMiddleware:
    """Answers a refusal that an HTML view let through (the API maps its own).

    Not signed in: to the sign-in page and back. Otherwise the refusal's message on a
    page with its status (403, 404, 409, 400, 429), in the reader's language.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, Refusal):
            return None
        if isinstance(exc, NotSignedIn) and request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        response = render(request, "convene/refused.html", {"refusal": exc}, status=exc.status)
        if isinstance(exc, TooMany) and exc.retry_after:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
