"""Periodic sweeps run by `convene worker`, configured in settings.

`CONVENE_PERIODIC_TASKS = [("dotted.path.to.callable", every_seconds), ...]`. Each entry
names a callable (or a django-tasks Task, which is enqueued instead of called). Core
imports them by name only, so it depends on no app. Sweeps must be idempotent: two
workers may run the same sweep at the same moment, and a late one runs it once on its
next turn.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("convene.periodic")


@dataclass(frozen=True)
class Periodic:
    path: str
    every: float


def configured() -> list[Periodic]:
    """The sweeps in settings, checked: a bad entry raises ValueError naming it."""
    entries = getattr(settings, "CONVENE_PERIODIC_TASKS", [])
    out = []
    for entry in entries:
        try:
            path, every = entry
            every = float(every)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"CONVENE_PERIODIC_TASKS: bad entry {entry!r}") from exc
        if every <= 0:
            raise ValueError(f"CONVENE_PERIODIC_TASKS: {path} must run every > 0 seconds")
        out.append(Periodic(path=str(path), every=every))
    return out


def run_one(path: str) -> Any:
    """Run (or, for a django-tasks Task, enqueue) the sweep called `path`."""
    target: Any = import_string(path)
    if hasattr(target, "enqueue") and hasattr(target, "func"):
        return target.enqueue()
    return target()


@dataclass
class Scheduler:
    """Which sweeps are due; keeps the last run time of each (monotonic clock)."""

    sweeps: list[Periodic]
    clock: Callable[[], float] = time.monotonic
    last: dict[str, float] = field(default_factory=dict)

    def run_due(self) -> list[str]:
        ran = []
        current = self.clock()
        for sweep in self.sweeps:
            previous = self.last.get(sweep.path)
            if previous is not None and current - previous < sweep.every:
                continue
            self.last[sweep.path] = current
            try:
                run_one(sweep.path)
            except Exception:
                # One failing sweep must not stop the others or the worker.
                logger.exception("periodic task %s failed", sweep.path)
            ran.append(sweep.path)
        return ran

    def seconds_to_next(self) -> float:
        current = self.clock()
        waits = [
            max(0.0, sweep.every - (current - self.last.get(sweep.path, current - sweep.every)))
            for sweep in self.sweeps
        ]
        return min(waits, default=60.0)
