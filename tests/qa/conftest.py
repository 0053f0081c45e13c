"""Questions tests: an event organised by a non-staff person, people to ask and vote."""

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache

from tests.factories import ProfileFactory, UserFactory

START = dt.datetime(2030, 11, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # Rate-limit counters and snapshots live in caches, which outlive a test's database.
    from convene.qa import queries

    cache.clear()
    queries._LOCAL.clear()


def make_person(username: str, **profile: Any) -> Any:
    return ProfileFactory(user=UserFactory(username=username), **profile).user


@pytest.fixture
def admin(db: None) -> Any:
    user = make_person("admin")
    user.is_staff = True
    user.save()
    return user


def make_body(member: Any, name: str = "MCDC", *, kind: str = "committee") -> Any:
    """An organisation of the directory with `member` in it (answers may be given for it)."""
    from django.utils.text import slugify

    from convene.directory.models import Membership, Organisation

    body, _made = Organisation.objects.get_or_create(
        slug=slugify(name), defaults={"name": name, "kind": kind}
    )
    Membership.objects.get_or_create(organisation=body, user=member)
    return body


@pytest.fixture
def organiser(db: None) -> Any:
    """An organiser of the event, member of the committee (MCDC) they answer for."""
    person = make_person("organiser")
    make_body(person)
    return person


@pytest.fixture
def alice(db: None) -> Any:
    return make_person("alice")


@pytest.fixture
def bob(db: None) -> Any:
    return make_person("bob")


def make_event(admin: Any, organiser: Any, *, title: str = "Ask Me Anything", **extra: Any) -> Any:
    from convene.events.services import When, event_create

    return event_create(
        actor=admin,
        title=title,
        when=When(starts_at=START, ends_at=START + dt.timedelta(hours=1)),
        organisers_people=[organiser],
        **extra,
    )


@pytest.fixture
def event(admin: Any, organiser: Any) -> Any:
    return make_event(admin, organiser)


@pytest.fixture
def series_editions(admin: Any, organiser: Any) -> list[Any]:
    from convene.events.services import series_add_editions, series_create

    admin_series = series_create(actor=admin, title="AMA about the Charter")
    admin_series.organisers_people.add(organiser)
    return series_add_editions(
        actor=admin,
        series=admin_series,
        starts=[START, START + dt.timedelta(days=8)],
        length=dt.timedelta(hours=1),
        labels=["Asia-Pacific", "Americas"],
    )


@pytest.fixture
def unlimited(settings: Any) -> None:
    """No rate limit on asking, for tests that build many questions through the service."""
    settings.QA_RATE_LIMITS = {"ask": (0, 60), "vote": (0, 60)}
