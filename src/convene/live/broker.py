"""Brokers: where published events are kept (for resume) and how they reach viewers.

Two brokers share one shape:

- `InProcessBroker` (no `REDIS_URL`): a bounded history ring per channel in this process's
  memory. Only one server process may serve the live stream then.
- `RedisBroker` (`REDIS_URL` set): one Redis Stream per channel holds the history and
  numbers the events (XADD with an approximate MAXLEN); each process runs ONE reader task
  per channel (XREAD BLOCK) that fans out to its local viewers, so 2,000 viewers of a board
  cost one Redis connection per process, and no process holds the only copy of an event.

Publishing is synchronous (it is called from WSGI threads inside `transaction.on_commit`);
subscribing is asynchronous (the stream runs on the event loop). Events reach a loop's
viewers through a `Fanout`, which is only ever touched from its own loop's thread.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

logger = logging.getLogger(__name__)

KIND_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
EventKey = tuple[int, int]
HEARTBEAT = b": keepalive\n\n"


def parse_id(event_id: str) -> EventKey | None:
    """`"1732180000000-7"` → `(1732180000000, 7)`; anything else → None."""
    first, sep, second = event_id.strip().partition("-")
    if not sep or not first.isdigit() or not second.isdigit():
        return None
    return int(first), int(second)


def format_id(key: EventKey) -> str:
    return f"{key[0]}-{key[1]}"


def frame(event_id: str, kind: str, data_json: str) -> bytes:
    """One server-sent event, encoded once and shared by every viewer."""
    return f"id: {event_id}\nevent: {kind}\ndata: {data_json}\n\n".encode()


def reset_frame(event_id: str | None, reason: str) -> bytes:
    """Tells the page to reload its snapshot; carries the id to continue from."""
    id_line = f"id: {event_id}\n" if event_id else ""
    return f"{id_line}event: reset\ndata: {json.dumps({'reason': reason})}\n\n".encode()


def encode_data(kind: str, data: dict[str, Any]) -> str:
    if not KIND_RE.match(kind) or kind == "reset":
        raise ValueError(f"event kind must be lower-case letters, digits, . _ - (not {kind!r})")
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Event:
    key: EventKey
    frame: bytes

    @property
    def id(self) -> str:
        return format_id(self.key)


@dataclass(slots=True)
class Start:
    """What a new viewer gets first: missed events, or a reset; and the id it stands at."""

    frames: list[bytes]
    floor: EventKey


class Subscriber:
    """One viewer: a bounded queue of encoded frames and a waiter to wake its stream.

    Only its own loop's thread touches it. If it falls `max_queue` frames behind (a slow
    or stuck client), its queue is replaced by a single `reset` and it is closed, so a slow
    consumer never makes memory grow.
    """

    __slots__ = ("channel", "closed", "floor", "frames", "max_queue", "overflowed", "waiter")

    def __init__(self, channel: str, *, max_queue: int) -> None:
        self.channel = channel
        self.max_queue = max_queue
        self.frames: list[bytes] = []
        self.floor: EventKey = (0, 0)  # the newest event this viewer has been given
        self.waiter: asyncio.Future[None] | None = None
        self.closed = False
        self.overflowed = False

    def push(self, event: Event, *, wake: bool = True) -> None:
        if self.closed or event.key <= self.floor:
            return
        self.floor = event.key
        if len(self.frames) >= self.max_queue:
            self.overflowed = True
            self.frames = [reset_frame(event.id, "overflow")]
            self.close()
            return
        self.frames.append(event.frame)
        if wake:
            self._wake()

    def push_raw(self, data: bytes) -> None:
        if not self.closed and len(self.frames) < self.max_queue:
            self.frames.append(data)
            self._wake()

    def close(self) -> None:
        self.closed = True
        self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def next_frames(self) -> list[bytes] | None:
        """Waits for frames; returns them, or None once closed and drained."""
        while not self.frames:
            if self.closed:
                return None
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                await self.waiter
            finally:
                self.waiter = None
        frames, self.frames = self.frames, []
        return frames


class Fanout:
    """The viewers of one event loop, by channel, plus their heartbeat.

    Viewers are woken at most once per `coalesce_s` (the first event after a quiet spell
    goes out at once): under a burst of votes each viewer's socket gets one write carrying
    several events instead of one write per event, which is what costs most at 2,000
    viewers (a system call each).
    """

    def __init__(
        self, loop: asyncio.AbstractEventLoop, *, heartbeat_s: float, coalesce_s: float = 0
    ) -> None:
        self.loop = loop
        self.heartbeat_s = heartbeat_s
        self.coalesce_s = coalesce_s
        self.channels: dict[str, set[Subscriber]] = {}
        self._heartbeat: asyncio.Task[None] | None = None
        self._dirty: set[str] = set()
        self._flush_handle: asyncio.TimerHandle | None = None
        self._last_flush = -1e9

    def add(self, sub: Subscriber) -> None:
        self.channels.setdefault(sub.channel, set()).add(sub)
        if self._heartbeat is None:
            self._heartbeat = self.loop.create_task(self._beat())

    def remove(self, sub: Subscriber) -> bool:
        """Forgets a viewer; True when it was its channel's last one."""
        subs = self.channels.get(sub.channel)
        if subs is None:
            return False
        subs.discard(sub)
        if subs:
            return False
        del self.channels[sub.channel]
        if not self.channels and self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None
        return True

    def deliver(self, channel: str, events: Iterable[Event]) -> None:
        subs = self.channels.get(channel)
        if not subs:
            return
        wake = self.coalesce_s <= 0
        for event in events:
            for sub in subs:  # push never changes the set (viewers leave from their task)
                sub.push(event, wake=wake)
        if wake:
            return
        self._dirty.add(channel)
        if self._flush_handle is None:
            due = self._last_flush + self.coalesce_s
            if self.loop.time() >= due:
                self._flush()
            else:
                self._flush_handle = self.loop.call_at(due, self._flush)

    def _flush(self) -> None:
        self._flush_handle = None
        self._last_flush = self.loop.time()
        dirty, self._dirty = self._dirty, set()
        for channel in dirty:
            for sub in self.channels.get(channel, ()):
                if sub.frames:
                    sub._wake()

    def close_all(self) -> None:
        for subs in self.channels.values():
            for sub in subs:
                sub.close()

    def viewers(self) -> int:
        return sum(len(subs) for subs in self.channels.values())

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_s)
            for subs in self.channels.values():
                for sub in subs:
                    sub.push_raw(HEARTBEAT)


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


