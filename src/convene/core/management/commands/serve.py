"""`convene serve`: the web server and the background task worker, one command, one address."""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Serve Convene on one address (gunicorn, WSGI) and run the background task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "0")) or (os.cpu_count() or 1) + 1,
            help="server processes (default: cores + 1, or WEB_CONCURRENCY)",
        )
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["port"] < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {options['port']}")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "convene.settings"),
        }
        wsgi_app = settings.WSGI_APPLICATION.replace(".application", ":application")
        web = [
            sys.executable, "-m", "gunicorn", wsgi_app,
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]),
            "--worker-class", "gthread", "--threads", "4",
            "--access-logfile", "-", "--graceful-timeout", "10",
        ]  # fmt: skip
        children = [subprocess.Popen(web, env=env)]  # noqa: S603  (our own interpreter and args)
        if not options["no_worker"]:
            worker = [sys.executable, "-m", "convene", "db_worker", "--queue-name", "*"]
            children.append(subprocess.Popen(worker, env=env))  # noqa: S603
        self.stdout.write(f"Convene on http://{options['host']}:{options['port']}/ (Ctrl+C stops)")

        def stop(*_: object) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        codes = [child.returncode for child in children]
        if any(code not in (0, -signal.SIGTERM, -signal.SIGINT) for code in codes):
            raise CommandError(f"a server process stopped unexpectedly (exit codes {codes})")
