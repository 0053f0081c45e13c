"""What the service modules share: who is acting, and retrying a write that SQLite
refused because another writer held the lock."""

import time
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.models import User
from django.db import OperationalError, transaction

from convene.core.actors import signed_in
from convene.core.errors import NotSignedIn
from convene.core.types import Actor

T = TypeVar("T")


def signed_in_person(actor: Actor) -> User | None:
    """The person acting, or None for an anonymous visitor."""
    return actor if signed_in(actor) else None


def require_person(actor: Actor, message: str) -> User:
    """The person acting; refuses an anonymous visitor with `message`."""
    person = signed_in_person(actor)
    if person is None:
        raise NotSignedIn(message)
    return person


def with_retry(work: Callable[[], T]) -> T:
    """Run `work` in a transaction, retrying a few times when SQLite reports a lock
    (two writers at once); PostgreSQL waits on the row lock instead."""
    attempts = 30
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as exc:
            nested = transaction.get_connection().in_atomic_block
            if "locked" not in str(exc) or nested or attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")
