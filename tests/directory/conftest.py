"""Directory test set-up: the reference data (from the libraries), people, a helper to make
organisations through the real services."""

from typing import Any

import pytest

from convene.core.errors import Refusal
from convene.directory.models import Community, Organisation
from convene.directory.reference import reference_load
from convene.directory.services import (
    CommunityInput,
    OrganisationInput,
    community_create,
    organisation_create,
)
from tests.factories import UserFactory


@pytest.fixture
def reference(db: None) -> None:
    reference_load()


@pytest.fixture
def staff(db: None) -> Any:
    return UserFactory(username="staffer", is_staff=True)


@pytest.fixture
def person(db: None) -> Any:
    return UserFactory(username="volunteer")


@pytest.fixture
def other_person(db: None) -> Any:
    return UserFactory(username="stranger")


def fields_of(refusal: Refusal) -> dict[str | None, list[str]]:
    """A refusal's messages by field, in the order given."""
    fields: dict[str | None, list[str]] = {}
    for error in refusal.errors:
        fields.setdefault(error.field, []).append(error.message)
    return fields


def make_org(actor: Any, name: str, kind: str = "user_group", **fields: Any) -> Organisation:
    return organisation_create(actor=actor, data=OrganisationInput(name=name, kind=kind, **fields))


def make_community(
    actor: Any, name: str, languages: list[str], countries: list[str] | None = None
) -> Community:
    return community_create(
        actor=actor,
        data=CommunityInput(name=name, languages=languages, countries=countries or []),
    )


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Whole-directory figures are cached by the latest Change id, which a rolled-back test
    may reuse with other data: start every test with an empty cache."""
    from django.core.cache import cache

    cache.clear()
