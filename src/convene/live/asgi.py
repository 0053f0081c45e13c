"""The live stream endpoint, `/live/<channel>`: native async code, no Django request, no ORM.

`GET /live/events/123` streams the public board's events as server-sent events;
`GET /live/events/123/moderation?token=…` needs a token from `sign_channel`. A client that
reconnects sends `Last-Event-ID` (browsers do so by themselves) or `?last_event_id=` (the
cursor of the snapshot the page was rendered from) and first gets what it missed, or a
`reset` event when that is no longer kept (the page then reloads its snapshot).
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.encoding import escape_uri_path

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


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _host(scope: Scope) -> str:
    """The request's host as Django's `request.get_host()` reads it, before validation."""
    forwarded = settings.USE_X_FORWARDED_HOST and _header(scope, b"x-forwarded-host")
    if forwarded:
        return forwarded
    host = _header(scope, b"host")
    if host:
        return host
    server = scope.get("server") or ("", None)
    return f"{server[0]}:{server[1]}" if server[1] else str(server[0])


def _host_allowed(host: str) -> bool:
    """Django's host check (settings.ALLOWED_HOSTS, as CommonMiddleware applies it)."""
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(domain) and validate_host(domain, allowed)


def _is_secure(scope: Scope) -> bool:
    """Django's `request.is_secure()`: the proxy's header when one is trusted."""
    if settings.SECURE_PROXY_SSL_HEADER:
        name, secure_value = settings.SECURE_PROXY_SSL_HEADER
        header = name.removeprefix("HTTP_").replace("_", "-").lower().encode("latin-1")
        value = _header(scope, header)
        if value is not None:
            return value.split(",", 1)[0].strip() == secure_value
    return scope.get("scheme") in ("https", "wss")


def _https_redirect(scope: Scope, host: str) -> str | None:
    """Where SecurityMiddleware would send this plain-HTTP request (SECURE_SSL_REDIRECT)."""
    if not settings.SECURE_SSL_REDIRECT or _is_secure(scope):
        return None
    path = scope["path"]
    if any(re.search(pattern, path.lstrip("/")) for pattern in settings.SECURE_REDIRECT_EXEMPT):
        return None
    query = bytes(scope.get("query_string", b"")).decode("latin-1")
    target = f"https://{settings.SECURE_SSL_HOST or host}{escape_uri_path(path)}"
    return target + (f"?{query}" if query else "")


async def _answered_at_the_door(scope: Scope, receive: Receive, send: Send) -> bool:
    """Answers what is not a stream request; True when it did. The gates come first and
    are the same as every Django page's: the host, then HTTPS."""
    host = _host(scope)
    if not _host_allowed(host):
        await _plain(send, 400, "Bad Request (400)")
    elif (location := _https_redirect(scope, host)) is not None:
        await send(
            {
                "type": "http.response.start",
                "status": 301,
                "headers": [(b"location", location.encode("latin-1"))],
            }
        )
        await send({"type": "http.response.body", "body": b""})
    elif scope["path"] == BENCH_PATH and _bench_enabled():
        await _bench_app()(scope, receive, send)
    elif scope["method"] not in ("GET", "HEAD"):
        await _plain(send, 405, "The live stream only answers GET.")
    else:
        return False
    return True


async def stream(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers one `/live/…` request."""
    if await _answered_at_the_door(scope, receive, send):
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
    taken_over = False
    try:
        await send({"type": "http.response.start", "status": 200, "headers": STREAM_HEADERS})
        await send(
            {"type": "http.response.body", "body": HELLO + b"".join(first), "more_body": True}
        )
        del first, query  # what stays in memory is per viewer, times thousands
        # From here the fanout writes this viewer's events itself. Under uvicorn it takes
        # the connection over and this task ends: nothing waits per viewer. Elsewhere this
        # task waits for the client to leave; once the stream ends on our side (overflow,
        # server stopping) the server reports the end as a disconnect.
        taken_over = sub.attach(send, broker)
        if not taken_over:
            while (await receive())["type"] != "http.disconnect":  # inline: no frame more
                pass
    finally:
        if not taken_over:
            sub.detach()
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
