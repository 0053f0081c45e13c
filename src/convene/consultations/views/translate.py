"""Translating a version paragraph by paragraph."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from convene.consultations import services
from convene.consultations.forms import (
    TranslationForm,
)
from convene.consultations.models import (
    TranslationStatus,
    Version,
)
from convene.consultations.queries import access, web
from convene.consultations.views.common import _chapter, _require
from convene.core.errors import Refusal
from convene.core.forms import apply_refusal


@require_http_methods(["GET", "POST"])
def translate(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    chapter = _chapter(slug)
    found = Version.objects.filter(chapter=chapter, number=number).defer("source_text").first()
    if found is None:
        raise Http404(_("No such version."))
    _require(access.can_translate(user=request.user), request, _("Sign in to translate."))
    language = (request.POST.get("language") or request.GET.get("lang") or "").strip()
    error_form: TranslationForm | None = None
    status = 200
    if request.method == "POST":
        form = TranslationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.translation_save(
                    actor=request.user,
                    version=found,
                    language=language,
                    key=data["key"],
                    text=data["text"],
                    done=data["done"],
                )
            except Refusal as exc:
                apply_refusal(form, exc)
                error_form, status = form, exc.status
            else:
                url = reverse("consultations:translate", args=[chapter.slug, number])
                return HttpResponseRedirect(f"{url}?lang={language}#t-{data['key']}")
        else:
            error_form = form
            status = 400
    rows, tally = web.translation_rows(version=found, language=language) if language else ([], {})
    forms = []
    for row in rows:
        if error_form is not None and error_form.data.get("key") == row.paragraph.key:
            forms.append((row, error_form))
        else:
            forms.append(
                (
                    row,
                    TranslationForm(
                        initial={
                            "key": row.paragraph.key,
                            "text": row.text,
                            "done": row.status == TranslationStatus.DONE,
                        },
                        prefix=None,
                    ),
                )
            )
    return render(
        request,
        "consultations/translate.html",
        {
            "chapter": chapter,
            "version": found,
            "language": language,
            "rows": forms,
            "tally": [(s.value, s.label, tally.get(s.value, 0)) for s in TranslationStatus],
            "error_form": error_form,
        },
        status=status,
    )
