"""Shared test set-up: a non-UTC default zone, a movable clock, fast hashing, factories."""

import datetime as dt
import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest

os.environ["PYTHONTZPATH"] = ""


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Run everything with a default zone that is not UTC (and has a half-hour offset),
    # so that code which forgets the reader's zone shows up.
    settings.TIME_ZONE = "America/St_Johns"
    # Tests talk plain HTTP to the test client and the live server.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A task module imported while Django was set up may already have made the configured
    # backend: tell django-tasks the setting changed, as Django's override_settings would.
    from django.core.signals import setting_changed

    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)


@pytest.fixture(autouse=True)
def _own_redis_keys(settings: Any) -> None:
    """Under REDIS_URL, give each test its own live-stream keys: event ids repeat from test
    to test, so shared keys would let one test's board history leak into another's."""
    settings.LIVE_REDIS_PREFIX = f"convene-test:{secrets.token_hex(4)}:"


@pytest.fixture
def clock() -> Iterator["Clock"]:
    """A movable clock: `clock.set(instant)`, `clock.advance(timedelta)`."""
    from convene.core import clock as core_clock

    fake = Clock()
    yield fake
    core_clock.set_frozen(None)


class Clock:
    def __init__(self) -> None:
        self.instant: dt.datetime | None = None

    def set(self, instant: dt.datetime) -> dt.datetime:
        from convene.core import clock as core_clock

        self.instant = instant
        core_clock.set_frozen(instant)
        return instant

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        if self.instant is None:
            raise RuntimeError("set the clock before advancing it")
        return self.set(self.instant + delta)


# A real MediaWiki (the `mediawiki` fixture) for tests/wiki and the notes publishing tests.
pytest_plugins = ["tests.mediawiki"]
