"""Free-text filters (`q` and every other search box): one limit, checked here.

The API's list filters (through `convene.core.api.SearchQuery`), the HTML lists (through
`convene.core.forms.SearchField`) and the query functions that parse filters
(`directory.queries.filters_parse`) call `search_text`, so a search is refused the same
way everywhere: 400 naming the field, never a database error (SQLite refuses a LIKE
pattern over 50,000 bytes; PostgreSQL refuses NUL in text).
"""

from django.utils.translation import gettext as _

from convene.core.errors import Invalid

SEARCH_LIMIT = 200


def search_text(value: object, *, field: str = "q") -> str:
    """`value` as a search: stripped, at most SEARCH_LIMIT characters, no NUL; anything
    else raises Invalid naming `field`."""
    text = "" if value is None else str(value).strip()
    if len(text) > SEARCH_LIMIT:
        raise Invalid(
            _("A search is at most %(limit)s characters (this one has %(length)s).")
            % {"limit": SEARCH_LIMIT, "length": len(text)},
            field=field,
            code="too_long",
        )
    if "\x00" in text:
        raise Invalid(_("A search must not contain NUL characters."), field=field)
    return text