class RedisBroker(BaseBroker):
    """History and ids in Redis Streams; one XREAD reader per channel per event loop."""

    ready_timeout_s = 5.0  # Redis away for longer: the viewer is told to retry later

    def __init__(
        self,
        url: str,
        *,
        history: int,
        max_queue: int,
        heartbeat_s: float,
        coalesce_s: float = 0,
        prefix: str = "convene:live:",
        ttl_s: int = 7 * 24 * 3600,
        block_ms: int = 15_000,
        approximate: bool = True,
    ) -> None:
        super().__init__(
            history=history, max_queue=max_queue, heartbeat_s=heartbeat_s, coalesce_s=coalesce_s
        )
        import redis

        self.url = url
        self.prefix = prefix
        self.ttl_s = ttl_s
        self.block_ms = block_ms
        # Approximate trimming is much cheaper for Redis; history is then at least `history`.
        self.approximate = approximate
        # Publishing must never hang a page's request: short timeouts, the caller logs.
        self._sync = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
        self._readers: dict[tuple[asyncio.AbstractEventLoop, str], _Reader] = {}

    def key(self, channel: str) -> str:
        return self.prefix + channel

    def publish(self, channel: str, kind: str, data: dict[str, Any]) -> str:
        data_json = encode_data(kind, data)
        key = self.key(channel)
        pipe = self._sync.pipeline(transaction=False)
        pipe.xadd(
            key, {"k": kind, "d": data_json}, maxlen=self.history, approximate=self.approximate
        )
        pipe.expire(key, self.ttl_s)
        event_id, _ = pipe.execute()
        return _text(event_id)

    def cursor(self, channel: str) -> str:
        newest: Any = self._sync.xrevrange(self.key(channel), count=1)
        return _text(newest[0][0]) if newest else "0-0"

    async def subscribe(self, channel: str, last_id: str | None) -> tuple[Subscriber, list[bytes]]:
        loop = asyncio.get_running_loop()
        fanout = self.fanout()
        sub = Subscriber(channel, max_queue=self.max_queue)
        reader = self._readers.get((loop, channel))
        if reader is None or reader.task.done():
            reader = self._readers[(loop, channel)] = _Reader(self, fanout, channel)
        fanout.add(sub)
        try:
            await asyncio.wait_for(reader.ready.wait(), self.ready_timeout_s)
            start = await self._start(channel, last_id, reader.start)
        except BaseException:
            self.unsubscribe(sub)
            raise
        # Events the reader delivered meanwhile are kept unless the backlog had them.
        sub.frames = [f for f in sub.frames if _frame_key(f) > start.floor]
        sub.floor = max(sub.floor, start.floor)
        return sub, start.frames

    async def _start(self, channel: str, last_id: str | None, reader_start: EventKey) -> Start:
        if last_id is None:
            return Start([], reader_start)
        key = parse_id(last_id)
        # The synchronous client, in a thread: no connection is tied to this event loop.
        entries, info = await asyncio.to_thread(self._backlog, channel, last_id if key else None)
        lost = False
        if isinstance(info, Exception):  # no such stream: nothing was published (or kept)
            newest: EventKey = (0, 0)
            entries = []
        else:
            newest = parse_id(_text(info["last-generated-id"])) or (0, 0)
            first = info.get("first-entry")
            added = info.get("entries-added")  # Redis 7; before, assume something was trimmed
            trimmed = added is None or int(added) > int(info["length"])
            # A viewer standing before the oldest kept event may have missed trimmed ones
            # (conservatively: unless it stands on the very one before, which is unknowable).
            oldest = parse_id(_text(first[0])) if first else None
            lost = bool(trimmed and oldest and key is not None and key < oldest)
        if key is None or key > newest:
            return Start([reset_frame(format_id(newest), "unknown-id")], newest)
        if lost:
            return Start([reset_frame(format_id(newest), "too-old")], newest)
        events = [_entry_event(entry) for entry in entries]
        floor = max([key, *(event.key for event in events)])
        return Start([event.frame for event in events], floor)

    def _backlog(self, channel: str, after: str | None) -> list[Any]:
        """The events after `after` and the stream's bookkeeping, read atomically."""
        pipe = self._sync.pipeline(transaction=True)
        pipe.xrange(self.key(channel), min=f"({after}" if after else "-", max="+")
        pipe.xinfo_stream(self.key(channel))
        return list(pipe.execute(raise_on_error=False))

    def unsubscribe(self, sub: Subscriber) -> None:
        loop = asyncio.get_running_loop()
        fanout = self._fanouts.get(loop)
        if fanout is not None and fanout.remove(sub):
            reader = self._readers.pop((loop, sub.channel), None)
            if reader is not None:
                reader.task.cancel()

    async def aclose(self) -> None:
        await super().aclose()
        loop = asyncio.get_running_loop()
        readers = [self._readers.pop(key) for key in list(self._readers) if key[0] is loop]
        for reader in readers:
            reader.task.cancel()
        await asyncio.gather(*(reader.task for reader in readers), return_exceptions=True)


