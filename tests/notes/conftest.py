"""Notes tests: an event with a non-staff organiser, people, and a fake wiki per test."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from tests.factories import ProfileFactory, UserFactory
from tests.notes.fake_mediawiki import FakeMediaWiki

START = dt.datetime(2030, 11, 4, 9, 0, tzinfo=dt.UTC)
SEED = Path(__file__).parents[3] / "shared" / "seeds" / "000_e076bbaee2e5badf.txt"
if not SEED.exists():  # the repository's own copy, when the shared folder is not there
    SEED = Path(__file__).parent / "data" / "seed_000.txt"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def make_person(username: str, **profile: Any) -> Any:
    return ProfileFactory(user=UserFactory(username=username), **profile).user


@pytest.fixture
def admin(db: None) -> Any:
    user = make_person("admin")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def organiser(db: None) -> Any:
    return make_person("organiser")


@pytest.fixture
def alice(db: None) -> Any:
    return make_person("alice")


def make_event(admin: Any, organiser: Any, **extra: Any) -> Any:
    from convene.events.services import When, event_create

    extra.setdefault("title", "Ask Me Anything about Movement Charter")
    return event_create(
        actor=admin,
        when=When(starts_at=START, ends_at=START + dt.timedelta(hours=1)),
        organisers_people=[organiser],
        **extra,
    )


@pytest.fixture
def event(admin: Any, organiser: Any) -> Any:
    return make_event(admin, organiser)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def fake_wiki(settings: Any) -> Iterator[FakeMediaWiki]:
    server = FakeMediaWiki().start()
    settings.WIKI_HOST = server.host
    settings.WIKI_SCHEME = "http"
    settings.WIKI_PATH = "/w/"
    settings.WIKI_MAX_RETRIES = 0
    settings.WIKI_RETRY_TIMEOUT = 0
    settings.WIKI_TIMEOUT = 5.0
    yield server
    server.stop()


def give_token(user: Any, token: str, *, expires_at: dt.datetime | None = None) -> Any:
    """The person signed in with Wikimedia: an allauth account and its OAuth 2 token."""
    from allauth.socialaccount.models import SocialAccount, SocialToken

    account = SocialAccount.objects.create(user=user, provider="mediawiki", uid=f"u{user.pk}")
    return SocialToken.objects.create(account=account, token=token, expires_at=expires_at)
