"""Commands meet the refusal family here: one readable line and a non-zero exit."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError

from convene.core.errors import Refusal


@contextmanager
def refusals_exit() -> Iterator[None]:
    """Within this block a service's refusal ends the command with `CommandError: <the
    message>` (Django prints it as one line on stderr and exits 1)."""
    try:
        yield
    except Refusal as exc:
        message = f"{exc.field}: {exc.message}" if exc.field else exc.message
        raise CommandError(message) from exc
