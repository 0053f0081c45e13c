"""The Redis broker (`REDIS_URL` set): one Redis Stream per channel holds the history and
numbers the events; each process runs one reader task per channel that fans out to its
own viewers (see broker.py for the shape both brokers share).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from convene.live.broker import (
    BaseBroker,
    Event,
    EventKey,
    Fanout,
    Start,
    Subscriber,
    encode_data,
    format_id,
    frame,
    merge_start,
    parse_id,
    reset_frame,
)

logger = logging.getLogger(__name__)


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
        merge_start(sub, start)
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
