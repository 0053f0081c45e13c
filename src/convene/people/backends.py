"""Authentication backend: a blocked person cannot sign in, and a signed-in one is let go.

Django's ModelBackend asks `user_can_authenticate` both when checking a password and when
loading the user of a session on every request, so refusing blocked people here covers
the login form, the admin's login and sessions opened before the block. allauth stashes a
user whose password matched but who may not authenticate, and hands it to the account
adapter's `pre_login`, which explains the block (see adapters.py).
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from convene.core.types import Actor


def is_blocked(user: Actor) -> bool:
    return bool(getattr(getattr(user, "profile", None), "blocked", False))


class AuthenticationBackend(AllauthBackend):  # type: ignore[misc]
    def user_can_authenticate(self, user: Any) -> bool:
        return bool(super().user_can_authenticate(user)) and not is_blocked(user)
