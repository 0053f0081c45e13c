"""Writes for accounts and profiles.

Every change to a profile or an API token goes through a function here, so that the web
pages, the admin, the API and the demo loader all validate and record it the same way.
"""

import logging
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from convene.core.errors import Invalid, NotAllowed, NotSignedIn
from convene.core.types import Actor
from convene.people.models import ApiToken, Profile
from convene.people.validators import DISPLAY_NAME_MAX, profile_fields_clean

log = logging.getLogger(__name__)

TOKEN_NAME_MAX = 100


def _may_edit(*, actor: Actor, profile: Profile) -> bool:
    return bool(actor.is_authenticated and (actor.pk == profile.user_id or actor.is_staff))


# --- profiles ------------------------------------------------------------------------


def profile_ensure(*, user: Actor, display_name: str = "") -> Profile:
    """The person's profile, created if it does not exist yet (`user` is signed in).

    `display_name` is used when the profile is new or has no display name yet (a
    Wikimedia sign-up brings the wiki user name).
    """
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotSignedIn(_("Sign in to have a profile."))
    display_name = display_name.strip()[:DISPLAY_NAME_MAX]
    try:
        # Usually loaded already (the reader middleware reads the zone from it).
        profile: Profile = user.profile
        created = False
    except Profile.DoesNotExist:
        profile, created = Profile.objects.get_or_create(
            user=user, defaults={"display_name": display_name}
        )
        user.profile = profile
    if not created and display_name and not profile.display_name:
        profile.display_name = display_name
        profile.save(update_fields=["display_name"])
    return profile


@transaction.atomic
def profile_update(
    *,
    profile: Profile,
    actor: Actor,
    display_name: str | None = None,
    timezone: str | None = None,
    language: str | None = None,
    languages: list[str] | None = None,
    home_wiki: str | None = None,
    affiliations: str | None = None,
    email_notices: bool | None = None,
) -> Profile:
    """Change what is given (None leaves a field alone), all or nothing.

    The person themselves or staff may do it (else `NotAllowed`). Raises one `Invalid`
    listing every field at fault, with its message, and then saves nothing.
    """
    if not _may_edit(actor=actor, profile=profile):
        raise NotAllowed(_("You may only change your own profile."))
    changes = profile_fields_clean(
        {
            "display_name": display_name,
            "timezone": timezone,
            "language": language,
            "languages": languages,
            "home_wiki": home_wiki,
            "affiliations": affiliations,
            "email_notices": email_notices,
        }
    )
    if changes:
        for field, value in changes.items():
            setattr(profile, field, value)
        profile.save(update_fields=list(changes))
        log.info("profile %s changed by user %s: %s", profile.pk, actor.pk, sorted(changes))
    return profile


@transaction.atomic
def profile_set_blocked(*, actor: Actor, profile: Profile, blocked: bool) -> Profile:
    """Block or unblock a person (staff only). A blocked person cannot sign in; their open
    sessions stop working at their next request, and their API tokens answer 401."""
    if not (actor.is_authenticated and actor.is_staff):
        raise NotAllowed(_("Only staff may block or unblock people."))
    if actor.pk == profile.user_id and blocked:
        raise NotAllowed(_("You cannot block yourself."))
    if profile.blocked != blocked:
        profile.blocked = blocked
        profile.save(update_fields=["blocked"])
        log.info(
            "user %s %s by %s", profile.user_id, "blocked" if blocked else "unblocked", actor.pk
        )
    return profile


# --- API tokens ------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: Actor, name: str) -> tuple[ApiToken, str]:
    """A new personal API token for `user`: returns the token and its key, which is shown
    once and never stored (only its SHA-256 is)."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotSignedIn(_("Sign in to create an API token."))
    name = name.strip()
    if not name:
        raise Invalid(_("Give the token a name, so you can tell it apart."), field="name")
    if len(name) > TOKEN_NAME_MAX:
        raise Invalid(
            _("Keep the name under %(limit)d characters.") % {"limit": TOKEN_NAME_MAX},
            field="name",
            code="too_long",
        )
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:8]
    )
    log.info("API token %s created for user %s", token.pk, user.pk)
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> None:
    """Delete `token`: requests carrying it answer 401 from now on. Its owner or staff."""
    if not (actor.is_authenticated and (actor.pk == token.user_id or actor.is_staff)):
        raise NotAllowed(_("You may only revoke your own tokens."))
    log.info("API token %s of user %s revoked by %s", token.pk, token.user_id, actor.pk)
    token.delete()
