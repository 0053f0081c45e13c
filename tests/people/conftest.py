from collections.abc import Iterator
from typing import Any

import pytest
from allauth.socialaccount.providers.mediawiki.views import MediaWikiOAuth2Adapter

from tests.people.fake_oauth import FakeWikimedia


@pytest.fixture
def wikimedia(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeWikimedia]:
    """Wikimedia login switched on, talking to a fake OAuth 2 server on 127.0.0.1."""
    fake = FakeWikimedia().start()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    settings.WIKIMEDIA_OAUTH_KEY = fake.client_id
    settings.WIKIMEDIA_OAUTH_SECRET = fake.client_secret
    settings.SOCIALACCOUNT_PROVIDERS = {
        "mediawiki": {
            **settings.SOCIALACCOUNT_PROVIDERS["mediawiki"],
            "REST_API": fake.rest_api,
            "APPS": [{"client_id": fake.client_id, "secret": fake.client_secret}],
        }
    }
    # allauth turns REST_API into these three addresses once, when it is imported (as
    # settings.py does with WIKIMEDIA_REST_API at start-up); point them at the fake too.
    monkeypatch.setattr(
        MediaWikiOAuth2Adapter, "access_token_url", f"{fake.rest_api}/oauth2/access_token"
    )
    monkeypatch.setattr(
        MediaWikiOAuth2Adapter, "authorize_url", f"{fake.rest_api}/oauth2/authorize"
    )
    monkeypatch.setattr(
        MediaWikiOAuth2Adapter, "profile_url", f"{fake.rest_api}/oauth2/resource/profile"
    )
    yield fake
    fake.stop()
