"""`convene worker`: the background worker — queued tasks and periodic sweeps.

It drains django-tasks' database queue (reusing django_tasks_db's Worker) and runs each
sweep in CONVENE_PERIODIC_TASKS when due. `--once` runs every sweep once, drains the
queue and exits (for tests and cron).
"""

import logging
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils.crypto import get_random_string

from convene.core.periodic import Scheduler, configured


class Command(BaseCommand):
    help = "Run background tasks and the periodic sweeps (link release, reminders)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="run every sweep once, drain the queue, exit"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between queue checks"
        )
        parser.add_argument("--queue-name", default="*", help="queues to process ('*': all)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            scheduler = Scheduler(configured())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["interval"] < 0:
            raise CommandError("--interval must be zero or more")
        self.running = True
        if options["once"]:
            for path in scheduler.run_due():
                self.stdout.write(f"ran {path}")
            self._drain(options["queue_name"])
            return

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        if options["verbosity"] < 2:
            # The queue is drained every second: its "starting/exiting" lines are noise.
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        self.stdout.write("Convene worker started (Ctrl+C stops)")
        while self.running:
            close_old_connections()
            scheduler.run_due()
            self._drain(options["queue_name"])
            time.sleep(min(options["interval"], scheduler.seconds_to_next()) or 0.05)
        self.stdout.write("Convene worker stopped")

    def _drain(self, queue_name: str) -> None:
        """Run every ready task of the database backend, if that is the backend in use."""
        from django_tasks import task_backends
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.management.commands.db_worker import Worker

        backend_name = next(
            (alias for alias in task_backends if isinstance(task_backends[alias], DatabaseBackend)),
            None,
        )
        if backend_name is None:
            return  # immediate backend (tests): tasks already ran when enqueued
        Worker(
            queue_names=queue_name.split(","),
            interval=0,
            batch=True,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        ).run()
