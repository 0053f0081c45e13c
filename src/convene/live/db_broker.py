"""The database broker (the default: no Redis needed, one server process per core).

The event log is a table (models.LiveEvent) in the site's own database. A publish, from
any process (a page, the API, `convene worker`, a management command), inserts one row;
the table's id numbers the event. Publishes are serialised (SQLite has one writer; on
PostgreSQL a transaction-scoped advisory lock is taken before the insert), so ids grow in
commit order and a reader that has seen id N has seen every event up to N.

Each server process runs ONE tailer thread that reads the new rows (`id > last`) and hands
them to its event loop's fanout: 5,000 viewers of a board cost one query per wake-up, not
one per viewer. It wakes on PostgreSQL's LISTEN/NOTIFY (the publish notifies on commit), or
on SQLite every settings.LIVE_POLL_MS (an indexed `id > last` read; a publish inside this
process wakes it at once).

History and resume: `LiveChannel` keeps each channel's newest id (the cursor), the number
of its events kept, and the newest trimmed id. A channel keeps at least `history` events
(trimmed back to `history` when it reaches a quarter more); a viewer resuming from before
the newest trimmed id gets `reset: too-old`, one from an id the log never issued gets
`reset: unknown-id`. Ids are `0-<row id>`, so an id of another broker never matches.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections import defaultdict
from typing import Any

from convene.live.broker import (
    BaseBroker,
    Event,
    EventKey,
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

NOTIFY_CHANNEL = "convene_live"
LOCK_KEY = 0x6C697665  # "live": pg_advisory_xact_lock key serialising publishes
BATCH = 1000


def _key(row_id: int) -> EventKey:
    return (0, row_id)


class DatabaseBroker(BaseBroker):
    """History and ids in the database; one tailer thread per process fans out."""

    def __init__(self, *, poll_s: float = 0.05, using: str = "default", **options: Any) -> None:
        super().__init__(**options)
        history = self.history
        self.poll_s = poll_s
        self.using = using
        self.slack = max(1, history // 4)
        self._tailer: _Tailer | None = None
        self._tailer_lock = threading.Lock()

    def _connection(self) -> Any:
        from django.db import connections

        return connections[self.using]

    def _is_postgresql(self) -> bool:
        return bool(self._connection().vendor == "postgresql")

    # --- publishing (synchronous: WSGI threads, the worker, commands) ---------------------

    def publish(self, channel: str, kind: str, data: dict[str, Any]) -> str:
        from django.db import transaction

        data_json = encode_data(kind, data)
        connection = self._connection()
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            cursor.execute(
                "INSERT INTO live_event (channel, kind, data) VALUES (%s, %s, %s) RETURNING id",
                [channel, kind, data_json],
            )
            row_id = int(cursor.fetchone()[0])
            cursor.execute(
                "INSERT INTO live_channel (name, newest, kept, dropped_upto) "
                "VALUES (%s, %s, 1, 0) ON CONFLICT (name) DO UPDATE "
                "SET newest = excluded.newest, kept = live_channel.kept + 1 RETURNING kept",
                [channel, row_id],
            )
            if int(cursor.fetchone()[0]) > self.history + self.slack:
                self._trim(cursor, channel)
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_notify(%s, '')", [NOTIFY_CHANNEL])
        tailer = self._tailer
        if tailer is not None:  # this process's viewers need not wait for the next poll
            transaction.on_commit(tailer.wake.set, using=self.using)
        return format_id(_key(row_id))

    def _trim(self, cursor: Any, channel: str) -> None:
        cursor.execute(
            "SELECT id FROM live_event WHERE channel = %s ORDER BY id DESC LIMIT 1 OFFSET %s",
            [channel, self.history],
        )
        cut = cursor.fetchone()
        if cut is None:
            return
        cursor.execute("DELETE FROM live_event WHERE channel = %s AND id <= %s", [channel, cut[0]])
        cursor.execute(
            "UPDATE live_channel SET kept = %s, dropped_upto = %s WHERE name = %s",
            [self.history, cut[0], channel],
        )

    def cursor(self, channel: str) -> str:
        with self._connection().cursor() as cursor:
            cursor.execute("SELECT newest FROM live_channel WHERE name = %s", [channel])
            row = cursor.fetchone()
        return format_id(_key(int(row[0]) if row else 0))

    # --- subscribing (on the event loop) ---------------------------------------------------

    async def subscribe(self, channel: str, last_id: str | None) -> tuple[Subscriber, list[bytes]]:
        tailer = await self._running_tailer()
        fanout = self.fanout()
        sub = Subscriber(channel, max_queue=self.max_queue)
        if last_id is None:
            # Every event up to `tailer.last` has been handed to the loop already (it may
            # still be queued there: the floor makes the viewer skip it).
            sub.floor = _key(tailer.last)
            fanout.add(sub)
            return sub, []
        fanout.add(sub)
        try:
            start = await asyncio.to_thread(self._start, channel, last_id)
        except BaseException:
            self.unsubscribe(sub)
            raise
        merge_start(sub, start)
        return sub, start.frames

    def _start(self, channel: str, last_id: str) -> Start:
        """In a thread: what a viewer resuming after `last_id` must be sent first."""
        from django.db import close_old_connections

        close_old_connections()
        with self._connection().cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM live_event")
            newest_anywhere = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT newest, dropped_upto FROM live_channel WHERE name = %s", [channel]
            )
            row = cursor.fetchone()
            newest, dropped_upto = (int(row[0]), int(row[1])) if row else (0, 0)
            key = parse_id(last_id)
            if key is None or key[0] != 0 or key[1] > newest_anywhere:
                return Start([reset_frame(format_id(_key(newest)), "unknown-id")], _key(newest))
            if key[1] < dropped_upto:
                return Start([reset_frame(format_id(_key(newest)), "too-old")], _key(newest))
            cursor.execute(
                "SELECT id, kind, data FROM live_event WHERE channel = %s AND id > %s ORDER BY id",
                [channel, key[1]],
            )
            frames = []
            floor = key
            for row_id, kind, data in cursor.fetchall():
                floor = _key(int(row_id))
                frames.append(frame(format_id(floor), kind, data))
        return Start(frames, floor)

    async def _running_tailer(self) -> _Tailer:
        with self._tailer_lock:
            if self._tailer is None or not self._tailer.thread.is_alive():
                self._tailer = _Tailer(self)
            tailer = self._tailer
        if not tailer.ready.is_set():
            await asyncio.to_thread(tailer.ready.wait, 10)
            if not tailer.ready.is_set():
                raise TimeoutError("live: the event log tailer did not start")
        return tailer

    def hand_over(self, batch: dict[str, list[Event]]) -> None:
        """From the tailer thread: give each loop's fanout the new events."""
        for fanout in list(self._fanouts.values()):
            with contextlib.suppress(RuntimeError):  # that loop has closed
                fanout.loop.call_soon_threadsafe(fanout.deliver_batch, batch)

    def stop(self) -> None:
        with self._tailer_lock:
            tailer, self._tailer = self._tailer, None
        if tailer is not None:
            tailer.stopping.set()
            tailer.wake.set()


