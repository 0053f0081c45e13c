"""Under uvicorn the stream takes its connection over once the response has started: no
task waits per viewer, and the fanout writes to the socket itself. What a viewer sees
must not change: every event in well-formed chunks, a reset and the end when it lags,
the end of the response when the server stops; and a viewer that leaves is forgotten."""

import asyncio
import socket
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
import uvicorn
import uvloop

from convene import live
from convene.live import fanout
from convene.live.asgi import stream
from convene.live.broker import Subscriber, get_broker
from tests.live.conftest import new_board, parse_events

T = TypeVar("T")
HOST = "127.0.0.1"
LOOPS: dict[str, Callable[[], asyncio.AbstractEventLoop] | None] = {
    "asyncio": None,
    "uvloop": uvloop.new_event_loop,
}


def run_on(loop: str, scenario: Callable[[uvicorn.Server, int], Coroutine[Any, Any, T]]) -> T:
    """Runs `scenario(server, port)` next to a uvicorn server (httptools) on `loop`."""

    async def with_server() -> T:
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
        config = uvicorn.Config(
            stream, host=HOST, port=port, http="httptools", lifespan="off", log_level="warning"
        )
        server = uvicorn.Server(config)
        serving = asyncio.ensure_future(server.serve())
        try:
            async with asyncio.timeout(10):
                while not server.started:
                    await asyncio.sleep(0.01)
            return await scenario(server, port)
        finally:
            server.should_exit = True
            await asyncio.wait_for(serving, 10)
            await get_broker().aclose()

    def in_thread() -> T:
        with asyncio.Runner(loop_factory=LOOPS[loop]) as runner:
            return runner.run(with_server())

    with ThreadPoolExecutor(1) as pool:  # the browser tests keep a loop in the main thread
        return pool.submit(in_thread).result()


class Client:
    """An EventSource on a raw socket, reading the HTTP/1.1 response as it comes."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.raw = b""

    @classmethod
    async def open(cls, port: int, channel: str, *, rcvbuf: int = 0) -> "Client":
        sock = socket.socket()
        if rcvbuf:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.setblocking(False)  # noqa: FBT003  (the socket API)
        await asyncio.get_running_loop().sock_connect(sock, (HOST, port))
        reader, writer = await asyncio.open_connection(sock=sock)
        client = cls(reader, writer)
        writer.write(f"GET /live/{channel} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        await client.read_until(b": connected")
        return client

    async def read_until(self, needle: bytes, timeout: float = 10) -> bytes:
        async with asyncio.timeout(timeout):
            while needle not in self.raw:
                data = await self.reader.read(65536)
                assert data, f"closed before {needle!r}: {self.raw[-300:]!r}"
                self.raw += data
        return self.raw

    async def read_to_the_end(self, timeout: float = 10) -> bytes:
        async with asyncio.timeout(timeout):
            while data := await self.reader.read(65536):
                self.raw += data
        return self.raw

    def chunks(self) -> list[bytes]:
        """The body's chunks; asserts the framing is well formed."""
        body = self.raw.split(b"\r\n\r\n", 1)[1]
        found = []
        while body:
            size, _, rest = body.partition(b"\r\n")
            length = int(size, 16)
            assert rest[length : length + 2] == b"\r\n", body[:200]
            found.append(rest[:length])
            body = rest[length + 2 :]
        return found

    def events(self) -> list[dict[str, str]]:
        return parse_events(b"".join(self.chunks()).decode())

    def close(self) -> None:
        self.writer.close()


async def until(condition: Callable[[], bool], timeout: float = 5) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


@pytest.mark.parametrize("loop", LOOPS)
def test_viewers_hold_no_task_and_get_every_event_in_well_formed_chunks(loop):
    board = new_board()

    async def scenario(server: uvicorn.Server, port: int) -> tuple[list[str], list[Any]]:
        clients = [await Client.open(port, board) for _ in range(3)]
        await until(lambda: not server.server_state.tasks)  # each stream's task has ended
        held = list(server.server_state.connections)
        ids = []
        for n in range(5):
            ids.append(live.publish(board, "vote.changed", {"n": n}))
            await asyncio.sleep(0.01 * (n % 2))
        for client in clients:
            await client.read_until(f"id: {ids[-1]}\n".encode())
            await client.read_until(b"\n\n\r\n")
            client.close()
        return ids, [[e["id"] for e in client.events()] for client in clients] + [held]

    ids, (*got, held) = run_on(loop, scenario)

    assert got == [ids, ids, ids]
    assert len(held) == 3
    assert all(isinstance(connection, Subscriber) for connection in held)


