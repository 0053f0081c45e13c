"""The live stream endpoint, `/live/<channel>`: native async code, no Django request, no ORM.

`GET /live/events/123` streams the public board's events as server-sent events;
`GET /live/events/123/moderation?token=…` needs a token from `sign_channel`. A client that
reconnects sends `Last-Event-ID` (browsers do so by themselves) or `?last_event_id=` (the
cursor of the snapshot the page was rendered from) and first gets what it missed, or a
`reset` event when that is no longer kept (the page then reloads its snapshot).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings

from convene.live import channels
from convene.live.broker import get_broker

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

PREFIX = "/live/"
BENCH_PATH = "/live/_bench/publish"
STREAM_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-transform"),
    (b"x-accel-buffering", b"no"),  # tell nginx & co. not to buffer the stream
]
HELLO = b"retry: 3000\n: connected\n\n"


async def _plain(send: Send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def stream(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers one `/live/…` request."""
    if scope["path"] == BENCH_PATH and _bench_enabled():
        await _bench_app()(scope, receive, send)
        return
    if scope["method"] not in ("GET", "HEAD"):
        await _plain(send, 405, "The live stream only answers GET.")
        return
    channel = scope["path"][len(PREFIX) :].rstrip("/")
    try:
        channels.check_channel(channel)
    except ValueError:
        await _plain(send, 404, "No such live channel.")
        return
    query = parse_qs(bytes(scope.get("query_string", b"")).decode("latin-1"))
    if not channels.is_public(channel):
        token = (query.get("token") or [""])[0]
        if not channels.token_opens(token, channel):
            await _plain(send, 403, "This live channel needs a valid, unexpired token.")
            return
    if scope["method"] == "HEAD":
        await send({"type": "http.response.start", "status": 200, "headers": STREAM_HEADERS})
        await send({"type": "http.response.body", "body": b""})
        return
    last_id = _header(scope, b"last-event-id") or (query.get("last_event_id") or [""])[0]

    broker = get_broker()
    try:
        sub, first = await broker.subscribe(channel, last_id or None)
    except Exception:
        # The broker is away (Redis down). An empty 200 with `retry:` makes the browser's
        # EventSource try again later; an error status would make it give up for good.
        logger.exception("live: cannot subscribe to %s", channel)
        await send({"type": "http.response.start", "status": 200, "headers": STREAM_HEADERS})
        await send({"type": "http.response.body", "body": b"retry: 5000\n\n"})
        return
    watcher = asyncio.ensure_future(_until_disconnect(receive))
    watcher.add_done_callback(lambda _: sub.close())
    try:
        await send({"type": "http.response.start", "status": 200, "headers": STREAM_HEADERS})
        await send(
            {"type": "http.response.body", "body": HELLO + b"".join(first), "more_body": True}
        )
        while (frames := await sub.next_frames()) is not None:
            await send({"type": "http.response.body", "body": b"".join(frames), "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    finally:
        watcher.cancel()
        broker.unsubscribe(sub)


def close_all_streams() -> None:
    """Ends this loop's open streams, so that a stopping server is not held open by them."""
    get_broker().close_all()


_bench: Any = None


def _bench_enabled() -> bool:
    default = os.environ.get("CONVENE_LIVE_BENCH", "").lower() in {"1", "true", "yes", "on"}
    return bool(getattr(settings, "LIVE_BENCH_ENDPOINT", default))


def _bench_app() -> Any:
    """`POST /live/_bench/publish` (only with LIVE_BENCH_ENDPOINT, only from loopback).

    It publishes from a WSGI worker thread, the same way a page's service call does, so the
    benchmark measures the real hand-over from WSGI threads to the event loop.
    """
    global _bench  # noqa: PLW0603  (built once, on first use)
    if _bench is None:
        from a2wsgi import WSGIMiddleware

        _bench = WSGIMiddleware(_bench_publish, workers=4)  # type: ignore[arg-type]
    return _bench


def _bench_publish(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    from convene.live import publish

    if environ.get("REMOTE_ADDR") != "127.0.0.1" or environ["REQUEST_METHOD"] != "POST":
        start_response("403 Forbidden", [("Content-Type", "text/plain")])
        return [b"loopback POST only"]
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length))
        event_id = publish(body["channel"], body["kind"], body["data"])
    except (ValueError, KeyError, TypeError) as exc:
        start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
        return [f"expected JSON {{channel, kind, data}}: {exc!r}".encode()]
    answer = event_id.encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(answer)))])
    return [answer]
