from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from convene.core.reader import reader_profile
from convene.core.timezones import parse_zone, zone_choices

ONE_YEAR = 365 * 24 * 3600


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: answers 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _safe_next(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return fallback
    return target


@require_http_methods(["GET", "POST"])
def timezone_picker(request: HttpRequest) -> HttpResponse:
    """Choose the zone times are shown in: kept in a cookie and, if signed in, the profile."""
    error = ""
    if request.method == "POST":
        name = request.POST.get("timezone", "")
        zone = parse_zone(name)
        if zone is None:
            error = _("“%(name)s” is not a time zone we know. Pick one from the list.") % {
                "name": name
            }
        else:
            profile = reader_profile(request)
            if profile is not None:
                profile.timezone = zone.key
                profile.save(update_fields=["timezone"])
            response = HttpResponseRedirect(_safe_next(request))
            response.set_cookie(
                settings.TIMEZONE_COOKIE_NAME,
                zone.key,
                max_age=ONE_YEAR,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(
        request,
        "core/timezone.html",
        {
            "choices": zone_choices(getattr(request, "LANGUAGE_CODE", "en")),
            "error": error,
            "next": _safe_next(request),
        },
        status=400 if error else 200,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and the profile's language when signed in."""
    code = request.POST.get("language", "")
    profile = reader_profile(request)
    if profile is not None and code in {c for c, _ in settings.LANGUAGES}:
        profile.language = code
        profile.save(update_fields=["language"])
    return django_set_language(request)
