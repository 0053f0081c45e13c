"""Brokers: where published events are kept (for resume) and how they reach viewers.

Three brokers share one shape:

- `DatabaseBroker` (the default; db_broker.py): the event log is a table of the site's
  database, tailed by one thread per process (LISTEN/NOTIFY on PostgreSQL, short polling
  on SQLite). Any number of processes on one machine (or sharing one PostgreSQL).
- `InProcessBroker` (LIVE_BROKER=memory, and the tests): a bounded history ring per
  channel in this process's memory. Only one server process may serve the live stream.
- `RedisBroker` (`REDIS_URL` set; in redis_broker.py): one Redis Stream per channel holds
  the history and numbers the events (XADD with an approximate MAXLEN); each process runs
  ONE reader task per channel (XREAD BLOCK) that fans out to its local viewers, so 2,000
  viewers of a board cost one Redis connection per process, and no process holds the only
  copy of an event.

Publishing is synchronous (it is called from WSGI threads inside `transaction.on_commit`);
subscribing is asynchronous (the stream runs on the event loop). Events reach a loop's
viewers through a `Fanout` (fanout.py), which is only ever touched from its own loop's
thread.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from convene.live.fanout import (
    HEARTBEAT,
    Event,
    EventKey,
    Fanout,
    Subscriber,
    format_id,
    frame,
    parse_id,
    reset_frame,
)

__all__ = [
    "HEARTBEAT",
    "BaseBroker",
    "Event",
    "EventKey",
    "Fanout",
    "InProcessBroker",
    "Start",
    "Subscriber",
    "encode_data",
    "format_id",
    "frame",
    "get_broker",
    "merge_start",
    "parse_id",
    "reset_frame",
]

KIND_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")


def encode_data(kind: str, data: dict[str, Any]) -> str:
    if not KIND_RE.match(kind) or kind == "reset":
        raise ValueError(f"event kind must be lower-case letters, digits, . _ - (not {kind!r})")
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


@dataclass(slots=True)
class Start:
    """What a new viewer gets first: missed events, or a reset; and the id it stands at."""

    frames: list[bytes]
    floor: EventKey


def frame_key(data: bytes) -> EventKey:
    """The id of an encoded event frame (heartbeats and resets sort first)."""
    if not data.startswith(b"id: "):
        return (0, 0)
    return parse_id(data[4 : data.index(b"\n")].decode()) or (0, 0)


def merge_start(sub: Subscriber, start: Start) -> None:
    """A viewer added to its fanout before its backlog was read: keep the events delivered
    meanwhile that the backlog does not already hold, and stand at the newer of the two."""
    sub.frames = [f for f in sub.frames if frame_key(f) > start.floor]
    sub.floor = max(sub.floor, start.floor)


@dataclass
class _Ring:
    events: collections.deque[Event]
    # Newest event lost to this channel: fallen out of the ring, or (conservatively) the
    # newest event of any channel forgotten before this ring was made.
    dropped_upto: EventKey = (0, 0)


class BaseBroker:
    def __init__(
        self, *, history: int, max_queue: int, heartbeat_s: float, coalesce_s: float = 0
    ) -> None:
        self.history = history
        self.max_queue = max_queue
        self.heartbeat_s = heartbeat_s
        self.coalesce_s = coalesce_s
        self._fanouts: dict[asyncio.AbstractEventLoop, Fanout] = {}
        self._fanouts_lock = threading.Lock()

    def publish(self, channel: str, kind: str, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def cursor(self, channel: str) -> str:
        raise NotImplementedError

    async def subscribe(self, channel: str, last_id: str | None) -> tuple[Subscriber, list[bytes]]:
        raise NotImplementedError

    def unsubscribe(self, sub: Subscriber) -> None:
        fanout = self._fanouts.get(asyncio.get_running_loop())
        if fanout is not None:
            fanout.remove(sub)

    def fanout(self) -> Fanout:
        loop = asyncio.get_running_loop()
        with self._fanouts_lock:
            fanout = self._fanouts.get(loop)
            if fanout is None:
                # Forget fanouts of loops that have ended (tests run many loops).
                for old in [old for old in self._fanouts if old.is_closed()]:
                    del self._fanouts[old]
                fanout = self._fanouts[loop] = Fanout(
                    loop, heartbeat_s=self.heartbeat_s, coalesce_s=self.coalesce_s
                )
        return fanout

    def stop(self) -> None:
        """Lets go of background readers (the broker is being replaced)."""

    def close_all(self) -> None:
        """Ends every open stream of the running loop (server shutdown)."""
        fanout = self._fanouts.get(asyncio.get_running_loop())
        if fanout is not None:
            fanout.close_all()

    def viewers(self) -> int:
        return sum(fanout.viewers() for fanout in list(self._fanouts.values()))

    async def aclose(self) -> None:
        """Ends the running loop's streams and lets go of what it holds (server shutdown)."""
        loop = asyncio.get_running_loop()
        with self._fanouts_lock:
            fanout = self._fanouts.pop(loop, None)
        if fanout is not None:
            fanout.close_all()
            if fanout._heartbeat is not None:
                fanout._heartbeat.cancel()


