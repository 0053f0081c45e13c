from django import template

from convene.directory.names import country_name as _country_name
from convene.directory.names import language_name as _language_name

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    return _country_name(str(code))


@register.filter
def language_name(code: str) -> str:
    return _language_name(str(code))


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key, "")
