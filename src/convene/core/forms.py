"""Forms meet the refusal family here: a service's refusal becomes field errors."""

from django import forms

from convene.core.errors import FieldError, Refusal


def apply_refusal(form: forms.BaseForm, exc: Refusal) -> None:
    """Put a service's refusal on `form`: each field error on its field when the form has
    one, otherwise on the form as a whole (shown above the fields)."""
    for error in exc.errors or [FieldError(exc.field, exc.message)]:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
