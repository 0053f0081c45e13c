"""Demo data for core: nothing of its own. See the `demo` command for how apps plug in.

Each app may have a `demo.py` with `load(*, log: Callable[[str], None]) -> None` that
creates what the seeds describe, idempotently (a second run changes nothing). The
`demo` command runs them in INSTALLED_APPS order, which is the import order bottom-up.
"""

from collections.abc import Callable


def load(*, log: Callable[[str], None]) -> None:
    log("core: nothing to load")
