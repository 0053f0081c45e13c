"""The one source of "now". Tests move time with `frozen_at`; nothing else calls datetime.now()."""

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """The current instant, aware, in UTC."""
    return _frozen if _frozen is not None else timezone.now()


@contextlib.contextmanager
def frozen_at(instant: dt.datetime) -> Iterator[None]:
    """Make `now()` answer `instant` inside the block (for tests and benchmarks)."""
    global _frozen  # noqa: PLW0603  (module state is the point: one clock for the process)
    if timezone.is_naive(instant):
        raise ValueError("frozen_at needs an aware datetime")
    previous, _frozen = _frozen, instant.astimezone(dt.UTC)
    try:
        yield
    finally:
        _frozen = previous


def set_frozen(instant: dt.datetime | None) -> None:
    """Freeze (or with None, release) the clock; for fixtures that span a whole test."""
    global _frozen  # noqa: PLW0603
    _frozen = None if instant is None else instant.astimezone(dt.UTC)
