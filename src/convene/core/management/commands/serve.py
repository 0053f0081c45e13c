"""`convene serve`: the web server and the background task worker, one command, one address.

The web server is uvicorn running `convene.asgi.application`, a small router: `/live/…`
(server-sent events) is answered by native async code, every other request by Django's
WSGI application in a thread pool. It runs one server process per core (WEB_CONCURRENCY or
--workers to choose): the live boards' events go between them through the database's
event log (convene.live's database broker), or through Redis when REDIS_URL is set. Only
with LIVE_BROKER=memory is there a single process.
"""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser

from convene.live.broker import broker_kind


def default_workers() -> int:
    """WEB_CONCURRENCY or the number of cores; 1 with the in-memory live broker."""
    if _single_process():
        return 1
    raw = os.environ.get("WEB_CONCURRENCY", "").strip()
    try:
        concurrency = int(raw or "0")
    except ValueError:
        raise CommandError(f"WEB_CONCURRENCY must be a whole number, not {raw!r}") from None
    return concurrency or (os.cpu_count() or 1)


def _single_process() -> bool:
    try:
        return broker_kind() == "memory"
    except ValueError as exc:
        raise CommandError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "Serve Convene on one address (uvicorn: pages and the API through WSGI, the live "
        "stream natively) and run the background task worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=(
                "server processes (default: WEB_CONCURRENCY or the number of cores; 1 with "
                "LIVE_BROKER=memory)"
            ),
        )
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["port"] < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {options['port']}")
        # Read by convene.asgi in each server process; refuse a bad value here, in one line.
        threads = os.environ.get("WSGI_THREADS", "10").strip()
        if not threads.isdigit() or int(threads) < 1:
            raise CommandError(f"WSGI_THREADS must be a whole number from 1, not {threads!r}")
        workers = options["workers"] if options["workers"] is not None else default_workers()
        if workers < 1:
            raise CommandError(f"--workers must be 1 or more, not {workers}")
        if workers > 1 and _single_process():
            raise CommandError(
                "more than one server process needs a shared live broker (LIVE_BROKER="
                "database, the default, or REDIS_URL); LIVE_BROKER=memory keeps events in "
                "one process: use --workers 1"
            )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "convene.settings"),
        }
        asgi_app = settings.ASGI_APPLICATION.replace(".application", ":application")
        web = [
            sys.executable, "-m", "uvicorn", asgi_app,
            "--host", options["host"], "--port", str(options["port"]),
            "--workers", str(workers),
            "--lifespan", "on",
            "--timeout-graceful-shutdown", "10",
        ]  # fmt: skip
        children = [subprocess.Popen(web, env=env)]  # noqa: S603  (our own interpreter and args)
        if not options["no_worker"]:
            worker = (
                ["worker"] if "worker" in get_commands() else ["db_worker", "--queue-name", "*"]
            )
            children.append(subprocess.Popen([sys.executable, "-m", "convene", *worker], env=env))  # noqa: S603
        self.stdout.write(
            f"Convene on http://{options['host']}:{options['port']}/ "
            f"({workers} server process{'es' if workers > 1 else ''}; Ctrl+C stops)"
        )

        def stop(*_: object) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
        codes = [child.returncode for child in children]
        if any(code not in (0, -signal.SIGTERM, -signal.SIGINT) for code in codes):
            raise CommandError(f"a server process stopped unexpectedly (exit codes {codes})")
