"""factory_boy factories. No surprising side effects: each makes what its name says."""

import factory
from django.contrib.auth import get_user_model

from convene.people.models import Profile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda p: p.user.username.title())


# --- events -------------------------------------------------------------------------------
import datetime as dt  # noqa: E402  (appended section: imports kept with their factories)

_EVENT_START = dt.datetime(2030, 6, 10, 12, tzinfo=dt.UTC)


class EventFactory(factory.django.DjangoModelFactory):
    """A timed event (one hour, UTC, link shown 48 h before). For behaviour (organisers,
    registrations, notices) use convene.events.services.event_create instead."""

    class Meta:
        model = "events.Event"

    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.Sequence(lambda n: _EVENT_START + dt.timedelta(days=n))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=1))
    sort_start = factory.LazyAttribute(lambda e: e.starts_at)
    sort_end = factory.LazyAttribute(lambda e: e.ends_at)
    link_release_at = factory.LazyAttribute(lambda e: e.starts_at - dt.timedelta(hours=48))
    reminder_offsets = factory.LazyFunction(lambda: [2880, 60])
