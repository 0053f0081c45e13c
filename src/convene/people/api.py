from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from convene.core.api import ApiError, ErrorOut
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
    is_staff: bool


class MeIn(Schema):
    """Only the fields given change. Empty strings clear (the browser's zone/language)."""

    display_name: str | None = None
    timezone: str | None = None
    language: str | None = None
    languages: list[str] | None = None
    home_wiki: str | None = None
    affiliations: str | None = None


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
    profile = profile_ensure(user=request.user)
    try:
        profile_update(profile=profile, actor=request.user, **payload.dict(exclude_unset=True))
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApiError(400, "invalid", messages[0], field=field) from exc
    return _me_out(request, profile)
