"""Template filters: names from Babel, and choice labels looked up in per-language tables
(Django's get_FOO_display() rebuilds its choices table on every call, which shows in
pages listing hundreds of organisations)."""

import functools
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from convene.core.formatting import day_text
from convene.core.fragments import cached_fragment
from convene.directory.models import HubRoleKind, HubRoleStatus, Kind, ScopeType, Stage
from convene.directory.names import country_name as _country_name
from convene.directory.names import language_name as _language_name

register = template.Library()


@functools.lru_cache(maxsize=16)
def _labels(language: str) -> dict[str, dict[str, str]]:
    return {
        "kind": {k: str(v) for k, v in Kind.choices},
        "stage": {k: str(v) for k, v in Stage.choices},
        "scope": {k: str(v) for k, v in ScopeType.choices},
        "role": {k: str(v) for k, v in HubRoleKind.choices},
        "role_status": {k: str(v) for k, v in HubRoleStatus.choices},
    }


def label(table: str, value: str) -> str:
    return _labels(get_language() or "en")[table].get(value, value)


@register.simple_tag(takes_context=True)
def directory_nav(context: template.Context) -> SafeString:
    """The directory's links, the same for every reader but staff (who get two more):
    written once per reader language and staff or not."""
    user = context.get("user")
    staff = bool(user is not None and user.is_authenticated and user.is_staff)
    return cached_fragment(
        "directory.nav", [staff], lambda: render_to_string("directory/_nav.html", {"staff": staff})
    )


@register.filter
def country_name(code: str) -> str:
    return _country_name(str(code))


@register.filter
def language_name(code: str) -> str:
    return _language_name(str(code))


@register.filter
def kind_label(value: str) -> str:
    return label("kind", value)


@register.filter
def stage_label(value: str) -> str:
    return label("stage", value)


@register.filter
def scope_label(value: str) -> str:
    return label("scope", value)


@register.filter
def role_label(hub_role: Any) -> str:
    if hub_role.role == HubRoleKind.OTHER and hub_role.other:
        return str(hub_role.other)
    return label("role", hub_role.role)


@register.filter
def role_status_label(value: str) -> str:
    return label("role_status", value)


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key, "")


@register.filter
def founding_date(value: Any) -> str:
    """A founding date known only to the year is stored as 1 January: show the year."""
    if value is None:
        return ""
    if value.month == 1 and value.day == 1:
        return str(value.year)
    return day_text(value, get_language() or "en")
