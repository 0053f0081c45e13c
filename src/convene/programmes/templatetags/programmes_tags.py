"""Template helpers of the programmes' pages: the lines of a list of ambassadors."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from convene.programmes import rows

register = template.Library()


@register.simple_tag
def ambassador_rows(ambassadors: Any) -> SafeString:
    """The `<li>` lines of a list of ambassadors (programmes/rows.py)."""
    return rows.ambassador_rows(ambassadors)