@pytest.mark.parametrize("loop", LOOPS)
def test_a_viewer_that_leaves_is_forgotten(loop):
    board = new_board()

    async def scenario(server: uvicorn.Server, port: int) -> list[int]:
        staying, leaving = await Client.open(port, board), await Client.open(port, board)
        counts = [get_broker().viewers()]
        leaving.close()
        await until(lambda: get_broker().viewers() == 1)
        event_id = live.publish(board, "vote.changed", {"n": 1})
        await staying.read_until(f"id: {event_id}\n".encode())
        counts.append(len(server.server_state.connections))
        staying.close()
        await until(lambda: get_broker().viewers() == 0 and not server.server_state.connections)
        return counts

    assert run_on(loop, scenario) == [2, 1]


@pytest.mark.parametrize("loop", LOOPS)
def test_a_viewer_that_stops_reading_gets_a_reset_and_the_end(loop, settings):
    settings.LIVE_QUEUE = 3
    settings.LIVE_COALESCE_MS = 0  # one write per event: the socket fills up event by event
    board = new_board()
    payload = "x" * 60_000

    async def scenario(server: uvicorn.Server, port: int) -> tuple[list[str], Client]:
        stuck = await Client.open(port, board, rcvbuf=4096)  # then reads nothing for a while
        ids = []
        for n in range(200):
            ids.append(live.publish(board, "vote.changed", {"n": n, "pad": payload}))
            await asyncio.sleep(0)
            if not get_broker().viewers():  # it fell behind and was let go
                break
        await stuck.read_to_the_end()
        stuck.close()
        await until(lambda: not server.server_state.connections)
        return ids, stuck

    ids, stuck = run_on(loop, scenario)

    events = stuck.events()
    assert stuck.raw.endswith(b"\r\n0\r\n\r\n")
    assert (events[-1]["event"], events[-1]["data"]) == ("reset", '{"reason": "overflow"}')
    got = [event["id"] for event in events[:-1]]
    assert got == ids[: len(got)]  # in order, none skipped before the reset
    assert events[-1]["id"] in ids[len(got) :]


@pytest.mark.parametrize("loop", LOOPS)
def test_a_stopping_server_ends_every_stream(loop):
    board = new_board()

    async def scenario(server: uvicorn.Server, port: int) -> list[bytes]:
        clients = [await Client.open(port, board) for _ in range(2)]
        event_id = live.publish(board, "vote.changed", {"n": 1})
        for client in clients:
            await client.read_until(f"id: {event_id}\n".encode())
        server.should_exit = True  # uvicorn asks each open connection to shut down
        ends = [await client.read_to_the_end() for client in clients]
        for client in clients:
            client.close()
        return ends

    ends = run_on(loop, scenario)

    assert [raw[-7:] for raw in ends] == [b"\r\n0\r\n\r\n"] * 2


@pytest.mark.parametrize("loop", LOOPS)
def test_flushes_written_a_slice_at_a_time_reach_every_viewer_in_order(loop, settings, monkeypatch):
    monkeypatch.setattr(fanout, "SLICE", 2)  # 5 viewers: each flush takes three turns
    settings.LIVE_COALESCE_MS = 0  # a flush per event, while the last is still written
    board = new_board()

    async def scenario(server: uvicorn.Server, port: int) -> tuple[list[str], list[list[str]]]:
        clients = [await Client.open(port, board) for _ in range(5)]
        ids = []
        for n in range(20):
            ids.append(live.publish(board, "vote.changed", {"n": n}))
            if n % 3 == 0:
                await asyncio.sleep(0)
        for client in clients:
            await client.read_until(f"id: {ids[-1]}\n".encode())
            await client.read_until(b"\n\n\r\n")
            client.close()
        return ids, [[e["id"] for e in client.events()] for client in clients]

    ids, got = run_on(loop, scenario)

    assert got == [ids] * 5
