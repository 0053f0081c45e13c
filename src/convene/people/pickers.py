"""Search pickers: pick one or more of a long list (languages, countries) by typing a name
or a code, instead of a drop-down of hundreds of options.

Without JavaScript the field is a text input: the server resolves what was typed (a code,
or a name in the reader's language, in English or in the language itself); when several
match, the form says so and lists them as choices. With JavaScript (`people/picker.js`)
the input asks a small endpoint for suggestions as one types (an ARIA combobox).
The reader's own languages (their profile's) come first.

For other apps (qa, events):

    from convene.people.pickers import LanguageField, LanguagesField, pickers_put_first

    class AskForm(forms.Form):
        language = LanguageField(label=_("Language"), required=False)  # one code, or ""
        languages = LanguagesField(label=_("Languages"), required=False)  # a list of codes

    form = AskForm(request.POST or None)
    pickers_put_first(form, picker_reader_languages(request))  # the reader's own first

and the page's `{% block head %}` includes "people/_picker_assets.html" (style, script).
"""

import functools
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext, gettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header

from convene.core.reader import reader_profile
from convene.people.languages import (
    language_autonym,
    language_codes,
    language_iso_name,
    language_label,
)

SUGGESTIONS = 10
CANDIDATES = 8


def _fold(text: str) -> str:
    """Case- and accent-insensitive form for matching ("Français" ~ "francais")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


@dataclass(frozen=True)
class Option:
    code: str
    name: str  # in the reader's language
    other: str  # another name it is known by (English, or its own), or ""
    show_code: bool = True  # a row id is not worth showing


class PickerSource(Protocol):
    """What a picker asks of its list: a `Catalogue` (fixed, from libraries) or a list
    read from the database (`directory.pickers.RowsSource`)."""

    @property
    def suggest_url(self) -> str: ...

    @property
    def noun(self) -> Any: ...

    def labels(self, codes: Sequence[str]) -> dict[str, str]: ...

    def known(self, code: str) -> bool: ...

    def search(
        self, text: str, *, first: Sequence[str] = (), limit: int = SUGGESTIONS
    ) -> list["Option"]: ...

    def resolve(
        self, text: str, *, first: Sequence[str] = ()
    ) -> tuple[str | None, list["Option"]]: ...


@dataclass(frozen=True)
class Catalogue:
    """A long list of codes with their names; `suggest_url` is the URL name of its
    suggestion endpoint."""

    codes: Callable[[], Sequence[str]]
    name: Callable[[str, str], str]  # (code, reader language) → name
    other_names: Callable[[str], Sequence[str]]  # language-independent extra names
    suggest_url: str
    noun: Any  # "language", for messages (lazy)

    def options(self, language: str) -> list[Option]:
        return list(_options(self, language))

    def label(self, code: str) -> str:
        return self.name(code, _reader_language())

    def labels(self, codes: Sequence[str]) -> dict[str, str]:
        return {code: self.label(code) for code in codes if self.known(code)}

    def known(self, code: str) -> bool:
        return code in _index(self, _reader_language())[0]

    def search(
        self, text: str, *, first: Sequence[str] = (), limit: int = SUGGESTIONS
    ) -> list[Option]:
        """Options matching `text`: an exact code or name first, then names starting with it,
        then names containing it; the reader's own (`first`) ahead within each group."""
        language = _reader_language()
        by_code, keys = _index(self, language)
        wanted = _fold(text)
        mine = {code: i for i, code in enumerate(first)}
        if not wanted:
            return [by_code[c] for c in first if c in by_code][:limit]
        ranked: dict[str, int] = {}
        for key, code in keys:
            if key == wanted:
                rank = 0
            elif key.startswith(wanted):
                rank = 1
            elif wanted in key:
                rank = 2
            else:
                continue
            ranked[code] = min(rank, ranked.get(code, 3))
        exact_code = next((c for c in by_code if c.casefold() == wanted), None)
        if exact_code is not None:
            ranked[exact_code] = -1
        order = sorted(
            ranked,
            key=lambda c: (ranked[c], mine.get(c, len(mine)), _fold(by_code[c].name), c),
        )
        return [by_code[c] for c in order[:limit]]

    def resolve(self, text: str, *, first: Sequence[str] = ()) -> tuple[str | None, list[Option]]:
        """(the code `text` names, []) or (None, the candidates: several, or none)."""
        found = self.search(text, first=first, limit=CANDIDATES + 1)
        wanted = _fold(text)
        # "English" is the name of "en" and another name (ISO 639's) of "en-Shaw": a code
        # or a name in the reader's language wins over another name.
        named = [o for o in found if wanted in (_fold(o.code), _fold(o.name))]
        if len(named) == 1:
            return named[0].code, []
        exact = [o for o in found if wanted in (_fold(o.code), _fold(o.name), _fold(o.other))]
        if len(exact) >= 1 and (len(exact) == 1 or _fold(exact[0].code) == wanted):
            return exact[0].code, []
        if len(found) == 1:
            return found[0].code, []
        return None, found[:CANDIDATES]


