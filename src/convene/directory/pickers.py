"""The directory's country picker (ISO 3166-1 codes, named in the reader's language from
CLDR); languages use the people app's picker (the same 847 codes `reference_load`
stores)."""

import functools
from typing import Any

from django.utils.translation import gettext_lazy as _

from convene.directory.names import country_name
from convene.directory.reference import library_rows
from convene.people.pickers import (
    Catalogue,
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
