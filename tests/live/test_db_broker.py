"""The database broker across processes: two servers sharing one SQLite file, and a
publisher that is neither (as `convene worker` or a management command would be)."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live.conftest import new_board, parse_events, publish_via

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Viewer:
    """An EventSource on a raw socket: reads the stream as it comes."""

    def __init__(
        self, port: int, channel: str, last_event_id: str = "", *, version: str = "1.0"
    ) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=10)
        resume = f"Last-Event-ID: {last_event_id}\r\n" if last_event_id else ""
        request = f"GET /live/{channel} HTTP/{version}\r\nHost: {HOST}\r\n{resume}\r\n"
        self.sock.sendall(request.encode())
        self.text = ""
        self.read_until(": connected")

    def read_until(self, needle: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while needle not in self.text:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            self.text += chunk.decode()
        assert needle in self.text, self.text
        return self.text

    def events(self) -> list[dict[str, str]]:
        return parse_events(self.text.split("\r\n\r\n", 1)[1].replace("\r\n", "\n"))

    def close(self) -> None:
        self.sock.close()


def own_postgresql_database() -> str:
    """A fresh database beside DATABASE_URL's (PostgreSQL), never the one it names."""
    from django.db import connection

    db = connection.settings_dict
    name = f"{db['NAME']}_live_processes"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def servers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any
) -> Iterator[tuple[int, int, dict[str, str]]]:
    """Two server processes (A, B) on one database, keeping 3 events a channel: a SQLite
    file; and, under a PostgreSQL DATABASE_URL, a PostgreSQL database (LISTEN/NOTIFY)."""
    database_url = ""
    if request.param == "postgresql":
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.skip("needs PostgreSQL at DATABASE_URL")
        with django_db_blocker.unblock():
            database_url = own_postgresql_database()
    var_dir = tmp_path_factory.mktemp("live-db")
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "LIVE_BROKER"}
        },
        "CONVENE_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "convene.settings",
        "INSECURE_HTTP": "true",
        "CONVENE_LIVE_BENCH": "true",
        "LIVE_HISTORY": "3",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run(
        [sys.executable, "-m", "convene", "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
        timeout=120,
    )
    ports = [free_port(), free_port()]
    logs = [(Path(var_dir) / f"server-{port}.log").open("wb") for port in ports]
    processes = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "convene.asgi:application"),
                *("--host", HOST, "--port", str(port), "--log-level", "warning"),
            ],
            env=env,
            stdout=log,
            stderr=log,
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection((HOST, port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.2)
        yield ports[0], ports[1], env
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        for log in logs:
            log.close()


def publish_from_a_command(env: dict[str, str], channel: str, n: int) -> str:
    code = (
        f"from convene import live; print(live.publish({channel!r}, 'vote.changed', {{'n': {n}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-m", "convene", "shell", "-c", code],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_an_event_published_on_one_process_reaches_a_viewer_of_another_once(servers):
    port_a, port_b, env = servers
    channel = new_board()
    viewer = Viewer(port_a, channel)
    try:
        first = publish_via(port_b, channel, "vote.changed", {"n": 1})
        viewer.read_until(f"id: {first}\n")
        second = publish_from_a_command(env, channel, 2)
        viewer.read_until(f"id: {second}")
        time.sleep(0.3)  # a duplicate would come within a poll or two
        viewer.sock.settimeout(0.3)
        with pytest.raises(TimeoutError):
            viewer.text += viewer.sock.recv(65536).decode()
    finally:
        viewer.close()

    events = viewer.events()
    assert [(e["id"], e["event"], e["data"]) for e in events] == [
        (first, "vote.changed", '{"n": 1}'),
        (second, "vote.changed", '{"n": 2}'),
    ]


def test_a_viewer_resumes_with_last_event_id_on_any_process(servers):
    port_a, port_b, _env = servers
    channel = new_board()
    first = publish_via(port_a, channel, "vote.changed", {"n": 1})
    second = publish_via(port_b, channel, "question.asked", {"n": 2})

    viewer = Viewer(port_a, channel, last_event_id=first)
    try:
        viewer.read_until(f"id: {second}")
        third = publish_via(port_b, channel, "vote.changed", {"n": 3})
        viewer.read_until(f"id: {third}")
    finally:
        viewer.close()

    assert [e["id"] for e in viewer.events()] == [second, third]


def test_a_viewer_behind_the_kept_history_gets_reset(servers):
    port_a, port_b, _env = servers
    channel = new_board()
    ids = [publish_via(port_b, channel, "vote.changed", {"n": n}) for n in range(6)]

    behind = Viewer(port_a, channel, last_event_id=ids[0])
    unknown = Viewer(port_a, channel, last_event_id="0-999999999")
    kept = Viewer(port_a, channel, last_event_id=ids[-2])
    try:
        behind.read_until("event: reset")
        unknown.read_until("event: reset")
        kept.read_until(f"id: {ids[-1]}")
    finally:
        for viewer in (behind, unknown, kept):
            viewer.close()

    assert behind.events() == [{"id": ids[-1], "event": "reset", "data": '{"reason": "too-old"}'}]
    assert unknown.events()[0]["data"] == '{"reason": "unknown-id"}'
    assert [e["id"] for e in kept.events()] == [ids[-1]]


def test_events_reach_an_http_1_1_viewer_in_well_formed_chunks(servers):
    port_a, port_b, _env = servers
    channel = new_board()
    viewer = Viewer(port_a, channel, version="1.1")
    try:
        ids = [publish_via(port_b, channel, "vote.changed", {"n": n}) for n in range(3)]
        viewer.read_until(f"id: {ids[-1]}\n")
        viewer.read_until("\r\n", timeout=1)
    finally:
        viewer.close()

    body = viewer.text.split("\r\n\r\n", 1)[1]
    chunks = []
    while body:
        size, _, rest = body.partition("\r\n")
        length = int(size, 16)
        chunks.append(rest[:length])
        assert rest[length : length + 2] == "\r\n"
        body = rest[length + 2 :]
    assert [e["id"] for e in parse_events("".join(chunks)) if "id" in e] == ids
