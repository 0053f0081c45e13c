"""Live under faults (issue 10): a server process is killed mid-stream; every viewer
resumes on another process with Last-Event-ID and gets every event exactly once.

Only public HTTP behaviour is used, so the test holds whatever the broker does inside:
two server processes share a SQLite file and Redis; votes go through the JSON API of the
surviving process; viewers read `/live/events/{id}` as an EventSource would.
"""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from tests.live.conftest import needs_redis

pytestmark = needs_redis

SETUP = """
import datetime as dt, json
from django.contrib.auth.models import User
from convene.events.services import When, event_create
from convene.people.services import api_token_create
from convene.qa.services import question_ask
staff = User.objects.create_user("staff", is_staff=True)
voter = User.objects.create_user("voter")
start = dt.datetime(2030, 11, 4, 9, tzinfo=dt.UTC)
event = event_create(actor=staff, title="AMA", when=When(starts_at=start,
    ends_at=start + dt.timedelta(hours=1)), organisers_people=[staff])
question = question_ask(actor=staff, event=event, text="What is a hub?")
print(json.dumps({"event": event.pk, "question": question.pk,
    "token": api_token_create(user=voter, name="faults")[1]}))
"""

VOTES_BEFORE, VOTES_AFTER = 12, 12
VIEWERS_ON_KILLED, VIEWERS_ON_SURVIVOR = 4, 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "uvicorn", "convene.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=out)


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
        finally:
            connection.close()
    raise AssertionError(f"no server on port {port} after {timeout} s")


class Viewer(threading.Thread):
    """An EventSource: reads events; when its stream breaks, reconnects to `fallback`
    with Last-Event-ID set to the last id it got."""

    def __init__(self, port: int, fallback: int, path: str) -> None:
        super().__init__(daemon=True)
        self.port, self.fallback, self.path = port, fallback, path
        self.events: list[dict[str, str]] = []
        self.connected = threading.Event()
        self.reconnects = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(OSError, http.client.HTTPException):
                self._read(self.port)
            if self.stop.is_set():
                return
            self.port = self.fallback
            self.reconnects += 1

    def _read(self, port: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        last_id = self.events[-1]["id"] if self.events else ""
        headers = {"Accept": "text/event-stream"} | ({"Last-Event-ID": last_id} if last_id else {})
        try:
            connection.request("GET", self.path, headers=headers)
            self._events(connection.getresponse())
        finally:
            connection.close()

    def _events(self, response: http.client.HTTPResponse) -> None:
        assert response.status == 200
        self.connected.set()
        fields: dict[str, str] = {}
        while not self.stop.is_set():
            line = response.readline().decode()
            if not line:
                return  # the server went away
            line = line.rstrip("\n")
            if line:
                if not line.startswith(":"):
                    name, _, value = line.partition(": ")
                    fields[name] = value
                continue
            if "id" in fields and fields.get("event") not in (None, "reset"):
                self.events.append(fields)
            fields = {}


def api(port: int, method: str, path: str, token: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, headers={"Authorization": f"Bearer {token}"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_viewers_of_a_killed_process_resume_elsewhere_with_every_event_once(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}},
        "DJANGO_SETTINGS_MODULE": "convene.settings",
        "CONVENE_VAR_DIR": str(tmp_path),
        "INSECURE_HTTP": "true",
    }
    convene = [sys.executable, "-m", "convene"]
    subprocess.run([*convene, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=300)
    made = subprocess.run(
        [*convene, "shell", "-c", SETUP],
        env=env, check=True, timeout=120, capture_output=True, text=True,
    )  # fmt: skip
    world: dict[str, Any] = json.loads(made.stdout.strip().splitlines()[-1])
    doomed_port, survivor_port = free_port(), free_port()
    doomed = serve(doomed_port, env, tmp_path / "doomed.log")
    survivor = serve(survivor_port, env, tmp_path / "survivor.log")
    path = f"/live/events/{world['event']}"
    viewers = [Viewer(doomed_port, survivor_port, path) for _ in range(VIEWERS_ON_KILLED)]
    viewers += [Viewer(survivor_port, survivor_port, path) for _ in range(VIEWERS_ON_SURVIVOR)]
    vote = f"/api/questions/{world['question']}/vote"
    statuses = []
    try:
        wait_for(doomed_port)
        wait_for(survivor_port)
        for viewer in viewers:
            viewer.start()
            assert viewer.connected.wait(30)
        for n in range(VOTES_BEFORE + VOTES_AFTER):
            if n == VOTES_BEFORE:
                doomed.send_signal(signal.SIGKILL)  # mid-stream: no goodbye to anyone
                doomed.wait(timeout=20)
            method = "POST" if n % 2 == 0 else "DELETE"
            statuses.append(api(survivor_port, method, vote, world["token"]))
        deadline = time.monotonic() + 30
        total = VOTES_BEFORE + VOTES_AFTER
        while time.monotonic() < deadline and any(len(v.events) < total for v in viewers):
            time.sleep(0.2)
    finally:
        for viewer in viewers:
            viewer.stop.set()
        for server in (doomed, survivor):  # the viewers' reads end with their server
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=20)
        for viewer in viewers:
            viewer.join(timeout=10)

    assert statuses == [200] * (VOTES_BEFORE + VOTES_AFTER)
    reference = [event["id"] for event in viewers[-1].events]
    assert len(reference) == len(set(reference)) == VOTES_BEFORE + VOTES_AFTER
    assert [[event["id"] for event in viewer.events] for viewer in viewers] == [reference] * len(
        viewers
    )
    assert [viewer.reconnects for viewer in viewers[:VIEWERS_ON_KILLED]] == [1] * VIEWERS_ON_KILLED
