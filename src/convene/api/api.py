"""The JSON API: one NinjaAPI, each app's router mounted under /api/."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

from convene.consultations.api import router as consultations_router
from convene.core.api import Api, error_body, refusal_body
from convene.core.errors import Refusal, TooMany
from convene.directory.api import router as directory_router
from convene.events.api import router as events_router
from convene.events.api_resources import router as events_resources_router
from convene.notes.api import router as notes_router
from convene.people.api import router as people_router
from convene.programmes.api import router as programmes_router
from convene.qa.api import router as qa_router

api = Api(
    title="Convene API",
    version="1",
    description=(
        "Hubs, events, questions and notes of Convene. Instants are ISO 8601 in UTC. "
        "Errors answer {code, message, field, errors}."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_router("/", people_router)
api.add_router("/", directory_router)
api.add_router("/", events_router)
api.add_router("/", events_resources_router)
api.add_router("/", qa_router)
api.add_router("/", notes_router)
api.add_router("/", consultations_router)
api.add_router("/", programmes_router)


def _to(operation: str, **parameters: str) -> dict[str, object]:
    return {"operationId": f"convene_{operation}", "parameters": parameters}


# What a client can do next with what a write made (OpenAPI links).
api.links = {
    ("convene_qa_api_questions_ask", 201): {
        "question": _to("qa_api_question_detail", question_id="$response.body#/id"),
        "vote": _to("qa_api_vote", question_id="$response.body#/id"),
        "answer": _to("qa_api_answer", question_id="$response.body#/id"),
        "moderate": _to("qa_api_moderate", question_id="$response.body#/id"),
    },
    ("convene_consultations_api_chapters_chapter_create", 201): {
        "chapter": _to("consultations_api_chapters_chapter_detail", slug="$response.body#/slug"),
        "publish": _to("consultations_api_chapters_version_publish", slug="$response.body#/slug"),
    },
    ("convene_consultations_api_chapters_version_publish", 201): {
        "version": _to(
            "consultations_api_chapters_version_detail",
            slug="$request.path.slug",
            number="$response.body#/number",
        ),
    },
    ("convene_consultations_api_feedback_feedback_create", 201): {
        "feedback": _to(
            "consultations_api_feedback_feedback_detail", feedback_id="$response.body#/id"
        ),
        "triage": _to(
            "consultations_api_feedback_feedback_triage", feedback_id="$response.body#/id"
        ),
    },
    ("convene_consultations_api_periods_period_create", 201): {
        "remove": _to(
            "consultations_api_periods_period_delete",
            slug="$request.path.slug",
            period_id="$response.body#/id",
        ),
    },
}


def _field_name(loc: list[object]) -> str | None:
    # Ninja's locations look like ("query", "tz") or ("body", "payload", "text").
    names = [str(part) for part in loc if part not in ("query", "body", "path", "payload", "form")]
    return ".".join(names) or None


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(list(err.get("loc", ()))), "message": str(err.get("msg", ""))}
        for err in exc.errors
    ]
    first = errors[0] if errors else {"field": None, "message": "invalid input"}
    message = str(first["message"])
    if first["field"]:
        message = f"{first['field']}: {message}"
    return api.create_response(
        request,
        error_body("invalid", message, field=first["field"], errors=errors),
        status=400,
    )


@api.exception_handler(Refusal)
def on_refusal(request: HttpRequest, exc: Refusal) -> HttpResponse:
    response = api.create_response(request, refusal_body(exc), status=exc.status)
    if isinstance(exc, TooMany) and exc.retry_after:
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = str(exc) if str(exc) and str(exc) != "Unauthorized" else "Sign in or send a token."
    return api.create_response(request, error_body("not_authenticated", message), status=401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {400: "invalid", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
             409: "conflict", 429: "rate_limited"}  # fmt: skip
    return api.create_response(
        request, error_body(codes.get(exc.status_code, "error"), str(exc)), status=exc.status_code
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, error_body("not_found", str(exc) or "Not found."), status=404
    )


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, error_body("forbidden", str(exc) or "You may not do that."), status=403
    )