def _reader_language() -> str:
    return get_language() or "en"


@functools.lru_cache(maxsize=32)
def _options(catalogue: Catalogue, language: str) -> tuple[Option, ...]:
    rows = []
    for code in catalogue.codes():
        name = catalogue.name(code, language)
        others = [n for n in catalogue.other_names(code) if n and _fold(n) != _fold(name)]
        rows.append(Option(code, name, others[0] if others else ""))
    return tuple(sorted(rows, key=lambda o: (_fold(o.name), o.code)))


@functools.lru_cache(maxsize=32)
def _index(
    catalogue: Catalogue, language: str
) -> tuple[dict[str, Option], tuple[tuple[str, str], ...]]:
    by_code = {o.code: o for o in _options(catalogue, language)}
    keys: list[tuple[str, str]] = []
    for option in by_code.values():
        names = {option.code, option.name, *catalogue.other_names(option.code)}
        keys.extend((_fold(n), option.code) for n in names if n)
    return by_code, tuple(keys)


def _language_other_names(code: str) -> tuple[str, ...]:
    # CLDR's English name, the language's own, and ISO 639's ("Bengali" for CLDR's "Bangla").
    return (
        language_label(code, reader_language="en"),
        language_autonym(code),
        language_iso_name(code),
    )


LANGUAGES = Catalogue(
    codes=language_codes,
    name=lambda code, language: language_label(code, reader_language=language),
    other_names=functools.cache(_language_other_names),
    suggest_url="people:suggest_languages",
    noun=gettext_lazy("language"),
)


def picker_reader_languages(request: HttpRequest) -> list[str]:
    """The languages the reader reads, most wanted first, for `first=`: their profile's,
    then the interface's and the browser's (Accept-Language, as base languages: "pt" for
    "pt-BR")."""
    profile = reader_profile(request)
    spoken = [str(code) for code in (getattr(profile, "languages", None) or [])]
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    browser = [code for code, _q in parse_accept_lang_header(header) if code != "*"]
    others = [code.replace("_", "-").split("-")[0].lower() for code in [get_language(), *browser]]
    return list(dict.fromkeys(code for code in [*spoken, *others] if code))


# --- widget and fields --------------------------------------------------------------------

SEPARATORS = (";", ",", "、", "،")


class PickerInput(forms.TextInput):
    """A text input that shows names for codes and, with the picker script, suggests."""

    template_name = "people/picker_widget.html"

    def __init__(self, catalogue: PickerSource, *, multiple: bool = False, attrs: Any = None):
        super().__init__(attrs)
        self.catalogue = catalogue
        self.multiple = multiple
        self.first: Sequence[str] = ()

    def format_value(self, value: Any) -> str:
        given = value if isinstance(value, list | tuple) else [value] if value else []
        codes = [str(code) for code in given]
        labels = self.catalogue.labels(codes)  # one query for a list read from the database
        if not self.multiple:
            text = codes[0] if codes else ""
            return labels.get(text, text)
        return "; ".join(f"{labels[c]} ({c})" if c in labels else c for c in codes)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        # A choice picked from the list the server offered comes after the typed text.
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        values = [v for v in values if v is not None]
        if self.multiple:  # several inputs of one name (a script, a test) add up
            return "; ".join(v for v in values if v.strip()) if values else None
        return values[-1] if values else None

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        candidates: list[Option] = []
        raw = value if isinstance(value, str) else ""
        if raw and not self.multiple and not self.catalogue.known(raw):
            code, candidates = self.catalogue.resolve(raw, first=self.first)
            if code is not None:
                candidates = []
        context["widget"].update(
            suggest_url=reverse(self.catalogue.suggest_url),
            multiple=self.multiple,
            candidates=candidates,
        )
        return context


