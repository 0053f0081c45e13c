"""Generations: a number per name, which the services that change some data bump, and
which the keys of values cached from that data carry, so that a change shows at once.

The numbers live in Django's cache. With Redis (several machines or processes) a bump is
seen everywhere at once; with the in-process cache only by the process that made it, so
a value cached this way also gets a short lifetime (`LOCAL_TTL_S`) bounding what the other
processes may show.
"""

import time

from django.core.cache import cache
from django.db import transaction

LOCAL_TTL_S = 60


def _key(name: str) -> str:
    return f"generation:{name}"


def _fresh() -> int:
    # A number never handed out before (not 1 again after the cache forgot the key, which
    # would make values cached under the old 1 current again).
    return time.time_ns() // 1000


def generation(name: str) -> int:
    """The current generation of `name`."""
    value = cache.get(_key(name))
    if value is None:
        cache.add(_key(name), _fresh(), timeout=None)
        value = cache.get(_key(name), 0)
    return int(value)


def _bump(name: str) -> None:
    try:
        cache.incr(_key(name))
    except ValueError:  # not there (never read, or forgotten): a new number
        cache.set(_key(name), _fresh(), timeout=None)


def bump(*names: str) -> None:
    """Mark the data named changed, now and again when the transaction commits (a read
    between the two may have cached what was there before the commit)."""
    for name in names:
        _bump(name)
        transaction.on_commit(lambda name=name: _bump(name))  # type: ignore[misc]
