"""Who serves me: a country and/or a language, and who serves them."""

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from convene.core.reader import reader_profile
from convene.directory import queries
from convene.directory.forms import (
    WhoServesForm,
)
from convene.directory.models import (
    Country,
    Language,
)
from convene.people.pickers import picker_reader_languages, pickers_put_first


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


@dataclass(frozen=True)
class Asked:
    """The form, as HTML, and the codes it gave (None when it refused what was typed)."""

    form: str
    country: str | None
    language: str | None


def _asked(data: Mapping[str, str], first: list[str]) -> Asked:
    form = WhoServesForm(data or None)
    pickers_put_first(form, first)
    valid = bool(data) and form.is_valid()
    html = render_to_string("directory/_who_serves_form.html", {"form": form})
    if not valid:
        return Asked(html, None, None)
    return Asked(html, form.cleaned_data["country"], form.cleaned_data["language"])


@require_GET
def who_serves(request: HttpRequest) -> HttpResponse:
    """The form (its pickers resolve names by searching every country and language) is
    written once per question, reader language, directory version (and the reader's
    languages, which rank the candidates of a typed language); the answer is a template
    fragment cached per country, language, reader language and directory version, and
    the query runs only when that fragment is built."""
    chosen = bool(request.GET.get("country") or request.GET.get("language"))
    data: Mapping[str, str] = request.GET if chosen else _prefill(request)
    asked_for = request.GET.urlencode() if chosen else urlencode(sorted(data.items()))
    first = picker_reader_languages(request)
    version = queries.directory_version()
    asked = queries.cached_part(
        "who-serves-form",
        [asked_for, first if data.get("language") else ""],
        lambda: _asked(data, first),
        version=version,
    )
    result: Any = None
    status = 200
    vary: list[str] = []
    more_query = ""
    country_code = ""
    if asked.country is not None and asked.language is not None:
        country_code, language_code = asked.country, asked.language

        def answer() -> queries.WhoServes:
            country = Country.objects.filter(code=country_code).first() if country_code else None
            lang = Language.objects.filter(code=language_code).first() if language_code else None
            return queries.who_serves(country=country, language=lang)

        result = SimpleLazyObject(answer)
        vary = [country_code or "-", language_code or "-", version]
        more_query = urlencode(
            {k: v for k, v in (("country", country_code), ("language", language_code)) if v}
        )
    elif data:
        status = 400
    return render(
        request,
        "directory/who_serves.html",
        {
            "who_serves_form": mark_safe(asked.form),  # noqa: S308  (a template's output)
            "result": result,
            "has_result": result is not None,
            "SECTION": f":{WHO_SERVES_SECTION}",
            "shown": WHO_SERVES_SECTION,
            "more_query": more_query,
            # Outside the cached answer (which reads `result` only when it is built).
            "country_code": country_code,
            "vary": vary,
            "cache_seconds": queries.cache_seconds(),
            "prefilled": bool(data) and not chosen,
        },
        status=status,
    )