class _Tailer:
    """The process's reader of the event log, in a thread of its own (it blocks)."""

    def __init__(self, broker: DatabaseBroker) -> None:
        self.broker = broker
        self.last = 0
        self.ready = threading.Event()
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="convene-live-tailer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from django.db import connections

        connection = connections[self.broker.using]
        listening = False
        try:
            while not self.stopping.is_set():
                try:
                    if not listening and connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute(f"LISTEN {NOTIFY_CHANNEL}")
                        listening = True
                    if not self.ready.is_set():
                        with connection.cursor() as cursor:
                            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM live_event")
                            self.last = int(cursor.fetchone()[0])
                        self.ready.set()
                    self.wake.clear()  # before reading: a publish from now on wakes it
                    if self._read(connection) < BATCH:
                        self._wait(connection, listening)
                except Exception:
                    logger.exception("live: reading the event log failed; retrying")
                    listening = False
                    with contextlib.suppress(Exception):
                        connection.close()
                    self.stopping.wait(1)
        finally:
            connection.close()

    def _read(self, connection: Any) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, channel, kind, data FROM live_event WHERE id > %s ORDER BY id LIMIT %s",
                [self.last, BATCH],
            )
            rows = cursor.fetchall()
        if not rows:
            return 0
        batch: dict[str, list[Event]] = defaultdict(list)
        for row_id, channel, kind, data in rows:
            key = _key(int(row_id))
            batch[channel].append(Event(key, frame(format_id(key), kind, data)))
        # Move on first: a viewer subscribing now stands at `last`, and these events are
        # already on their way to its loop.
        self.last = int(rows[-1][0])
        self.broker.hand_over(dict(batch))
        return len(rows)

    def _wait(self, connection: Any, listening: bool) -> None:
        if listening:
            # Notifications arrive on commit; the timeout is a safety net (a lost one).
            for _ in connection.connection.notifies(timeout=5.0, stop_after=1):
                pass
            return
        self.wake.wait(self.broker.poll_s)
