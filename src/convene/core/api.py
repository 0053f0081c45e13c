"""What every app's API module shares: the error shape and list pagination.

Errors answer `{"code": "<machine-readable>", "message": "<human>", "field": "<name>"|null,
"errors": [{"field": ..., "message": ...}]}` with a 4xx status. Lists answer
`{"count": N, "next": URL|null, "items": [...]}`.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any, Generic, TypeVar, get_args

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from pydantic import AfterValidator, Field, Strict, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from convene.core.errors import Invalid, Refusal
from convene.core.search import SEARCH_LIMIT, search_text

T = TypeVar("T")

MAX_LIMIT = 200
# Past this a database cannot take the number (and no list is that long).
MAX_OFFSET = 1_000_000_000
# The largest id either database stores (a 64-bit signed integer).
MAX_ID = 2**63 - 1


# A list's page: `paginate` refuses the rest with 400 naming the field.
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="items to skip")]


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


def one_of(values: Iterable[str], *, blank: bool = True, null: bool = False) -> WithJsonSchema:
    """The schema of a str parameter the endpoint checks against `values` (and "", "not
    given", when `blank`; null too when `null`), refusing the rest with 400 naming it:
    `sort: Annotated[str, one_of(SORTS)] = "votes"`."""
    enum: list[str | None] = [*([None] if null else []), *([""] if blank else []), *values]
    return WithJsonSchema({"type": ["string", "null"] if null else "string", "enum": enum})


class BodyIn(Schema):
    """Every request body's base: a JSON object, nothing else.

    Ninja reads a Schema from any value's attributes (it wraps the value in a
    DjangoGetter), so without this an array or a number would pass as "no field given"
    (`PATCH /api/me` with `[null, null]` answered 200). Booleans and integers take JSON's
    own types, as the schema says (pydantic would take 0 or "yes" for a boolean and "12"
    for an integer)."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        strict = False
        for field in cls.model_fields.values():
            kinds = set(get_args(field.annotation)) or {field.annotation}
            if kinds & {bool, int} and str not in kinds:
                field.metadata.append(Strict())
                strict = True
        if strict:
            cls.model_rebuild(force=True)

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        if not isinstance(getattr(data, "_obj", data), dict):
            raise PydanticCustomError("not_an_object", "the body must be a JSON object")
        return data


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    errors: list[FieldErrorOut] = []


def refusal_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error responses an endpoint declares, each in the one error shape (`ErrorOut`):
    `response={200: ThingOut, **REFUSALS}`."""
    return dict.fromkeys(statuses, ErrorOut)


# What a service may refuse: invalid input, not signed in, not allowed, not found, conflict.
REFUSALS = refusal_responses(400, 401, 403, 404, 409)


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
    check_page(limit=limit, offset=offset)
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    page = list(rows[offset : offset + limit])
    next_url = next_page_url(request, count=count, limit=limit, offset=offset)
    return {"count": count, "next": next_url, "items": serialise(page) if serialise else page}


def check_page(*, limit: int, offset: int) -> None:
    """Refuses a page `paginate` would refuse (400, naming the parameter)."""
    if limit < 1 or limit > MAX_LIMIT:
        raise Invalid(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    if offset < 0 or offset > MAX_OFFSET:
        raise Invalid(f"offset must be between 0 and {MAX_OFFSET}", field="offset")


def next_page_url(request: HttpRequest, *, count: int, limit: int, offset: int) -> str | None:
    """The address of the page after this one (the request's own query, offset moved on),
    or None on the last page."""
    if offset + limit >= count:
        return None
    query = request.GET.copy()
    query["offset"] = str(offset + limit)
    query["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


# What any operation may answer besides its own responses, and when.
_ANSWERS: dict[int, str] = {
    400: "Invalid input: a parameter or the body does not match the schema (a non-integer "
    "id, an unknown filter value, a body that is not a JSON object), or a request Django "
    "refuses (a host not allowed).",
    401: "A malformed or unknown `Authorization` header; or, where the operation needs a "
    "person, no token and no session.",
    403: "Signed in, but blocked, failing the CSRF check (session requests that change "
    "something), or not allowed to do this.",
    404: "Nothing at this address, or no such object (or not one the reader may see).",
    405: "The path does not take this method (`Allow` lists those it takes).",
    413: "The body is larger than the upload limit.",
    500: "Something went wrong on the server; it has been logged.",
}


class Api(NinjaAPI):
    """The project's NinjaAPI: its schema says exactly what the code answers.

    Reads that let anyone in (`people.auth.reader_auth`) declare the bearer token as
    optional (`security: [{}, {bearer}]`); every operation declares the JSON errors the
    API's handlers and `convene.api.middleware` may answer (`_ANSWERS`). `links` gives
    OpenAPI links: {(operation id, status): {name: {"operationId": ..., "parameters":
    {...}}}}, so clients (and schemathesis's stateful tests) can follow what was made."""

    links: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        optional = {
            self.get_openapi_operation_id(operation)
            for bound in self._get_bound_routers()
            for view in bound.path_operations.values()
            for operation in view.operations
            if operation.auth_callbacks
            and not any(getattr(auth, "required", True) for auth in operation.auth_callbacks)
        }
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for methods in schema["paths"].values():
            for details in methods.values():
                for parameter in details.get("parameters", []):
                    if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                        parameter["schema"] |= {"minimum": -MAX_ID, "maximum": MAX_ID}
                if details["operationId"] in optional:
                    details["security"] = [{}, *details["security"]]
                responses = details["responses"]
                for (operation_id, status), links in self.links.items():
                    if operation_id == details["operationId"]:
                        responses[status]["links"] = links
                for status, description in _ANSWERS.items():
                    answer = responses.setdefault(status, {"content": error})
                    answer["description"] = description
        return schema
