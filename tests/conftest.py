"""Shared test set-up: a non-UTC default zone, a movable clock, fast hashing, factories,
and the browser check.

Browser tests (marked `e2e`; everything under tests/e2e/ is) drive Debian's Chromium, or
the browser at CHROMIUM_PATH. Where there is none they are skipped, and the terminal
summary says so in one loud line; under CI (CI=true) each of them fails instead, because
CI must run them. `make test` installs Chromium where it can (scripts/test-deps).
"""

import datetime as dt
import os
import secrets
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation

os.environ["PYTHONTZPATH"] = ""

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_MISSING = not os.access(CHROMIUM, os.X_OK)
IN_CI = os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}
_browser_tests = pytest.StashKey[int]()


@pytest.hookimpl(trylast=True)  # after `-m` deselected: count only the tests that would run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for index, item in enumerate(items):
        if not BROWSER_MISSING or item.get_closest_marker("e2e") is None:
            continue
        config.stash[_browser_tests] = config.stash.get(_browser_tests, 0) + 1
        if IN_CI:
            items[index] = _failing_instead(item)
        else:
            item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


def _failing_instead(item: pytest.Item) -> pytest.Item:
    """The same test, failing at once without setting up its fixtures (a fixture that
    fails would count as an error, not a failure)."""

    def browser_missing() -> None:
        pytest.fail(f"CI=true and no Chromium at {CHROMIUM}: the browser tests must run")

    assert item.parent is not None
    failing = pytest.Function.from_parent(item.parent, name=item.name, callobj=browser_missing)
    failing.add_marker(pytest.mark.e2e)
    return failing


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    count = config.stash.get(_browser_tests, 0)
    if not count:
        return
    if IN_CI:
        message = f"{count} BROWSER TESTS FAILED: CI=true and no Chromium at {CHROMIUM}"
    else:
        message = (
            f"{count} BROWSER TESTS NOT RUN: no Chromium at {CHROMIUM}; to run them, "
            "apt-get install -y chromium (or set CHROMIUM_PATH)"
        )
    terminalreporter.write_sep("!", message, red=True, bold=True)


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
def _source_language_between_tests() -> Iterator[None]:
    """A request leaves its language active in the thread (LocaleMiddleware does not reset
    it): each test starts, and ends, in the source language."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: a value cached by an earlier test (whose rows
    were rolled back) would otherwise be read, and query counts would depend on order.
    The base layout's parts kept rendered (core/frame.py) are forgotten too."""
    from convene.core.frame import frame_parts_forget  # after Django is set up

    cache.clear()
    frame_parts_forget()


@pytest.fixture(autouse=True)
def _every_language_offered(settings: Any) -> None:
    """Tests read pages in any interface language, whether or not its catalog is still
    being translated; the picker's gate has its own tests (tests/core/test_i18n.py)."""
    settings.LANGUAGES_IN_PROGRESS = []


@pytest.fixture(autouse=True)
def _own_redis_keys(settings: Any) -> None:
    """Under REDIS_URL, give each test its own live-stream keys: event ids repeat from test
    to test, so shared keys would let one test's board history leak into another's."""
    settings.LIVE_REDIS_PREFIX = f"convene-test:{secrets.token_hex(4)}:"
    # Without Redis, the in-memory broker: the database one reads from threads of its own,
    # which would not see a test's uncommitted rows (tests/live/test_db_broker.py tests it).
    settings.LIVE_BROKER = "memory"
    # And a fresh one: a cursor or history left by an earlier test for the same event id
    # would otherwise show up in this test's pages and streams.
    from convene.live.broker import reset_broker

    reset_broker()


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
