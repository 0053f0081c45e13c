"""Who is acting, and the refusals every app's services share: one copy of "sign in
first" and "this account is blocked" (cleaning what they wrote: core.inputs).

Services take `actor: Actor` (core.types); these narrow it to a `User` or refuse through
core.errors, which pages and the API turn into their own answers.
"""

from typing import Any, TypeGuard

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from convene.core.errors import NotAllowed, NotSignedIn


def signed_in(actor: Any) -> TypeGuard[User]:
    """A signed-in person (not an anonymous visitor)."""
    return bool(getattr(actor, "is_authenticated", False))


def is_blocked(actor: Any) -> bool:
    """Signed in, but blocked by a moderator or deactivated."""
    if not signed_in(actor):
        return False
    return not actor.is_active or bool(getattr(getattr(actor, "profile", None), "blocked", False))


def is_active_person(actor: Any) -> bool:
    """Signed in, active and not blocked."""
    return signed_in(actor) and not is_blocked(actor)


def refuse_blocked(actor: Any) -> None:
    """Refuse a blocked or deactivated account (anyone else passes)."""
    if signed_in(actor) and getattr(getattr(actor, "profile", None), "blocked", False):
        raise NotAllowed(_("This account is blocked."), code="blocked")
    if signed_in(actor) and not actor.is_active:
        raise NotAllowed(_("This account is not active."), code="blocked")


def require_person(actor: Any, message: str | None = None) -> User:
    """The actor, once known to be a signed-in person who is not blocked; `message` says
    what signing in is for (default "Sign in first.")."""
    if not signed_in(actor) or not isinstance(actor, User):
        raise NotSignedIn(message or _("Sign in first."))
    refuse_blocked(actor)
    return actor


def require(allowed: bool, message: str) -> None:
    """Refuse with `message` unless `allowed`."""
    if not allowed:
        raise NotAllowed(message)
