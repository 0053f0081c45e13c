"""Pushing changes to open pages (server-sent events); imports no other Convene app.

Apps publish from their services, after the transaction commits::

    from convene import live

    transaction.on_commit(lambda: live.publish("events/123", "question.asked", {"id": 7}))

and pages open `live.stream_path(channel)` with an EventSource. A page renders its
snapshot together with `live.cursor(channel)` and passes it as `?last_event_id=`, so that
nothing published between the snapshot and the connection is missed. Channels matching
settings.LIVE_PUBLIC_CHANNELS (default `events/<id>`) are public; any other channel (e.g.
`events/123/moderation`) needs the token that `stream_path(..., max_age_s=…)` signs in.

The stream (`/live/<channel>`) is served by `convene.live.asgi.stream` inside the ASGI
router (`convene.asgi`); see README.md beside this file.
"""

from typing import Any
from urllib.parse import urlencode

from convene.live.channels import check_channel, is_public, sign_channel

__all__ = ["cursor", "is_public", "publish", "sign_channel", "stream_path"]


def publish(channel: str, kind: str, data: dict[str, Any]) -> str:
    """Sends `data` (JSON-able; datetimes allowed) as event `kind` to every viewer of
    `channel` and keeps it for viewers who reconnect. Synchronous; safe from any thread.
    Returns the event id (ids grow monotonically within a channel). With REDIS_URL set
    and Redis unreachable it raises redis.RedisError within seconds: log it, never let it
    fail the write that happened (a reload shows the same)."""
    from convene.live.broker import get_broker

    return get_broker().publish(check_channel(channel), kind, data)


def cursor(channel: str) -> str:
    """The id of the newest event of `channel`: render it with a snapshot, resume from it."""
    from convene.live.broker import get_broker

    return get_broker().cursor(check_channel(channel))


def stream_path(channel: str, *, last_event_id: str = "", max_age_s: int = 12 * 3600) -> str:
    """The URL path of `channel`'s stream, with a signed token if the channel is private."""
    query = {}
    if not is_public(check_channel(channel)):
        query["token"] = sign_channel(channel, max_age_s=max_age_s)
    if last_event_id:
        query["last_event_id"] = last_event_id
    return f"/live/{channel}" + (f"?{urlencode(query)}" if query else "")
