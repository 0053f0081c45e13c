"""Generations: a number per name, which the services that change some data bump, and
which the keys of values cached from that data carry, so that a change shows at once.

Every process must see a bump at once: a person who gives feedback in one server process
is sent back to a page that another may serve. So the numbers live where all processes
look: in Django's cache when it is shared (Redis, `REDIS_URL`), otherwise in small files
under `GENERATIONS_DIR` (`var/generations/`: one machine, any number of processes; a
read is one small file read, a few microseconds). The values cached under them may still
be in each process's own memory (the in-process cache): their keys change with a bump.
`LOCAL_TTL_S` bounds what a write that bypasses the services (a bulk load) leaves shown.
"""

import itertools
import os
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

LOCAL_TTL_S = 60
_counter = itertools.count()


def _key(name: str) -> str:
    return f"generation:{name}"


def _fresh() -> int:
    # A number never handed out before, by this process or another (not 1 again after the
    # cache forgot the key, which would make values cached under the old 1 current again):
    # the time in 10 µs steps, two digits of the process id, two of a counter. Within 63
    # bits (Redis increments it) until the 23rd century.
    steps = time.time_ns() // 10_000
    return steps * 10_000 + (os.getpid() % 100) * 100 + next(_counter) % 100


def _directory() -> Path | None:
    return getattr(settings, "GENERATIONS_DIR", None)


def _path(directory: Path, name: str) -> str:
    return os.path.join(directory, quote(name, safe=""))


def _read(path: str) -> int | None:
    try:
        handle = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        data = os.read(handle, 64)
    finally:
        os.close(handle)
    return int(data) if data.strip() else None


def _write(directory: Path, path: str, value: int) -> None:
    # Written aside, then renamed over: a reader sees the old number or the new, never half.
    os.makedirs(directory, exist_ok=True)
    temporary = f"{path}.{os.getpid()}.{next(_counter)}.tmp"
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write(str(value))
    os.replace(temporary, path)


def generation(name: str) -> int:
    """The current generation of `name`."""
    directory = _directory()
    if directory is not None:
        path = _path(directory, name)
        found = _read(path)
        if found is None:
            found = _fresh()
            _write(directory, path, found)
        return found
    value = cache.get(_key(name))
    if value is None:
        cache.add(_key(name), _fresh(), timeout=None)
        value = cache.get(_key(name), 0)
    return int(value)


def _bump(name: str) -> None:
    directory = _directory()
    if directory is not None:
        _write(directory, _path(directory, name), _fresh())
        return
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
