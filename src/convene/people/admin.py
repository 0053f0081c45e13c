from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from convene.core.errors import Refusal
from convene.people.forms import ProfileFieldsMixin
from convene.people.models import ApiToken, Profile
from convene.people.services import api_token_revoke, profile_set_blocked


class ProfileAdminForm(ProfileFieldsMixin, forms.ModelForm[Profile]):
    """Staff edits follow the same rules as `profile_update` (field errors, nothing saved)."""

    class Meta:
        model = Profile
        fields = (
            "display_name",
            "timezone",
            "language",
            "languages",
            "home_wiki",
            "affiliations",
            "email_notices",
        )


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    form = ProfileAdminForm
    list_display = ("__str__", "user", "timezone", "home_wiki", "blocked")
    list_filter = ("blocked",)
    search_fields = ("display_name", "user__username", "user__email", "home_wiki")
    list_select_related = ("user",)
    # Blocking goes through the actions below (the service checks and logs it).
    readonly_fields = ("user", "blocked")
    actions = ("block", "unblock")

    def _set_blocked(
        self, request: HttpRequest, queryset: QuerySet[Profile], *, blocked: bool
    ) -> int:
        done = 0
        for profile in queryset.select_related("user"):
            try:
                profile_set_blocked(actor=request.user, profile=profile, blocked=blocked)
            except Refusal as exc:
                self.message_user(request, f"{profile}: {exc}", messages.ERROR)
            else:
                done += 1
        return done

    @admin.action(description=_("Block the selected people"))
    def block(self, request: HttpRequest, queryset: QuerySet[Profile]) -> None:
        count = self._set_blocked(request, queryset, blocked=True)
        self.message_user(
            request,
            ngettext("%(count)d person blocked.", "%(count)d people blocked.", count)
            % {"count": count},
        )

    @admin.action(description=_("Unblock the selected people"))
    def unblock(self, request: HttpRequest, queryset: QuerySet[Profile]) -> None:
        count = self._set_blocked(request, queryset, blocked=False)
        self.message_user(
            request,
            ngettext("%(count)d person unblocked.", "%(count)d people unblocked.", count)
            % {"count": count},
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    search_fields = ("name", "user__username", "prefix")
    list_select_related = ("user",)
    # The key is never stored; staff can see and delete (revoke) tokens, not make them.
    readonly_fields = ("user", "name", "prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: ApiToken) -> None:
        api_token_revoke(actor=request.user, token=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(actor=request.user, token=token)
