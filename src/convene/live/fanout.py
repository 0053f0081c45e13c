"""How events reach the viewers of one event loop: encoded frames, viewers, the fanout.

An event is encoded once (`frame`) and, at each flush, the frames that came for a channel
are joined and framed as one HTTP/1.1 chunk once, and that same `bytes` object is written
to every viewer of the channel: the per-viewer work is one loop step and one
`transport.write`.

Under uvicorn (httptools) a viewer's connection is taken over once its response has
started (`Subscriber.attach`): the viewer becomes the transport's protocol, the request's
ASGI task ends, and the fanout writes to the socket itself. No task, coroutine, request
scope or HTTP parser stays alive per viewer, only the transport and this object. Elsewhere
(another ASGI server, the tests) frames go through the response's ASGI `send`, or are read
with `next_frames`. Everything here is touched from its own loop's thread only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

EventKey = tuple[int, int]
SLICE = 500  # viewers written to between two turns of the event loop
# After a flush the fanout waits at least this many times as long as writing it took (at
# most WINDOW_MAX times `coalesce_s`): see Fanout.
WINDOW_PER_FLUSH = 2
WINDOW_MAX = 2
HEARTBEAT = b": keepalive\n\n"
END = b"0\r\n\r\n"  # the last chunk of a chunked HTTP/1.1 response


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


def chunk(body: bytes) -> bytes:
    """`body` as one chunk of a chunked HTTP/1.1 response."""
    return b"%x\r\n%b\r\n" % (len(body), body)


HEARTBEAT_CHUNK = chunk(HEARTBEAT)


@dataclass(frozen=True, slots=True)
class Event:
    key: EventKey
    frame: bytes

    @property
    def id(self) -> str:
        return format_id(self.key)


Message = dict[str, Any]
Send = Callable[[Message], Awaitable[None]]


class Subscriber(asyncio.Protocol):
    """One viewer: the newest event it was given, and the frames waiting for it.

    Three ways out: `attach(send)` under uvicorn takes the connection over (the viewer is
    then its transport's protocol: `fast` while the socket takes bytes, and the fanout
    writes the shared chunk itself); elsewhere `attach(send)` writes through the ASGI
    `send`, without a task while a send does not wait (`_write`); unattached, the stream
    reads frames with `next_frames`. If it falls `max_queue` frames behind (a slow or stuck
    client), its queue is replaced by a single `reset` and it is closed, so a slow
    consumer never makes memory grow.
    """

    __slots__ = (
        "broker", "busy", "channel", "closed", "connections", "ended", "fast", "floor",
        "frames", "max_queue", "overflowed", "paused", "send", "transport", "waiter",
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
        self.busy = False  # an ASGI send is waiting for the client to read (flow control)
        self.ended = False  # the response's last bytes are written
        self.transport: asyncio.Transport | None = None  # the connection, once taken over
        self.paused = False  # its transport's buffer is full (the client reads slowly)
        self.fast = False  # taken over, not paused, not closed: the fanout writes directly
        self.broker: Any = None  # told when the client leaves (`unsubscribe`)
        self.connections: set[Any] | None = None  # the server's open connections

    # --- what the fanout hands over --------------------------------------------------------

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

    def take(self, events: list[Event], joined: dict[object, bytes]) -> None:
        """A flush's events for a viewer that is not `fast` or stands within them."""
        for event in events:
            self.push(event, wake=False)
        if self.frames:
            self._wake(joined)

    def push_raw(self, data: bytes) -> None:
        if self.fast:
            self.transport.write(HEARTBEAT_CHUNK if data is HEARTBEAT else chunk(data))  # type: ignore[union-attr]
        elif not self.closed and len(self.frames) < self.max_queue:
            self.frames.append(data)
            self._wake()

    def close(self) -> None:
        self.closed = True
        self.fast = False
        self._wake()

    # --- where the frames go ---------------------------------------------------------------

    def attach(self, send: Send, broker: Any = None) -> bool:
        """From now on frames go to the response that `send` started. True when the
        connection was taken over (the stream's task may end: `broker.unsubscribe` is
        called when the client leaves); False when they go through `send`."""
        if _take_over(self, send):
            self.broker = broker
            self.fast = not self.paused and not self.closed
            self._write_out()
            return True
        self.send = send
        self._wake()
        return False

    def detach(self) -> None:
        """The client has gone: write nothing more."""
        self.send = None
        self.ended = True
        self.closed = True
        self.fast = False

    def _wake(self, joined: dict[object, bytes] | None = None) -> None:
        if self.transport is not None or self.send is not None:
            self._write_out(joined)
        elif self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def _body(self, joined: dict[object, bytes] | None) -> bytes:
        frames, self.frames = self.frames, []
        if not frames:
            return b""
        if joined is None:
            return b"".join(frames)
        # Viewers of one channel mostly hold the same frames: join them once.
        shape = tuple(map(id, frames))
        return joined.get(shape) or joined.setdefault(shape, b"".join(frames))

    def _write_out(self, joined: dict[object, bytes] | None = None) -> None:
        """Writes the queued frames, and the end of the response once closed."""
        if self.ended:
            return
        transport = self.transport
        if transport is not None:
            if self.paused and not self.closed:
                return  # resume_writing comes back here
            body = self._body(joined)
            data = chunk(body) if body else b""
            try:
                if self.closed:
                    self.ended = True
                    transport.write(data + END)
                    transport.close()  # once the client has read what is buffered
                    self._forget()  # the fanout has nothing more for it
                elif data:
                    transport.write(data)
            except RuntimeError:  # the transport is closing: the client has gone
                self.detach()
            return
        if self.busy or self.send is None:
            return
        body = self._body(joined)
        if self.closed:
            self.ended = True
            self._write({"type": "http.response.body", "body": body, "more_body": False})
        elif body:
            self._write({"type": "http.response.body", "body": body, "more_body": True})

    def _write(self, message: Message) -> None:
        """Runs `send(message)` without a task while it does not wait: an ASGI server's
        send returns at once while the socket takes the bytes. Only when it waits (a client
        that does not read: flow control) does a task carry it on; frames queue meanwhile."""
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

    # --- asyncio.Protocol, once the connection is taken over -------------------------------

    def data_received(self, data: bytes) -> None:
        """An EventSource sends nothing more; whatever comes is ignored."""

    def eof_received(self) -> None:
        """The client closed its side: the transport closes (connection_lost follows)."""

    def pause_writing(self) -> None:
        self.paused = True
        self.fast = False

    def resume_writing(self) -> None:
        self.paused = False
        self.fast = not self.closed and self.transport is not None
        if self.frames or self.closed:
            self._write_out()

    def connection_lost(self, exc: Exception | None) -> None:
        self.detach()
        self.transport = None
        if self.connections is not None:
            self.connections.discard(self)
            self.connections = None
        self._forget()

    def _forget(self) -> None:
        broker, self.broker = self.broker, None
        if broker is not None:
            broker.unsubscribe(self)

    def shutdown(self) -> None:
        """The server is stopping (uvicorn asks each open connection): end the stream."""
        self.close()