# How much longer than an XREAD block the reader waits for Redis to answer before it
# takes the connection for lost.
READ_MARGIN_S = 10.0


class _Reader:
    """Reads one channel's stream for one event loop and hands events to its fanout.

    It owns its Redis connection and closes it when cancelled (its channel's last viewer
    left, or the loop is ending), so nothing is left open behind a finished loop.
    """

    def __init__(self, broker: RedisBroker, fanout: Fanout, channel: str) -> None:
        self.broker = broker
        self.fanout = fanout
        self.channel = channel
        self.ready = asyncio.Event()
        self.start: EventKey = (0, 0)
        self.task = fanout.loop.create_task(self._run())

    async def _run(self) -> None:
        import redis.asyncio

        # The socket must wait longer than XREAD blocks: with redis-py's default (5 s, under
        # the 15 s block) every quiet channel timed out, logged and paused a second.
        client = redis.asyncio.Redis.from_url(
            self.broker.url,
            socket_connect_timeout=2,
            socket_timeout=self.broker.block_ms / 1000 + READ_MARGIN_S,
            single_connection_client=True,
        )
        try:
            await self._read(client)
        finally:
            await client.aclose()

    async def _read(self, client: Any) -> None:
        key = self.broker.key(self.channel)
        while True:
            try:
                newest = await client.xrevrange(key, count=1)
                break
            except Exception:
                logger.exception("live: cannot reach Redis for %s; retrying", self.channel)
                await asyncio.sleep(1)
        last = _text(newest[0][0]) if newest else "0-0"
        self.start = parse_id(last) or (0, 0)
        self.ready.set()
        while True:
            try:
                response = await client.xread({key: last}, block=self.broker.block_ms, count=500)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("live: reading %s from Redis failed; retrying", self.channel)
                await asyncio.sleep(1)
                continue
            for _stream, entries in response or ():
                events = [_entry_event(entry) for entry in entries]
                if events:
                    last = events[-1].id
                    self.fanout.deliver(self.channel, events)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _entry_event(entry: tuple[bytes, dict[bytes, bytes]]) -> Event:
    raw_id, fields = entry
    event_id = _text(raw_id)
    key = parse_id(event_id) or (0, 0)
    return Event(key, frame(event_id, _text(fields[b"k"]), _text(fields[b"d"])))


def _frame_key(data: bytes) -> EventKey:
    """The id of an encoded event frame (heartbeats and resets sort first)."""
    if not data.startswith(b"id: "):
        return (0, 0)
    return parse_id(data[4 : data.index(b"\n")].decode()) or (0, 0)


@dataclass
class _Cache:
    signature: tuple[Any, ...] | None = None
    broker: BaseBroker | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_cache = _Cache()


def get_broker() -> BaseBroker:
    """The process's broker, chosen by settings (REDIS_URL) and rebuilt if they change."""
    from django.conf import settings

    url = getattr(settings, "REDIS_URL", "") or ""
    options: dict[str, Any] = {
        "history": getattr(settings, "LIVE_HISTORY", 500),
        "max_queue": getattr(settings, "LIVE_QUEUE", 256),
        "heartbeat_s": getattr(settings, "LIVE_HEARTBEAT_S", 15.0),
        "coalesce_s": getattr(settings, "LIVE_COALESCE_MS", 100) / 1000,
    }
    prefix = getattr(settings, "LIVE_REDIS_PREFIX", "convene:live:")
    signature = (url, prefix, *options.values())
    with _cache.lock:
        if _cache.broker is None or _cache.signature != signature:
            _cache.broker = (
                RedisBroker(url, prefix=prefix, **options) if url else InProcessBroker(**options)
            )
            _cache.signature = signature
        return _cache.broker
