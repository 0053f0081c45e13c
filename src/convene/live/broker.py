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
viewers through a `Fanout`, which is only ever touched from its own loop's thread.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import re
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

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


Message = dict[str, Any]
Send = Callable[[Message], Awaitable[None]]


class Subscriber:
    """One viewer: a bounded queue of encoded frames, written to its response.

    Either its stream reads the frames (`next_frames`), or, once `attach(send)` hands it the
    response's ASGI `send`, frames are written as they are flushed, straight from the
    fanout: no task wakes per viewer (see `_write`). Only its own loop's thread touches it.
    If it falls `max_queue` frames behind (a slow or stuck client), its queue is replaced by
    a single `reset` and it is closed, so a slow consumer never makes memory grow.
    """

    __slots__ = (
        "busy", "channel", "closed", "cycle", "ended", "floor", "frames", "max_queue",
        "overflowed", "send", "waiter",
    )  # fmt: skip

    def __init__(self, channel: str, *, max_queue: int) -> None:
        self.channel = channel
        self.max_queue = max_queue
        self.frames: list[bytes] = []
        self.floor: EventKey = (0, 0)  # the newest event this viewer has been given
        self.waiter: asyncio.Future[None] | None = None
        self.closed = False
        self.overflowed = False
        self.send: Send | None = None
        self.busy = False  # a write is waiting for the client to read (flow control)
        self.ended = False  # the response's last message is sent
        self.cycle: Any = None  # uvicorn's response, when frames can go to its socket

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

    def attach(self, send: Send) -> None:
        """From now on frames go straight to `send` (the response has started)."""
        self.send = send
        self.cycle = _chunked_response(send)
        self._wake()

    def detach(self) -> None:
        """The client has gone: write nothing more."""
        self.send = None
        self.ended = True
        self.closed = True

    def _wake(self, joined: dict[object, bytes] | None = None) -> None:
        if self.send is not None:
            self._write_out(joined)
        elif self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def _write_out(self, joined: dict[object, bytes] | None = None) -> None:
        """Writes the queued frames, and the end of the response once closed."""
        if self.busy or self.ended or self.send is None:
            return
        body = b""
        if self.frames:
            frames, self.frames = self.frames, []
            if joined is None:
                body = b"".join(frames)
            else:  # viewers of one channel mostly hold the same frames: join them once
                shape = tuple(map(id, frames))
                body = joined.get(shape) or joined.setdefault(shape, b"".join(frames))
            cycle = self.cycle
            if (
                cycle is not None
                and not self.closed
                and not cycle.disconnected
                and not cycle.flow.write_paused
            ):
                # The same chunk bytes for every viewer: HTTP/1.1 chunked framing, once.
                chunk = joined.get(body) if joined is not None else None
                if chunk is None:
                    chunk = b"%x\r\n%b\r\n" % (len(body), body)
                    if joined is not None:
                        joined[body] = chunk
                cycle.transport.write(chunk)
                return
        if self.closed:
            self.ended = True
            self._write({"type": "http.response.body", "body": body, "more_body": False})
        elif body:
            self._write({"type": "http.response.body", "body": body, "more_body": True})

    def _write(self, message: Message) -> None:
        """Runs `send(message)` without a task while it does not wait: an ASGI server's
        send returns at once while the socket takes the bytes, so writing to 5,000 viewers
        costs 5,000 calls, not 5,000 task switches. Only when it waits (a client that does
        not read: flow control) does a task carry it on; frames queue meanwhile."""
        assert self.send is not None
        step = self.send(message).__await__()
        try:
            waiting_for = step.send(None)
        except StopIteration:
            return
        except Exception:  # the connection is gone: write nothing more
            self.detach()
            return
        self.busy = True
        task = asyncio.ensure_future(_carry_on(step, waiting_for))
        task.add_done_callback(self._written)

    def _written(self, task: asyncio.Future[None]) -> None:
        self.busy = False
        if task.cancelled() or task.exception() is not None:
            self.detach()
        else:
            self._write_out()

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


def _chunked_response(send: Send) -> Any:
    """uvicorn's response object behind `send` when its body goes out in HTTP/1.1 chunks:
    then a flush writes the chunk, encoded once for all viewers, to the socket itself
    (what that send would do, minus the per-call work). Anything else: None, and frames go
    through `send`. The end of the response always goes through `send`."""
    cycle = getattr(send, "__self__", None)
    needed = ("transport", "flow", "disconnected", "chunked_encoding", "response_complete")
    if cycle is None or not all(hasattr(cycle, name) for name in needed):
        return None
    if cycle.chunked_encoding is not True or cycle.response_complete:
        return None
    if not hasattr(cycle.flow, "write_paused"):
        return None
    return cycle


async def _carry_on(step: Any, waiting_for: Any) -> None:
    """Drives a send that had to wait, as the event loop's task would have."""
    while True:
        try:
            if waiting_for is None:
                await asyncio.sleep(0)
            else:
                # What a task does with a yielded future before waiting on it.
                waiting_for._asyncio_future_blocking = False
                await waiting_for
        except BaseException as exc:  # handed to the send it belongs to
            try:
                waiting_for = step.throw(exc)
            except StopIteration:
                return
            continue
        try:
            waiting_for = step.send(None)
        except StopIteration:
            return


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

    def deliver_batch(self, batch: dict[str, list[Event]]) -> None:
        for channel, events in batch.items():
            self.deliver(channel, events)

    def _flush(self) -> None:
        self._flush_handle = None
        self._last_flush = self.loop.time()
        dirty, self._dirty = self._dirty, set()
        joined: dict[object, bytes] = {}
        for channel in dirty:
            for sub in self.channels.get(channel, ()):
                if sub.frames:
                    sub._wake(joined)

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
