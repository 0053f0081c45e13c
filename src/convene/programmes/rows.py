"""The lines of the programmes' lists (the ambassadors' directory, the grants), written in
Python: through the template engine (an include per line, `{% url %}`, a choice's label
looked up per line) the 100 lines of a list cost more CPU than the rest of the page; the
same HTML written here costs a fraction of that."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from convene.programmes.models import GrantState
from convene.programmes.money import format_amount

# A number no row has, replaced by each row's id in one reversed address.
_PLACEHOLDER = 987654321


def _address(name: str) -> tuple[str, str]:
    head, _, tail = reverse(name, args=[_PLACEHOLDER]).partition(str(_PLACEHOLDER))
    return head, tail


def _related(item: Any, listed: str, manager: str) -> Iterable[Any]:
    """The related rows read with a `to_attr` prefetch (`listed`), else the manager's
    (prefetched) rows."""
    found: Iterable[Any] | None = getattr(item, listed, None)
    return found if found is not None else getattr(item, manager).all()


def ambassador_rows(ambassadors: Iterable[Any]) -> SafeString:
    """One `<li>` per ambassador, each followed by a line break: their name (linked), their
    languages and their regions (if any)."""
    head, tail = _address("programmes:ambassador")
    esc = conditional_escape
    parts: list[str] = []
    for item in ambassadors:
        user = item.user
        name = user.get_full_name() or user.username
        languages = ", ".join(esc(x.name) for x in _related(item, "language_list", "languages"))
        regions = ", ".join(esc(r.name) for r in _related(item, "region_list", "regions"))
        parts.append(
            f'<li><a href="{head}{item.pk}{tail}">{esc(name)}</a> · {languages}'
            f"{f' · {regions}' if regions else ''}</li>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308  (every value above is escaped)


def grant_rows(proposals: Iterable[Any], language: str) -> SafeString:
    """One `<tr>` per proposal: its title (linked), country, amount in the reader's format
    and state."""
    head, tail = _address("programmes:grant")
    labels = {value: str(label) for value, label in GrantState.choices}
    esc = conditional_escape
    parts = [
        f'<tr><td><a href="{head}{p.pk}{tail}">{esc(p.title)}</a></td>'
        f"<td>{esc(p.country.name)}</td>"
        f"<td>{esc(format_amount(p.amount, p.currency, language))}</td>"
        f"<td>{esc(labels.get(p.state, p.state))}</td></tr>"
        for p in proposals
    ]
    return mark_safe("".join(parts))  # noqa: S308  (every value above is escaped)
