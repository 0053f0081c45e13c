"""Every answer under /api/ that is an error is the API's JSON error, never Django's page.

The API's own handlers (convene.api.api) answer what its endpoints raise. What happens
outside them is answered by Django as HTML: an unknown path (404), a method the path does
not take (ninja's bare 405), a host that is not allowed or another suspicious request
(400), an exception nobody handled (500). This middleware, first in settings.MIDDLEWARE,
turns each into `{code, message, field, errors}` with the same status, without the
page's text (a traceback is logged by Django as usual, never sent). A body over
DATA_UPLOAD_MAX_MEMORY_SIZE (plus API_FILE_MAX_BYTES for a multipart upload) is refused
before anything reads it, with 413 and the limit.
An id in the path past the databases' integers names nothing: 404 without asking the
database (SQLite and PostgreSQL would fail on it in a foreign-key lookup).
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from convene.core.api import MAX_ID, error_body, refusal_body
from convene.core.errors import TooLarge

PREFIX = "/api/"

Handler = Callable[[HttpRequest], HttpResponseBase]

_LONG_NUMBER = re.compile(r"/(-?\d{19,})(?=/|$)")


def _codes() -> dict[int, tuple[str, str]]:
    """(code, message) for each status Django may answer with a page of its own."""
    return {
        400: ("invalid", _("The request could not be understood.")),
        403: ("forbidden", _("You may not do that.")),
        404: ("not_found", _("There is no API endpoint at this address.")),
        405: ("method_not_allowed", _("This endpoint does not take this method.")),
        500: ("server_error", _("Something went wrong on our side; it has been logged.")),
    }


class ApiErrorMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.content_type == "multipart/form-data":
            # An uploaded file is not held in memory: it may be as large as its own limit.
            limit += settings.API_FILE_MAX_BYTES
        if limit is not None and _content_length(request) > limit:
            return _too_large(limit)
        if any(abs(int(number)) > MAX_ID for number in _LONG_NUMBER.findall(request.path)):
            code, message = _codes()[404]
            return JsonResponse(error_body(code, message), status=404)
        response = self.get_response(request)
        if response.status_code < 400 or _is_json(response):
            return response
        return _json_error(response)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_large(limit: int) -> HttpResponse:
    refusal = TooLarge(
        _("The request body is larger than the limit of %(limit)s bytes.")
        % {"limit": number_format(limit, force_grouping=True)},
    )
    return JsonResponse(refusal_body(refusal), status=refusal.status)


def _is_json(response: HttpResponseBase) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


def _json_error(response: HttpResponseBase) -> HttpResponse:
    status = response.status_code
    code, message = _codes().get(status, ("error", str(response.reason_phrase)))
    if status == 405 and response.has_header("Allow"):
        message = _("This endpoint does not take this method; it takes %(methods)s.") % {
            "methods": response["Allow"]
        }
    answer = JsonResponse(error_body(code, message), status=status)
    for header in ("Allow", "Retry-After", "Vary"):
        if response.has_header(header):
            answer[header] = response[header]
    answer.cookies = response.cookies
    return answer
