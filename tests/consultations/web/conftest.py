"""The pages' tests start with an empty cache (the synthesis is kept there)."""

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
