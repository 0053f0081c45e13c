"""API authentication: a personal token (Authorization: Bearer …) or the browser session.

`reader_auth` lets anyone in (the reader may be anonymous: request.user tells);
`person_auth` answers 401 unless someone is signed in. Session requests that change
something must carry the CSRF token, as in the browser; token requests need none.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from convene.people.models import ApiToken


class ReaderAuth(AuthBase):
    openapi_type = "http"
    openapi_scheme = "bearer"

    def __init__(self, *, required: bool) -> None:
        self.required = required
        self.openapi_name = "bearer"
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, key = header.partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                raise AuthenticationError(401, "Use 'Authorization: Bearer <token>'.")
            user = ApiToken.authenticate(key.strip())
            if user is None:
                raise AuthenticationError(401, "That API token is unknown or was revoked.")
            request.user = user
            return user
        user = getattr(request, "user", None) or AnonymousUser()
        if user.is_authenticated:
            if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request):
                raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
            if getattr(getattr(user, "profile", None), "blocked", False):
                raise HttpError(403, "This account is blocked.")
            return user
        if self.required:
            return None
        return AnonymousUser()


reader_auth = ReaderAuth(required=False)
person_auth = ReaderAuth(required=True)

__all__ = ["person_auth", "reader_auth"]
