"""The directory's country picker (ISO 3166-1 codes, named in the reader's language from
CLDR); languages use the people app's picker (the same 847 codes `reference_load`
stores)."""

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from convene.directory.models import Community, Organisation, Status
from convene.directory.names import country_name
from convene.directory.reference import library_rows
from convene.people.pickers import (
    CANDIDATES,
    SUGGESTIONS,
    Catalogue,
    Option,
    PickerField,
    PickerMultipleField,
)


def _country_codes() -> list[str]:
    countries, _languages, _spoken = library_rows()
    return [code for code, _name in countries]


@functools.cache
def _country_other_names(code: str) -> tuple[str, ...]:
    return (country_name(code, language="en"),)


COUNTRIES = Catalogue(
    codes=_country_codes,
    name=lambda code, language: country_name(code, language=language),
    other_names=_country_other_names,
    suggest_url="directory:suggest_countries",
    noun=_("country"),
)


def country_field(**kwargs: Any) -> PickerField:
    return PickerField(catalogue=COUNTRIES, **kwargs)


def countries_field(**kwargs: Any) -> PickerMultipleField:
    return PickerMultipleField(catalogue=COUNTRIES, **kwargs)


@dataclass(frozen=True)
class RowsSource:
    """Organisations or communities to pick from, read from the database (there are
    thousands): the code is the row's id, matched by name, short name or slug."""

    rows: Callable[[], QuerySet[Any]]
    names: tuple[str, ...]  # the fields a typed name is matched against
    suggest_url: str
    noun: Any

    def labels(self, codes: Sequence[str]) -> dict[str, str]:
        ids = [int(c) for c in codes if c.isdigit()]
        if not ids:
            return {}
        return {
            str(pk): name for pk, name in self.rows().filter(pk__in=ids).values_list("pk", "name")
        }

    def known(self, code: str) -> bool:
        return code.isdigit() and self.rows().filter(pk=int(code)).exists()

    def _options(self, rows: QuerySet[Any]) -> list[Option]:
        return [
            Option(str(pk), name, slug) for pk, name, slug in rows.values_list("pk", "name", "slug")
        ]

    def search(
        self, text: str, *, first: Sequence[str] = (), limit: int = SUGGESTIONS
    ) -> list[Option]:
        wanted = text.strip()
        if not wanted:
            return []
        match = Q(slug__iexact=wanted)
        for name in self.names:
            match |= Q(**{f"{name}__icontains": wanted})
        prefix = Q()
        for name in self.names:
            prefix |= Q(**{f"{name}__istartswith": wanted})
        rows = (
            self.rows()
            .filter(match)
            .annotate(starts=Case(When(prefix, then=Value(0)), default=Value(1)))
            .order_by("starts", "name", "pk")[:limit]
        )
        return self._options(rows)

    def resolve(self, text: str, *, first: Sequence[str] = ()) -> tuple[str | None, list[Option]]:
        wanted = text.strip()
        if wanted.isdigit() and self.known(wanted):
            return wanted, []
        exact = Q(slug__iexact=wanted)
        for name in self.names:
            exact |= Q(**{f"{name}__iexact": wanted})
        found = self._options(self.rows().filter(exact).order_by("pk")[:2])
        if len(found) == 1:
            return found[0].code, []
        candidates = found or self.search(wanted, limit=CANDIDATES + 1)
        if len(candidates) == 1:
            return candidates[0].code, []
        return None, candidates[:CANDIDATES]


ORGANISATIONS = RowsSource(
    rows=lambda: Organisation.objects.filter(status=Status.ACTIVE),
    names=("name", "short_name"),
    suggest_url="directory:suggest_organisations",
    noun=_("organisation"),
)
COMMUNITIES = RowsSource(
    rows=Community.objects.all,
    names=("name",),
    suggest_url="directory:suggest_communities",
    noun=_("community"),
)


def organisation_field(**kwargs: Any) -> PickerField:
    return PickerField(catalogue=ORGANISATIONS, **kwargs)


def organisations_field(**kwargs: Any) -> PickerMultipleField:
    return PickerMultipleField(catalogue=ORGANISATIONS, **kwargs)


def communities_field(**kwargs: Any) -> PickerMultipleField:
    return PickerMultipleField(catalogue=COMMUNITIES, **kwargs)
