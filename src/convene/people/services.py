"""Writes for accounts and profiles."""

from typing import Any

from convene.people.models import Profile


def profile_ensure(*, user: Any) -> Profile:
    """The person's profile, created empty if it does not exist yet (`user` is signed in)."""
    if not user.is_authenticated:
        raise ValueError("anonymous readers have no profile")
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile
