"""Helpers for the live tests: drive the ASGI application like a browser's EventSource."""

import asyncio
import itertools
import json
import os
import secrets
import socket
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

T = TypeVar("T")
_channel_numbers = itertools.count(secrets.randbelow(10**6) * 1000 + 10**9)


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: the browser tests' sync Playwright keeps an
    event loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def new_board() -> str:
    """A public channel no other test uses."""
    return f"events/{next(_channel_numbers)}"


needs_redis = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis at REDIS_URL"),
]


def parse_events(text: str) -> list[dict[str, str]]:
    """Server-sent events in `text` as dicts of their fields (comments left out)."""
    events = []
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(": ")
            fields[name] = value
        if "event" in fields or "data" in fields:
            events.append(fields)
    return events


class Response:
    """One request to an ASGI app, read as it streams."""

    def __init__(
        self,
        app: Any,
        path: str,
        *,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        scheme: str = "http",
    ) -> None:
        route, _, query = path.partition("?")
        sent = {"host": "127.0.0.1"} | {
            name.lower(): value for name, value in (headers or {}).items()
        }
        self.scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": scheme,
            "path": route,
            "raw_path": route.encode(),
            "root_path": "",
            "query_string": query.encode(),
            "headers": [(name.encode(), value.encode()) for name, value in sent.items()],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
        }
        self.app = app
        self.messages: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.disconnected = asyncio.Event()
        self.requested = False
        self.status = 0
        self.headers: dict[str, str] = {}
        self.text = ""
        self.complete = False

    async def _receive(self) -> dict[str, Any]:
        if not self.requested:
            self.requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self.disconnected.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: dict[str, Any]) -> None:
        await self.messages.put(message)

    async def __aenter__(self) -> "Response":
        self.task = asyncio.ensure_future(self.app(self.scope, self._receive, self._send))
        start = await asyncio.wait_for(self.messages.get(), 10)
        self.status = start["status"]
        self.headers = {k.decode().lower(): v.decode() for k, v in start.get("headers", [])}
        return self

    async def read_until(self, needle: str, timeout: float = 5) -> str:
        """Reads the body until it contains `needle`; returns all of it."""
        async with asyncio.timeout(timeout):
            while needle not in self.text and not self.complete:
                message = await self.messages.get()
                self.text += message.get("body", b"").decode()
                self.complete = not message.get("more_body", False)
        return self.text

    async def read_all(self, timeout: float = 10) -> str:
        return await self.read_until("\0never\0", timeout)

    async def __aexit__(self, *exc: object) -> None:
        self.disconnected.set()
        await asyncio.wait_for(self.task, 5)


def request(app: Any, path: str, **kwargs: Any) -> Response:
    return Response(app, path, **kwargs)


def publish_via(port: int, channel: str, kind: str, data: dict[str, int]) -> str:
    """Publishes through a running server's loopback bench endpoint; returns the event id."""
    body = json.dumps({"channel": channel, "kind": kind, "data": data}).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /live/_bench/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer
    return answer.split(b"\r\n\r\n", 1)[1].decode().strip()
