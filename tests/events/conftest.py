"""Fixtures for the events tests: people with zones, and events made by the services."""

import datetime as dt

import pytest

from convene.events import services
from convene.people.models import Profile
from tests.factories import UserFactory

UTC = dt.UTC
START = dt.datetime(2030, 6, 10, 12, 0, tzinfo=UTC)


def make_person(username, *, zone="", language="", staff=False):
    user = UserFactory(username=username, is_staff=staff)
    Profile.objects.update_or_create(user=user, defaults={"timezone": zone, "language": language})
    return user


@pytest.fixture
def organiser(db):
    return make_person("organiser", zone="Europe/London", staff=True)


@pytest.fixture
def reader(db):
    return make_person("reader", zone="Asia/Kathmandu")


@pytest.fixture
def make_event(organiser):
    def make(**kwargs):
        start = kwargs.pop("start", START)
        length = kwargs.pop("length", dt.timedelta(hours=1))
        kwargs.setdefault("title", "Ask Me Anything")
        kwargs.setdefault("call_link", "https://meet.example.org/ama")
        return services.event_create(
            actor=kwargs.pop("actor", organiser),
            when=services.When(starts_at=start, ends_at=start + length),
            **kwargs,
        )

    return make
