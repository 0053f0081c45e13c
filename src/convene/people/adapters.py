"""django-allauth adapters: every new account gets a profile; blocked people are refused."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from convene.people.backends import is_blocked


def render_blocked(request: HttpRequest) -> HttpResponse:
    return render(request, "people/blocked.html", status=403)


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        from convene.people.services import profile_ensure

        user = super().save_user(request, user, form, commit=commit)
        if commit:
            profile_ensure(user=user)
        return user

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        # Both the password login and the Wikimedia login pass here before the session
        # is opened: a blocked person is told so instead of being signed in.
        if is_blocked(user):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return render_blocked(request)
        response: HttpResponse | None = super().pre_login(request, user, **kwargs)
        return response


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        """A new person signing up with their Wikimedia account: their wiki user name
        becomes their display name (their Convene user name may differ when it is taken
        or has characters user names cannot hold)."""
        from convene.people.services import profile_ensure

        user = super().save_user(request, sociallogin, form=form)
        wiki_name = str(sociallogin.account.extra_data.get("username") or "")
        profile_ensure(user=user, display_name=wiki_name)
        return user
