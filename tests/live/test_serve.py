"""`convene serve`: one address for pages and the live stream, stopped cleanly."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (a loopback URL)
        return response.status, response.read()


def test_serve_answers_pages_and_the_stream_then_stops_cleanly_on_sigterm(tmp_path):
    env = {
        # Its own SQLite database in the temporary directory, never a shared PostgreSQL.
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "WEB_CONCURRENCY", "DATABASE_URL"}
        },
        "CONVENE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "convene.settings",
        "INSECURE_HTTP": "true",
    }
    convene = [sys.executable, "-m", "convene"]
    subprocess.run([*convene, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=120)
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [*convene, "serve", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 30
        health = None
        while health is None and time.monotonic() < deadline:
            try:
                health = get(f"http://127.0.0.1:{port}/healthz")
            except OSError:
                time.sleep(0.2)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as stream:
            stream.sendall(b"GET /live/events/1 HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            opened = stream.recv(4096)
            # An open stream must not hold the server up.
            server.send_signal(signal.SIGTERM)
            code = server.wait(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
        log.close()

    assert health == (200, b'{"status": "ok", "database": "ok"}')
    assert opened.startswith(b"HTTP/1.1 200")
    assert code == 0, (tmp_path / "serve.log").read_text()


def test_serve_refuses_several_processes_with_the_in_memory_broker(settings):
    settings.REDIS_URL = ""
    settings.LIVE_BROKER = "memory"

    with pytest.raises(CommandError, match="more than one server process needs a shared live"):
        call_command("serve", "--workers", "2", stdout=StringIO())


def test_serve_runs_one_process_per_core_by_default(settings, monkeypatch):
    from convene.core.management.commands.serve import default_workers

    settings.REDIS_URL = ""
    settings.LIVE_BROKER = "database"
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)

    assert default_workers() == 4
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert default_workers() == 3
    settings.LIVE_BROKER = "memory"
    assert default_workers() == 1


def test_serve_refuses_a_bad_port():
    with pytest.raises(CommandError, match="--port must be between 1 and 65535, not 0"):
        call_command("serve", "--port", "0", stdout=StringIO())


def test_serve_refuses_a_bad_web_concurrency(settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setenv("WEB_CONCURRENCY", "many")

    with pytest.raises(CommandError, match="WEB_CONCURRENCY must be a whole number, not 'many'"):
        call_command("serve", stdout=StringIO())


@pytest.mark.parametrize("threads", ["many", "0", "-3"])
def test_serve_refuses_a_bad_wsgi_threads(monkeypatch, threads):
    monkeypatch.setenv("WSGI_THREADS", threads)

    with pytest.raises(CommandError, match="WSGI_THREADS must be a whole number from 1"):
        call_command("serve", stdout=StringIO())
