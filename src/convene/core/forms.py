"""Forms meet the refusal family here: a service's refusal becomes field errors."""

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from convene.core.errors import FieldError, Invalid, Refusal
from convene.core.search import SEARCH_LIMIT, search_text


def apply_refusal(form: forms.BaseForm, exc: Refusal) -> None:
    """Put a service's refusal on `form`: each field error on its field when the form has
    one, otherwise on the form as a whole (shown above the fields); a message the form
    already shows there (its own validation said the same) is not repeated."""
    for error in exc.errors or [FieldError(exc.field, exc.message)]:
        field = error.field if error.field in form.fields else None
        shown = form.errors.get(field or NON_FIELD_ERRORS, ()) if form.is_bound else ()
        if error.message not in [str(message) for message in shown]:
            form.add_error(field, error.message)


class SearchField(forms.CharField):
    """A list's free-text search box, with the one limit of `convene.core.search`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": str(SEARCH_LIMIT)}

    def clean(self, value: Any) -> str:
        try:
            return search_text(super().clean(value))
        except Invalid as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
