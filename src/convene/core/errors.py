"""The one vocabulary in which services refuse.

A service that will not do what it was asked raises one of these, never an HTTP status
and never Django's `ValidationError`/`PermissionDenied`. Each caller maps them once:

- the API (`convene.api`): to `{code, message, field, errors}` with the status below;
- HTML views: `convene.core.forms.apply_refusal` puts them on a form's fields, and
  `convene.core.middleware.RefusalMiddleware` answers any a view lets through;
- commands: `convene.core.commands.refusals_exit` turns them into one readable line and
  a non-zero exit.

`code` is machine-readable (a refusal class has a default, a raise may be more exact:
"closed", "blocked", "too_long"); `message` is for people, already translated; `field`
names the input at fault; `errors` lists every field at fault when there are several.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str | None
    message: str


# N818: a refusal is an answer to the user, not a bug; the family reads better unsuffixed.
class Refusal(Exception):  # noqa: N818
    """Base of the family; raise a subclass."""

    default_code = "refused"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        errors: Iterable[FieldError] = (),
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
        self.code = code or self.default_code
        listed = list(errors)
        if not listed and field is not None:
            listed = [FieldError(field, self.message)]
        self.errors: list[FieldError] = listed

    @classmethod
    def from_fields(
        cls, errors: Mapping[str | None, str | Sequence[str]], *, code: str | None = None
    ) -> "Refusal":
        """One refusal for several fields at once: {field (None: the whole): message(s)}."""
        listed = [
            FieldError(field, str(message))
            for field, messages in errors.items()
            for message in ([messages] if isinstance(messages, str) else messages)
        ]
        first = listed[0] if listed else FieldError(None, "")
        return cls(first.message, field=first.field, code=code, errors=listed)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r}, field={self.field!r})"


class NotSignedIn(Refusal):
    """The action needs a signed-in person (HTTP 401)."""

    default_code = "not_authenticated"
    status = 401


class NotAllowed(Refusal):
    """The actor may not do this (HTTP 403)."""

    default_code = "forbidden"
    status = 403


class NotFound(Refusal):
    """The thing named does not exist, or the actor may not know it does (HTTP 404)."""

    default_code = "not_found"
    status = 404


class Invalid(Refusal):
    """The input is wrong; `field` (or `errors`) says where (HTTP 400)."""

    default_code = "invalid"
    status = 400


class Conflict(Refusal):
    """The input is fine but the thing's state does not allow it now (HTTP 409)."""

    default_code = "conflict"
    status = 409


class TooLarge(Refusal):
    """The request is bigger than the limit (HTTP 413)."""

    default_code = "too_large"
    status = 413


class TooMany(Refusal):
    """Too many attempts; try again after `retry_after` seconds (HTTP 429)."""

    default_code = "rate_limited"
    status = 429

    def __init__(
        self,
        message: str,
        *,
        retry_after: int | None = None,
        field: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, field=field, code=code)
        self.retry_after = retry_after
