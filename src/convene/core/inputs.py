"""Cleaning what people write, with one field error each (core.errors.Invalid): free
text within a limit, a language code."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from convene.core.errors import Invalid

# A BCP 47 tag as people and wikis write them: "en", "pt-BR", "zh-Hans", "sr-Latn-RS".
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def clean_text(value: str | None, *, field: str, limit: int, required: bool = True) -> str:
    """Free text of at most `limit` characters, line ends normalised, stripped."""
    cleaned = (value or "").replace("\r\n", "\n").strip()
    if required and not cleaned:
        raise Invalid(_("Write something first."), field=field, code="required")
    if len(cleaned) > limit:
        raise Invalid(
            ngettext(
                "At most %(limit)s characters (this has %(count)s).",
                "At most %(limit)s characters (this has %(count)s).",
                len(cleaned),
            )
            % {"limit": limit, "count": len(cleaned)},
            field=field,
            code="too_long",
        )
    return cleaned


def clean_language(value: str | None, *, field: str = "language") -> str:
    """A language code (BCP 47), or "" when none was given."""
    code = (value or "").strip()
    if code and (len(code) > 16 or not LANGUAGE_RE.match(code)):
        raise Invalid(
            _("“%(code)s” is not a language code (such as “en” or “pt-BR”).") % {"code": code},
            field=field,
        )
    return code
