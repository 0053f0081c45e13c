from django.http import HttpRequest
from ninja import Router, Schema

from convene.core.api import ErrorOut
from convene.people.auth import person_auth
from convene.people.services import profile_ensure

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


@router.get("/me", response={200: MeOut, 401: ErrorOut}, auth=person_auth, summary="Who am I?")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    profile = profile_ensure(user=user)
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
