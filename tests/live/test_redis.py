"""Fan-out through Redis: the broker itself, and two server processes sharing one board."""

import asyncio
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from convene.live.redis_broker import RedisBroker
from tests.live.conftest import needs_redis, new_board, parse_events, publish_via, run_async

pytestmark = needs_redis


def make_broker(**options: int) -> RedisBroker:
    return RedisBroker(
        os.environ["REDIS_URL"],
        history=options.get("history", 100),
        max_queue=50,
        heartbeat_s=60,
        prefix=f"convene-test:{secrets.token_hex(4)}:",
        approximate=False,
        block_ms=options.get("block_ms", 15_000),
    )


def test_redis_broker_delivers_and_resumes_exactly_the_missed_events():
    broker = make_broker()
    ids = [broker.publish("events/1", "vote.changed", {"n": n}) for n in range(4)]

    async def scenario():
        sub, first = await broker.subscribe("events/1", ids[1])
        later = broker.publish("events/1", "question.asked", {"n": 4})
        frames = await asyncio.wait_for(sub.next_frames(), 5)
        broker.unsubscribe(sub)
        await broker.aclose()
        return parse_events(b"".join(first + frames).decode()), later

    events, later = run_async(scenario())

    assert [e["id"] for e in events] == [*ids[2:], later]
    assert [json.loads(e["data"])["n"] for e in events] == [2, 3, 4]
    assert broker.cursor("events/1") == later


def test_redis_reader_waits_out_a_quiet_block_without_an_error(caplog):
    # A block longer than redis-py's default socket timeout (5 s), as in production (15 s).
    broker = make_broker(block_ms=6_000)

    async def scenario():
        sub, _ = await broker.subscribe("events/1", None)
        await asyncio.sleep(6.5)  # quiet: the reader's XREAD runs out its block once
        published = broker.publish("events/1", "vote.changed", {"n": 1})
        frames = await asyncio.wait_for(sub.next_frames(), 2)
        broker.unsubscribe(sub)
        await broker.aclose()
        return published, parse_events(b"".join(frames).decode())

    published, events = run_async(scenario())

    assert [event["id"] for event in events] == [published]
    assert [record.getMessage() for record in caplog.records if record.levelname == "ERROR"] == []


def test_redis_broker_sends_reset_for_an_id_older_than_history():
    broker = make_broker(history=3)
    ids = [broker.publish("events/1", "vote.changed", {"n": n}) for n in range(6)]

    async def scenario():
        sub, first = await broker.subscribe("events/1", ids[0])
        broker.unsubscribe(sub)
        await broker.aclose()
        return parse_events(b"".join(first).decode())

    assert run_async(scenario()) == [
        {"id": ids[-1], "event": "reset", "data": '{"reason": "too-old"}'}
    ]


def test_redis_broker_resumes_from_the_cursor_of_an_empty_channel():
    broker = make_broker(history=3)
    cursor = broker.cursor("events/1")
    ids = [broker.publish("events/1", "vote.changed", {"n": n}) for n in range(2)]

    async def scenario():
        sub, first = await broker.subscribe("events/1", cursor)
        broker.unsubscribe(sub)
        await broker.aclose()
        return parse_events(b"".join(first).decode())

    assert cursor == "0-0"
    assert [e["id"] for e in run_async(scenario())] == ids


def test_redis_broker_keeps_no_id_twice_for_concurrent_subscribers():
    broker = make_broker()
    start = broker.publish("events/1", "vote.changed", {"n": 0})

    async def scenario():
        subs = [await broker.subscribe("events/1", start) for _ in range(3)]
        ids = [broker.publish("events/1", "vote.changed", {"n": n}) for n in range(1, 4)]
        received = []
        for sub, first in subs:
            frames = list(first)
            while len(parse_events(b"".join(frames).decode())) < 3:
                frames += await asyncio.wait_for(sub.next_frames(), 5)
            received.append([e["id"] for e in parse_events(b"".join(frames).decode())])
            broker.unsubscribe(sub)
        await broker.aclose()
        return ids, received

    ids, received = run_async(scenario())

    assert received == [ids, ids, ids]


# --- two server processes -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "uvicorn", "convene.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
        "--timeout-graceful-shutdown", "2",
    ]  # fmt: skip
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=out)


def wait_until_serving(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"HEAD /live/events/0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                if sock.recv(100).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no server on port {port} after {timeout} s")


class SseReader:
    """A blocking EventSource stand-in over a plain socket (HTTP/1.1, chunked body)."""

    def __init__(self, port: int, channel: str, last_event_id: str | None = None) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        resume = f"Last-Event-ID: {last_event_id}\r\n" if last_event_id else ""
        self.sock.sendall(
            f"GET /live/{channel} HTTP/1.1\r\nHost: 127.0.0.1\r\n{resume}\r\n".encode()
        )
        self.raw = b""

    def body(self) -> str:
        """The body received so far, without its chunk framing."""
        _, _, rest = self.raw.partition(b"\r\n\r\n")
        body = b""
        while b"\r\n" in rest:
            size_line, _, after = rest.partition(b"\r\n")
            size = int(size_line, 16)
            if len(after) < size + 2:
                break
            body, rest = body + after[:size], after[size + 2 :]
        return body.decode()

    def read_until(self, needle: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while needle not in self.body():
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            self.raw += chunk
        return self.body()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def two_servers(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "convene.settings",
        "CONVENE_VAR_DIR": str(tmp_path),
        "INSECURE_HTTP": "true",
        # The loopback-only publishing endpoint stands in for a page's service call.
        "CONVENE_LIVE_BENCH": "true",
        "REDIS_URL": os.environ["REDIS_URL"],
    }
    ports = [free_port(), free_port()]
    servers = [start_server(port, env, tmp_path / f"{port}.log") for port in ports]
    try:
        for port in ports:
            wait_until_serving(port)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)


def test_publish_in_one_process_reaches_a_viewer_of_the_other(two_servers):
    first, second = two_servers
    board = new_board()
    viewer = SseReader(second, board)
    try:
        viewer.read_until(": connected")

        event_id = publish_via(first, board, "question.asked", {"id": 1})
        text = viewer.read_until(event_id)
    finally:
        viewer.close()

    assert parse_events(text)[-1] == {
        "id": event_id,
        "event": "question.asked",
        "data": '{"id": 1}',
    }


def test_viewer_resumes_on_the_other_process_with_nothing_missed(two_servers):
    first, second = two_servers
    board = new_board()
    seen = publish_via(first, board, "vote.changed", {"n": 1})
    missed = [publish_via(second, board, "vote.changed", {"n": n}) for n in (2, 3)]

    viewer = SseReader(first, board, last_event_id=seen)
    try:
        text = viewer.read_until(missed[-1])
    finally:
        viewer.close()

    assert [event["id"] for event in parse_events(text)] == missed
