"""Forms meet the refusal family here: a service's refusal becomes field errors."""

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

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


def _attrs_html(attrs: dict[str, Any]) -> str:
    """What django/forms/widgets/attrs.html writes for `attrs`."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A select written in Python: the same HTML as Django's select.html, without three
    template includes for every option (a list page's filters have dozens)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>'
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{conditional_escape(option["value"])}"'
                f"{_attrs_html(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308  (every value above is escaped)
