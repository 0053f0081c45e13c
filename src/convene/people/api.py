"""The person's own profile: `GET /api/me` and `PATCH /api/me`.

A refusal from `profile_update` answers through the API's one mapping (400 with every
field at fault in `errors`, 403 for someone else's profile).
"""

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema

from convene.core.api import BodyIn, ErrorOut, one_of
from convene.core.timezones import valid_zone_names
from convene.people.auth import person_auth
from convene.people.models import Profile
from convene.people.services import profile_ensure, profile_update

router = Router(tags=["people"])


class MeOut(Schema):
    username: str
    display_name: str
    email: str
    timezone: str
    language: str
    languages: list[str]
    home_wiki: str
    affiliations: str
    email_notices: bool
    is_staff: bool


class MeIn(BodyIn):
    """A JSON object; only the fields given change. Empty strings clear (the browser's
    zone/language). `email_notices`: false keeps notices on the site only."""

    display_name: str | None = None
    timezone: Annotated[str | None, one_of(sorted(valid_zone_names()), null=True)] = None
    language: str | None = None
    languages: list[str] | None = None
    home_wiki: str | None = None
    affiliations: str | None = None
    email_notices: bool | None = None


def _me_out(request: HttpRequest, profile: Profile) -> MeOut:
    user = request.user
    return MeOut(
        username=user.get_username(),
        display_name=profile.name,
        email=getattr(user, "email", ""),
        timezone=profile.timezone,
        language=profile.language,
        languages=list(profile.languages),
        home_wiki=profile.home_wiki,
        affiliations=profile.affiliations,
        email_notices=profile.email_notices,
        is_staff=bool(getattr(user, "is_staff", False)),
    )


@router.get("/me", response={200: MeOut, 401: ErrorOut}, auth=person_auth, summary="Who am I?")
def me(request: HttpRequest) -> MeOut:
    return _me_out(request, profile_ensure(user=request.user))


@router.patch(
    "/me",
    response={200: MeOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    auth=person_auth,
    summary="Change my profile",
)
def me_update(request: HttpRequest, payload: MeIn) -> MeOut:
    """Every field at fault is listed in `errors` (nothing is saved then)."""
    profile = profile_ensure(user=request.user)
    profile_update(profile=profile, actor=request.user, **payload.dict(exclude_unset=True))
    return _me_out(request, profile)