class _PickerMixin:
    catalogue: PickerSource
    widget: PickerInput

    def set_first(self, codes: Sequence[str]) -> None:
        """Offer these codes first (the reader's own languages)."""
        self.widget.first = list(codes)

    def _one(self, text: str) -> str:
        code, candidates = self.catalogue.resolve(text, first=self.widget.first)
        if code is not None:
            return code
        noun = self.catalogue.noun
        if not candidates:
            raise forms.ValidationError(
                gettext("No %(noun)s matches “%(text)s”.") % {"noun": noun, "text": text},
                code="unknown",
            )
        raise forms.ValidationError(
            gettext("Several match “%(text)s”: %(names)s. Pick one or type its code.")
            % {"text": text, "names": "; ".join(f"{o.name} ({o.code})" for o in candidates)},
            code="ambiguous",
        )


class PickerField(_PickerMixin, forms.CharField):
    """One code, picked by name or code ("" when not required and left empty)."""

    def __init__(self, *, catalogue: PickerSource, **kwargs: Any) -> None:
        self.catalogue = catalogue
        kwargs.setdefault("widget", PickerInput(catalogue))
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value) or "").strip()
        return self._one(text) if text else ""


class PickerMultipleField(_PickerMixin, forms.Field):
    """Several codes, typed as names or codes separated by ";" or ","."""

    def __init__(self, *, catalogue: PickerSource, **kwargs: Any) -> None:
        self.catalogue = catalogue
        kwargs.setdefault("widget", PickerInput(catalogue, multiple=True))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        text = str(value or "")
        separator = next((s for s in SEPARATORS if s in text), ",")
        if separator != ";" and ";" in text:
            separator = ";"
        return [part.strip() for part in text.split(separator) if part.strip()]

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def clean(self, value: Any) -> list[str]:
        entries = self.to_python(value)
        self.validate(entries)
        codes: list[str] = []
        errors: list[forms.ValidationError] = []
        for entry in entries:
            text = entry
            if text.endswith(")") and "(" in text:  # "Bangla (bn)", as the field shows it
                text = text.rsplit("(", maxsplit=1)[1][:-1].strip()
            try:
                code = self._one(text)
            except forms.ValidationError as exc:
                errors.append(exc)
            else:
                if code not in codes:
                    codes.append(code)
        if errors:
            raise forms.ValidationError(errors)
        return codes

    def has_changed(self, initial: Any, data: Any) -> bool:
        return list(initial or []) != self.to_python(data)


def LanguageField(**kwargs: Any) -> PickerField:  # noqa: N802 - used like a field class
    """One language (BCP 47 code), picked by name in the reader's language."""
    return PickerField(catalogue=LANGUAGES, **kwargs)


def LanguagesField(**kwargs: Any) -> PickerMultipleField:  # noqa: N802 - used like a field class
    """Several languages (BCP 47 codes), picked by name in the reader's language."""
    return PickerMultipleField(catalogue=LANGUAGES, **kwargs)


def pickers_put_first(form: forms.Form, codes: Iterable[str]) -> None:
    """Offer `codes` (the reader's own languages) first in every language picker of `form`."""
    first = list(codes)
    for field in form.fields.values():
        if isinstance(field, _PickerMixin) and field.catalogue is LANGUAGES:
            field.set_first(first)


# --- the suggestion endpoint ---------------------------------------------------------------


def suggest_response(
    request: HttpRequest, catalogue: PickerSource, *, first: Sequence[str]
) -> HttpResponse:
    """The options matching `?q=` as a small HTML list (the reader's own first)."""
    query = request.GET.get("q", "")[:100]
    options = catalogue.search(query, first=first)
    html = render_to_string(
        "people/picker_options.html",
        {"options": options, "mine": set(first), "list_id": request.GET.get("list", "")[:80]},
        request=request,
    )
    response = HttpResponse(html)
    response["Cache-Control"] = "private, max-age=300"
    return response
