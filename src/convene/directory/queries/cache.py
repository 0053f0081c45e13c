"""Whole-directory figures, cached per reader language and directory version."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import connection

from convene.core.fragments import cached_value
from convene.directory.models import (
    Change,
)

T = TypeVar("T")

# Names from the model, never from input.
_LATEST_CHANGE = "SELECT MAX({}) FROM {}".format(  # noqa: S608
    *map(connection.ops.quote_name, (Change._meta.pk.column, Change._meta.db_table))
)


def directory_version() -> str:
    """Changes whenever a service writes (each write records a Change): the key under which
    whole-directory figures are cached. Writes that bypass the services (bulk loads) should
    record a Change too, or the cached figures stay as they were until they expire
    (DIRECTORY_CACHE_SECONDS, default 600; 0 turns the cache off).
    Asked on every visit of a cached page, in plain SQL: through the ORM, building the
    aggregate costs ten times as much CPU as the query itself."""
    with connection.cursor() as cursor:
        cursor.execute(_LATEST_CHANGE)
        row = cursor.fetchone()
    return str(row[0] or 0)


def cache_seconds() -> int:
    return int(getattr(settings, "DIRECTORY_CACHE_SECONDS", 600))


def cached(name: str, compute: Callable[[], T]) -> T:
    """compute(), kept in the cache per reader language and directory version."""
    return cached_part(name, [], compute)


def cached_part(
    name: str, parts: list[object], build: Callable[[], T], *, version: str | None = None
) -> T:
    """build(), kept in the cache per reader language, directory version (`version` if the
    caller has read it already) and `parts` (everything else the value depends on: the
    query string, the reader's own languages where a picker ranks by them); built every
    time when the cache is off."""
    timeout = cache_seconds()
    if timeout <= 0:
        return build()
    key = [version if version is not None else directory_version(), *parts]
    return cached_value(f"directory:{name}", key, build, timeout=timeout)
