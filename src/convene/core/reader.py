"""The reader's preferences (zone, language), from the request.

Core cannot import the people app (imports run one way), so it reads the signed-in
person's preferences through the `profile` attribute that `people.Profile` provides:
`timezone` (IANA name or "") and `language` (a code from settings.LANGUAGES or "").
"""

from typing import Any

from django.http import HttpRequest


def reader_profile(request: HttpRequest) -> Any | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "profile", None)
