"""Whole-directory figures, cached per reader language and directory version."""

from collections.abc import Callable
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import get_language

from convene.directory.models import (
    Change,
)

T = TypeVar("T")


def directory_version() -> str:
    """Changes whenever a service writes (each write records a Change): the key under which
    whole-directory figures are cached. Writes that bypass the services (bulk loads) should
    record a Change too, or the cached figures stay as they were until they expire
    (DIRECTORY_CACHE_SECONDS, default 600; 0 turns the cache off)."""
    last = Change.objects.aggregate(last=Max("id"))["last"]
    return str(last or 0)


def cache_seconds() -> int:
    return int(getattr(settings, "DIRECTORY_CACHE_SECONDS", 600))


def cached(name: str, compute: Callable[[], T]) -> T:
    """compute(), kept in the cache per reader language and directory version."""
    timeout = cache_seconds()
    if timeout <= 0:
        return compute()
    key = f"directory:{name}:{get_language() or 'en'}:{directory_version()}"
    hit = cache.get(key)
    if hit is None:
        hit = compute()
        cache.set(key, hit, timeout)
    return cast(T, hit)
