"""What every app's API module shares: the error shape and list pagination.

Errors answer `{"code": "<machine-readable>", "message": "<human>", "field": "<name>"|null,
"errors": [{"field": ..., "message": ...}]}` with a 4xx status. Lists answer
`{"count": N, "next": URL|null, "items": [...]}`.
"""

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from convene.core.errors import Invalid, Refusal
from convene.core.search import SEARCH_LIMIT, search_text

T = TypeVar("T")

MAX_LIMIT = 200
# Past this a database cannot take the number (and no list is that long).
MAX_OFFSET = 1_000_000_000


def _search(value: str) -> str:
    try:
        return search_text(value)
    except Invalid as exc:
        raise PydanticCustomError(exc.code, exc.message) from exc


# A list's free-text filter (`q`): the one limit of convene.core.search, in the schema too.
SearchQuery = Annotated[
    str,
    Field(max_length=SEARCH_LIMIT, description="words to look for (case-insensitive)"),
    AfterValidator(_search),
]


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    errors: list[FieldErrorOut] = []


class PageOut(Schema, Generic[T]):
    count: int
    next: str | None
    items: list[T]


def error_body(
    code: str, message: str, *, field: str | None = None, errors: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    return {"code": code, "message": message, "field": field, "errors": list(errors)}


def refusal_body(exc: Refusal) -> dict[str, Any]:
    """The API's error body for a service's refusal (its status is `exc.status`)."""
    errors = [{"field": error.field, "message": error.message} for error in exc.errors]
    return error_body(exc.code, exc.message, field=exc.field, errors=errors)


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    *,
    limit: int,
    offset: int,
    serialise: Callable[[Sequence[Any]], list[Any]] | None = None,
) -> dict[str, Any]:
    """One page of `rows` as {"count", "next", "items"}; `serialise` shapes the page's rows."""
    if limit < 1 or limit > MAX_LIMIT:
        raise Invalid(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    if offset < 0 or offset > MAX_OFFSET:
        raise Invalid(f"offset must be between 0 and {MAX_OFFSET}", field="offset")
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    page = list(rows[offset : offset + limit])
    next_url = None
    if offset + limit < count:
        query = request.GET.copy()
        query["offset"] = str(offset + limit)
        query["limit"] = str(limit)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"count": count, "next": next_url, "items": serialise(page) if serialise else page}
