from collections.abc import Iterator
from typing import Any

import pytest

from tests.people.fake_oauth import FakeWikimedia, switch_on


@pytest.fixture
def wikimedia(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeWikimedia]:
    """Wikimedia login switched on, talking to a fake OAuth 2 server on 127.0.0.1."""
    fake = FakeWikimedia().start()
    switch_on(fake, settings, monkeypatch)
    yield fake
    fake.stop()