def _take_over(sub: Subscriber, send: Send) -> bool:
    """Makes `sub` the protocol of the connection behind uvicorn's `send`, when that is
    uvicorn's httptools response with a chunked body under way and nothing queued behind
    it; the server then sees the response as complete and lets its task end. Anything
    else: False, and nothing is changed."""
    cycle: Any = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    flow: Any = getattr(cycle, "flow", None)
    if (
        transport is None
        or getattr(cycle, "chunked_encoding", None) is not True
        or getattr(cycle, "response_complete", True)
        or getattr(cycle, "disconnected", True)
        or not hasattr(flow, "write_paused")
        or not hasattr(transport, "set_protocol")
        or transport.is_closing()
    ):
        return False
    server = transport.get_protocol()
    connections = getattr(server, "connections", None)
    if (
        getattr(server, "cycle", None) is not cycle
        or getattr(server, "pipeline", True)  # a request queued behind this one
        or not isinstance(connections, set)
    ):
        return False
    cycle.response_complete = True  # the rest of the response is written by the fanout
    server.parser = None  # as uvicorn does when a connection ends (it referenced `server`)
    connections.discard(server)
    connections.add(sub)  # uvicorn's graceful shutdown calls `sub.shutdown()`
    sub.connections = connections
    sub.paused = bool(flow.write_paused)
    sub.transport = transport
    transport.set_protocol(sub)
    if flow.read_paused:
        with contextlib.suppress(RuntimeError):
            transport.resume_reading()  # to notice the client leaving
    return True


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

    Events are kept per channel until the next flush; a flush joins them and frames the
    chunk once, then writes those bytes to every viewer of the channel. Flushes come at
    most once per `coalesce_s` (the first event after a quiet spell goes out at once):
    under a burst of votes each viewer's socket gets one write carrying several events
    instead of one write per event (a system call each, what costs most at thousands of
    viewers). The wait grows with the load: it is at least WINDOW_PER_FLUSH times as long
    as the last flush took to write (its wall time: the more viewers, and the busier the
    cores, the longer), up to WINDOW_MAX times `coalesce_s`; so writing takes at most a
    third of the loop's time and the socket writes of a big audience (most of its CPU, in
    the kernel) come less often, while a small audience keeps `coalesce_s`. A flush is
    written SLICE viewers at a time, the loop serving pages, publishes and new viewers in
    between.
    """

    def __init__(
        self, loop: asyncio.AbstractEventLoop, *, heartbeat_s: float, coalesce_s: float = 0
    ) -> None:
        self.loop = loop
        self.heartbeat_s = heartbeat_s
        self.coalesce_s = coalesce_s
        self.channels: dict[str, set[Subscriber]] = {}
        self._heartbeat: asyncio.Task[None] | None = None
        self._pending: dict[str, list[Event]] = {}
        self._sent_at: dict[str, float] = {}  # when each channel was last written to
        self._flush_handle: asyncio.TimerHandle | None = None
        self._writing = False  # a flush is being written, SLICE viewers at a time
        self._last_flush = -1e9
        self._window = coalesce_s  # the current wait between two flushes (see the class)

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
        self._pending.pop(sub.channel, None)
        self._sent_at.pop(sub.channel, None)
        if not self.channels and self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None
        return True

    def deliver(self, channel: str, events: Iterable[Event]) -> None:
        if channel not in self.channels:
            return
        self._pending.setdefault(channel, []).extend(events)
        self._schedule()

    def deliver_batch(self, batch: dict[str, list[Event]]) -> None:
        for channel, events in batch.items():
            self.deliver(channel, events)

    def _schedule(self) -> None:
        if self._flush_handle is not None or self._writing or not self._pending:
            return
        due = self._last_flush + self._window
        if self._window <= 0 or self.loop.time() >= due:
            self._flush()
        else:
            self._flush_handle = self.loop.call_at(due, self._flush)

    def _flush(self) -> None:
        self._flush_handle = None
        self._last_flush = now = self.loop.time()
        pending, self._pending = self._pending, {}
        work = []
        for channel, events in pending.items():
            subs = self.channels.get(channel)
            if subs and events:
                self._sent_at[channel] = now
                # A viewer may leave meanwhile; the set may not change while it is walked.
                work.append((list(subs), events, chunk(b"".join([e.frame for e in events]))))
        self._writing = True
        self._write(work, 0, 0, {})

    def _write(
        self, work: list[tuple[list[Subscriber], list[Event], bytes]], index: int, start: int,
        joined: dict[object, bytes],
    ) -> None:  # fmt: skip
        """Writes a flush's chunks to SLICE viewers, then lets the loop serve the rest
        (pages, publishes, new viewers) and comes back for the next SLICE. The next flush
        starts once this one is written, so a viewer gets its chunks in order."""
        budget = SLICE
        while index < len(work):
            subs, events, data = work[index]
            first, last = events[0].key, events[-1].key
            end = min(len(subs), start + budget)
            for sub in subs[start:end]:
                if sub.fast and sub.floor < first:
                    # The common case, kept to the fewest steps: the same bytes for all.
                    try:
                        sub.transport.write(data)  # type: ignore[union-attr]
                    except RuntimeError:  # closing: connection_lost is on its way
                        sub.detach()
                        continue
                    sub.floor = last
                else:
                    sub.take(events, joined)
            budget -= end - start
            if end < len(subs) or (budget <= 0 and index + 1 < len(work)):
                index, start = (index, end) if end < len(subs) else (index + 1, 0)
                self.loop.call_soon(self._write, work, index, start, joined)
                return
            index, start = index + 1, 0
        self._writing = False
        if self.coalesce_s > 0:
            took = self.loop.time() - self._last_flush
            self._window = min(
                WINDOW_MAX * self.coalesce_s, max(self.coalesce_s, WINDOW_PER_FLUSH * took)
            )
        self._schedule()

    def close_all(self) -> None:
        for subs in list(self.channels.values()):
            for sub in list(subs):
                sub.close()

    def viewers(self) -> int:
        return sum(len(subs) for subs in self.channels.values())

    async def _beat(self) -> None:
        """Every `heartbeat_s`, a comment to the viewers of channels written to less
        recently (a channel with events needs none)."""
        while True:
            await asyncio.sleep(self.heartbeat_s)
            quiet_since = self.loop.time() - self.heartbeat_s
            for channel, subs in list(self.channels.items()):
                if self._sent_at.get(channel, -1e9) > quiet_since:
                    continue
                for sub in list(subs):
                    sub.push_raw(HEARTBEAT)
