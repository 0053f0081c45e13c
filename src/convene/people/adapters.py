"""django-allauth adapters: every new account gets a profile; blocked people are refused."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        from convene.people.services import profile_ensure

        user = super().save_user(request, user, form, commit=commit)
        if commit:
            profile_ensure(user=user)
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    pass
