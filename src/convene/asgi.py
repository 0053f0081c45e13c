"""The one application `convene serve` runs (uvicorn): a small ASGI router.

`/live/…` is answered by native async code (convene.live.asgi: server-sent events, no
Django request and no database per event); every other request goes to Django's WSGI
application through a2wsgi's thread pool, the fast synchronous path for pages and the API.
"""

import gc
import os
import signal
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")

from a2wsgi import WSGIMiddleware
from django.core.wsgi import get_wsgi_application

from convene.live.asgi import PREFIX, close_all_streams, stream
from convene.live.broker import get_broker

django_app = WSGIMiddleware(
    get_wsgi_application(),  # type: ignore[arg-type]
    workers=int(os.environ.get("WSGI_THREADS", "10")),
)


def _end_streams_on_exit() -> None:
    """On SIGINT/SIGTERM, end the open live streams first, then let uvicorn stop as usual.

    Streams never end by themselves, and uvicorn waits for open responses before it exits.
    """
    import asyncio

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(signum)
        if not callable(previous):
            continue

        def handler(sig: int, frame: Any, previous: Any = previous) -> None:
            loop.call_soon_threadsafe(close_all_streams)
            previous(sig, frame)

        try:
            signal.signal(signum, handler)
        except ValueError:  # not the main thread: the server handles signals itself
            return


async def _lifespan(receive: Any, send: Any) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            _end_streams_on_exit()
            # Django and the app are loaded for good: keep the collector from walking them
            # again and again while thousands of streams are open (shorter GC pauses).
            gc.freeze()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await get_broker().aclose()
            await send({"type": "lifespan.shutdown.complete"})
            return


async def application(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] == "http":
        if scope["path"].startswith(PREFIX):
            await stream(scope, receive, send)
        else:
            await django_app(scope, receive, send)
    elif scope["type"] == "lifespan":
        await _lifespan(receive, send)
    else:  # websocket: not served
        await send({"type": "websocket.close", "code": 1000})