class InProcessBroker(BaseBroker):
    """History in this process; ids are `<boot ms>-<n>` so a restarted server is noticed."""

    def __init__(
        self,
        *,
        history: int,
        max_queue: int,
        heartbeat_s: float,
        coalesce_s: float = 0,
        max_channels: int = 10_000,
    ) -> None:
        super().__init__(
            history=history, max_queue=max_queue, heartbeat_s=heartbeat_s, coalesce_s=coalesce_s
        )
        self.epoch = int(time.time() * 1000)
        self.max_channels = max_channels
        self._seq = 0
        self._rings: collections.OrderedDict[str, _Ring] = collections.OrderedDict()
        self._evicted_upto: EventKey = (0, 0)  # newest event of any forgotten channel
        self._lock = threading.Lock()

    def publish(self, channel: str, kind: str, data: dict[str, Any]) -> str:
        data_json = encode_data(kind, data)
        with self._lock:
            self._seq += 1
            key = (self.epoch, self._seq)
            event = Event(key, frame(format_id(key), kind, data_json))
            ring = self._rings.get(channel)
            if ring is None:
                ring = self._rings[channel] = _Ring(collections.deque(), self._evicted_upto)
                while len(self._rings) > self.max_channels:
                    _, old = self._rings.popitem(last=False)
                    if old.events:
                        self._evicted_upto = max(self._evicted_upto, old.events[-1].key)
            else:
                self._rings.move_to_end(channel)
            if len(ring.events) >= self.history:
                ring.dropped_upto = ring.events.popleft().key
            ring.events.append(event)
            fanouts = list(self._fanouts.values())
        for fanout in fanouts:
            with contextlib.suppress(RuntimeError):  # that loop has closed
                fanout.loop.call_soon_threadsafe(fanout.deliver, channel, (event,))
        return event.id

    def cursor(self, channel: str) -> str:
        with self._lock:
            ring = self._rings.get(channel)
            if ring is not None and ring.events:
                return ring.events[-1].id
            return format_id((self.epoch, 0))

    def _start(self, channel: str, last_id: str | None) -> Start:
        """Under the lock: what a viewer resuming after `last_id` must be sent first."""
        ring = self._rings.get(channel)
        events = list(ring.events) if ring is not None else []
        newest = events[-1].key if events else (self.epoch, 0)
        if last_id is None:
            return Start([], newest)
        key = parse_id(last_id)
        if key is None or key[0] != self.epoch or key > (self.epoch, self._seq):
            return Start([reset_frame(format_id(newest), "unknown-id")], newest)
        lost_upto = ring.dropped_upto if ring is not None else self._evicted_upto
        if key < lost_upto:
            return Start([reset_frame(format_id(newest), "too-old")], newest)
        return Start([event.frame for event in events if event.key > key], max(newest, key))

    async def subscribe(self, channel: str, last_id: str | None) -> tuple[Subscriber, list[bytes]]:
        sub = Subscriber(channel, max_queue=self.max_queue)
        fanout = self.fanout()
        with self._lock:
            start = self._start(channel, last_id)
            sub.floor = start.floor
        fanout.add(sub)
        return sub, start.frames


@dataclass
class _Cache:
    signature: tuple[Any, ...] | None = None
    broker: BaseBroker | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_cache = _Cache()


def reset_broker() -> None:
    """Stop and forget this process's broker; the next `get_broker()` builds a fresh one
    (the tests start each test with an empty in-process broker)."""
    with _cache.lock:
        if _cache.broker is not None:
            _cache.broker.stop()
        _cache.broker = None
        _cache.signature = None


BROKERS = ("database", "memory")


def broker_kind() -> str:
    """`redis` when REDIS_URL is set; otherwise settings.LIVE_BROKER (`database`, the
    default, or `memory`)."""
    from django.conf import settings

    if getattr(settings, "REDIS_URL", ""):
        return "redis"
    kind = getattr(settings, "LIVE_BROKER", "") or "database"
    if kind not in BROKERS:
        raise ValueError(f"LIVE_BROKER must be one of {', '.join(BROKERS)}, not {kind!r}")
    return str(kind)


def get_broker() -> BaseBroker:
    """The process's broker, chosen by settings (REDIS_URL, LIVE_BROKER) and rebuilt if
    they change."""
    from django.conf import settings

    url = getattr(settings, "REDIS_URL", "") or ""
    kind = broker_kind()
    options: dict[str, Any] = {
        "history": getattr(settings, "LIVE_HISTORY", 500),
        "max_queue": getattr(settings, "LIVE_QUEUE", 256),
        "heartbeat_s": getattr(settings, "LIVE_HEARTBEAT_S", 15.0),
        "coalesce_s": getattr(settings, "LIVE_COALESCE_MS", 100) / 1000,
    }
    prefix = getattr(settings, "LIVE_REDIS_PREFIX", "convene:live:")
    poll_s = getattr(settings, "LIVE_POLL_MS", 50) / 1000
    signature = (kind, url, prefix, poll_s, *options.values())
    with _cache.lock:
        if _cache.broker is None or _cache.signature != signature:
            old = _cache.broker
            if kind == "redis":
                from convene.live.redis_broker import RedisBroker

                _cache.broker = RedisBroker(url, prefix=prefix, **options)
            elif kind == "database":
                from convene.live.db_broker import DatabaseBroker

                _cache.broker = DatabaseBroker(poll_s=poll_s, **options)
            else:
                _cache.broker = InProcessBroker(**options)
            if old is not None:
                old.stop()
            _cache.signature = signature
        return _cache.broker
