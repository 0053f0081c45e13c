"""The live stream under load: N viewers of one board while votes and questions arrive.

`run()` starts the server process(es) itself (uvicorn with `convene.asgi`, on 127.0.0.1
only), opens `viewers` concurrent server-sent-event connections from one client (raw
sockets read by one thread with epoll, counting frames: the viewers are simulated on the
same cores as the server, so the client must cost far less than what it measures), then
publishes
20 votes/s and 2 questions/s for `seconds` through the loopback-only benchmark endpoint
(POST /live/_bench/publish, switched on by CONVENE_LIVE_BENCH in the server's environment;
it publishes from a WSGI thread, like a page does). Every payload carries the instant it
was sent; every viewer counts the events it gets, and one in SAMPLE also reads when each
arrived (the client must stay lighter than the server it measures). With two processes,
viewers are spread over both servers and publishes alternate between them (the database
broker carries them across, or Redis with redis_url).

Meanwhile PAGE_PATH (`/events/`) is read BENCH_LIVE_PAGES times a second (2; 0 for none)
from the same servers, so that neither the live figures nor the pages' hide the other.

`run()` returns live.viewers, live.update_p50 / _p99 (ms), live.missed (deliveries that
never arrived), live.kb_per_viewer (server RSS growth while viewers connect, per viewer)
and live.page_p50 / _p99 (ms, the pages read meanwhile). `held()` raises the viewer
count step by step on the same servers and returns the largest count held within the
target (update p99 <= 250 ms, none missed) as live.viewers_held, with that step's figures.
Run alone: `python bench/live_bench.py [viewers] [seconds] [processes] [redis_url]`.
"""

from __future__ import annotations

import json
import os
import re
import resource
import secrets
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
VOTES_PER_S = 20
QUESTIONS_PER_S = 2
# Pages read meanwhile (BENCH_LIVE_PAGES a second, 0 for none), so that the live figures
# are taken while pages are served by the same processes, and the pages' own times too.
PAGES_PER_S = float(os.environ.get("BENCH_LIVE_PAGES", "2"))
PAGE_PATH = os.environ.get("BENCH_LIVE_PAGE_PATH", "/events/")
DATA_RE = re.compile(rb'data: \{"n": (\d+), "t": ([0-9.]+)\}')
GRACE_S = 5.0
SAMPLE = 10  # one viewer in SAMPLE records latencies
PAUSE_S = 0.003  # the client's wait after each round of reads (see Audience)
SWEEP_S = 0.5  # how often the viewers that only count their events are read (see Audience)
BUFFER = bytearray(262144)  # what one read takes in (the client reads from one thread)
VIEW = memoryview(BUFFER)
TARGET_P99_MS = 250.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _cpu_s(pid: int) -> tuple[float, float]:
    """The process's CPU time so far (s): in user space, in the kernel."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def _raise_fd_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(needed, soft)), hard))


def _start_servers(
    processes: int, redis_url: str | None, var_dir: str, database_url: str | None = None
) -> list[tuple[int, subprocess.Popen[bytes]]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "convene.settings",
        "PYTHONTZPATH": "",
        "INSECURE_HTTP": "true",
        "CONVENE_LIVE_BENCH": "true",
        "CONVENE_VAR_DIR": os.environ.get("CONVENE_VAR_DIR", var_dir),
    }
    env.pop("REDIS_URL", None)
    env.pop("LIVE_BROKER", None)
    if os.environ.get("BENCH_LIVE_BROKER"):  # e.g. `memory`, to compare with the default
        env["LIVE_BROKER"] = os.environ["BENCH_LIVE_BROKER"]
    if redis_url:
        env["REDIS_URL"] = redis_url
    if database_url:
        env["DATABASE_URL"] = database_url
    # The database broker's event log must exist (a no-op where it does), and the pages
    # read meanwhile need their static files' manifest.
    for command in (["migrate"], ["collectstatic"] if PAGES_PER_S > 0 else []):
        if command:
            subprocess.run(
                [sys.executable, "-m", "convene", *command, "--noinput", "-v0"],
                env=env, cwd=ROOT, check=True, timeout=300,
            )  # fmt: skip
    servers = []
    for _ in range(processes):
        port = _free_port()
        command = [
            sys.executable, "-m", "uvicorn", "convene.asgi:application",
            "--host", HOST, "--port", str(port), "--no-access-log", "--log-level", "warning",
            "--backlog", "4096", "--timeout-graceful-shutdown", "5",
        ]  # fmt: skip
        log = Path(var_dir) / f"server-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)
        process.log_path = str(log)  # type: ignore[attr-defined]
        servers.append((port, process))
    return servers


def _http(port: int, request: bytes, timeout: float = 30) -> bytes:
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        while data := sock.recv(65536):
            answer += data
    return answer


def _wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server on port {port} exited ({process.returncode}): {_log_tail(process)}"
            )
        try:
            # The stream's own endpoint: the bench measures it, not Django's pages.
            answer = _http(
                port,
                b"HEAD /live/events/0 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            )
            if answer.startswith(b"HTTP/1.1 200"):
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"the server on port {port} did not answer in {timeout} s: {_log_tail(process)}"
    )


def _log_tail(process: subprocess.Popen[bytes]) -> str:
    log = Path(getattr(process, "log_path", ""))
    return log.read_text(errors="replace")[-2000:] if log.is_file() else ""


class Viewer:
    """One EventSource-like client on a raw socket: counts the events that arrived; with
    `latencies`, records which ones and how late."""

    __slots__ = ("buffer", "closed", "connected", "count", "got", "latencies", "resets", "sock")

    def __init__(self, sock: socket.socket, total: int, latencies: list[float] | None) -> None:
        self.sock = sock
        self.got = bytearray(total if latencies is not None else 0)
        self.count = 0
        self.latencies = latencies
        self.buffer = b""  # what came since the last complete event (or the last 4 bytes)
        self.connected = False
        self.resets = 0
        self.closed = False

    def read(self, now: float) -> bool:
        """Reads what is there; False once the connection is closed."""
        try:
            size = self.sock.recv_into(BUFFER)  # no buffer allocated per read
        except BlockingIOError:
            return True
        except OSError:
            size = 0
        data = VIEW[:size].tobytes()
        if not data:
            self.closed = True
            return False
        buffer = self.buffer + data
        if not self.connected:
            self.connected = b": connected" in buffer
        if b"event: reset" in buffer:
            self.resets += 1
        if self.latencies is None:
            # Counting only: every event starts a line with its id. The last 4 bytes are
            # kept, so that an id split between two reads is counted once.
            self.count += buffer.count(b"\nid: ")
            self.buffer = buffer[-4:]
            return True
        cut = buffer.rfind(b"\n\n")
        if cut < 0:
            self.buffer = buffer
            return True
        complete, self.buffer = buffer[: cut + 2], buffer[cut + 2 :]
        for n, sent in DATA_RE.findall(complete):
            index = int(n)
            if index < len(self.got) and not self.got[index]:
                self.got[index] = 1
                self.count += 1
                self.latencies.append(now - float(sent))
        return True


class Audience:
    """All the viewers, read by one thread with epoll: the client must cost far less than
    the server it measures, on the same cores. The sampled viewers (one in SAMPLE, whose
    latencies are recorded) are read as soon as something arrives; after each round of
    reads the client waits PAUSE_S, so that one wake-up reads many sockets (what it adds to
    a sampled latency is at most PAUSE_S: it can only make the figures worse). The others
    only count their events: they are read every SWEEP_S, each socket's kernel buffer
    holding what came meanwhile (a few KB), so that the client makes one read per viewer a
    sweep instead of one per flush (the server's writes are the same either way)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.epoll = select.epoll()  # the sampled viewers, waited on
        self.counted = select.epoll()  # the others, looked at every SWEEP_S without waiting
        self.viewers: dict[int, Viewer] = {}
        self.latencies: list[float] = []
        self.swept = 0.0

    def connect(self, path: str, ports: list[int], count: int) -> None:
        request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: text/event-stream\r\n\r\n"
        batch = 100
        deadline = time.monotonic() + 120
        for start in range(0, count, batch):
            group = []
            for index in range(start, min(count, start + batch)):
                sock = socket.create_connection((HOST, ports[index % len(ports)]), timeout=30)
                sock.sendall(request.encode())
                sock.setblocking(False)  # noqa: FBT003  (the socket API)
                sampled = index % SAMPLE == 0
                viewer = Viewer(sock, self.total, self.latencies if sampled else None)
                self.viewers[sock.fileno()] = viewer
                (self.epoll if sampled else self.counted).register(sock.fileno(), select.EPOLLIN)
                group.append(viewer)
            while not all(viewer.connected for viewer in group):
                if time.monotonic() > deadline:
                    raise RuntimeError("the viewers did not connect within 120 s")
                if any(viewer.closed for viewer in group):
                    raise ConnectionError("a stream closed before it opened")
                self.pump(0.05, sweep_s=0)

    def pump(self, seconds: float, sweep_s: float = SWEEP_S) -> None:
        """Reads whatever arrives for `seconds` (the counting viewers every `sweep_s`)."""
        end = time.monotonic() + seconds
        poll, viewers = self.epoll.poll, self.viewers
        while (left := end - time.monotonic()) > 0:
            ready = poll(min(left, 0.05), len(viewers) + 1)
            now = time.time()
            for fd, _mask in ready:
                if not viewers[fd].read(now):
                    self.epoll.unregister(fd)
            if time.monotonic() - self.swept >= sweep_s:
                self.swept = time.monotonic()
                # All that are ready at once (by default epoll returns at most 1,023).
                for fd, _mask in self.counted.poll(0, len(viewers) + 1):
                    if not viewers[fd].read(now):
                        self.counted.unregister(fd)
            time.sleep(PAUSE_S)

    def delivered(self) -> int:
        return sum(viewer.count for viewer in self.viewers.values())

    def missed(self) -> int:
        """Deliveries that never arrived; a viewer that was sent a reset missed them all."""
        return sum(
            self.total if viewer.resets else max(0, self.total - viewer.count)
            for viewer in self.viewers.values()
        )

    def close(self) -> None:
        for viewer in self.viewers.values():
            viewer.sock.close()
        self.epoll.close()
        self.counted.close()


def _publish(port: int, channel: str, n: int) -> None:
    kind = "question.asked" if n % (VOTES_PER_S // QUESTIONS_PER_S + 1) == 0 else "vote.changed"
    body = json.dumps({"channel": channel, "kind": kind, "data": {"n": n, "t": time.time()}})
    request = (
        f"POST /live/_bench/publish HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}"
    )
    answer = _http(port, request.encode())
    if not answer.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"publish failed: {answer[:200]!r}")


def _publish_all(ports: list[int], channel: str, total: int) -> list[Future[None]]:
    """Publishes `total` events at VOTES_PER_S + QUESTIONS_PER_S a second, alternating
    between the servers, each from a thread of a pool (a slow answer delays no other)."""
    rate = VOTES_PER_S + QUESTIONS_PER_S
    began = time.monotonic()
    sent = []
    with ThreadPoolExecutor(8) as pool:
        for n in range(total):
            delay = began + n / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            sent.append(pool.submit(_publish, ports[n % len(ports)], channel, n))
    return sent


def _read_pages(ports: list[int], seconds: float) -> list[float]:
    """Reads PAGE_PATH at PAGES_PER_S for `seconds`, alternating between the servers;
    returns each page's time (s). A page that is not a 200 fails the step."""
    times: list[float] = []
    if PAGES_PER_S <= 0:
        return times
    request = f"GET {PAGE_PATH} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"
    began = time.monotonic()
    for n in range(int(seconds * PAGES_PER_S)):
        delay = began + n / PAGES_PER_S - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        start = time.monotonic()
        answer = _http(ports[n % len(ports)], request.encode())
        if not answer.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"{PAGE_PATH} answered {answer[:200]!r}")
        times.append(time.monotonic() - start)
    return times


def _pct(values: list[float], p: float) -> float:
    """The p-th percentile of `values` (s), in ms."""
    ordered = sorted(values) or [float("nan")]
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def _measure(
    servers: list[tuple[int, subprocess.Popen[bytes]]],
    *,
    viewers: int,
    seconds: float,
    rss_base: list[int] | None = None,
) -> dict[str, float]:
    """One step: `viewers` viewers on a fresh board while `seconds` of events arrive.
    Memory per viewer is the servers' RSS growth from `rss_base` (KB; the first step's
    RSS before its viewers, when steps follow each other on the same servers: a later
    step reuses what an earlier one freed) to all viewers connected."""
    for port, process in servers:
        _wait_ready(port, process)
    ports = [port for port, _ in servers]
    if PAGES_PER_S > 0:  # a first page loads templates and more: not what is measured
        _read_pages(ports, len(ports) / PAGES_PER_S)
    channel = f"events/{secrets.randbelow(10**9) + 10**9}"
    total = int(seconds * (VOTES_PER_S + QUESTIONS_PER_S))
    time.sleep(0.5)
    if rss_base is None:
        rss_base = []
    if not rss_base:
        rss_base.append(sum(_rss_kb(process.pid) for _, process in servers))
    rss_before = rss_base[0]
    audience = Audience(total)
    try:
        audience.connect(f"/live/{channel}", ports, viewers)
        audience.pump(1.0)
        rss_after = sum(_rss_kb(process.pid) for _, process in servers)

        cpu_before = [_cpu_s(process.pid) for _, process in servers]
        client_before = _cpu_s(os.getpid())
        began = time.monotonic()
        with ThreadPoolExecutor(2) as threads:
            publishing = threads.submit(_publish_all, ports, channel, total)
            reading = threads.submit(_read_pages, ports, seconds)
            while not (publishing.done() and reading.done()):
                audience.pump(0.1)
            for sent in publishing.result():
                sent.result()  # a failed publish fails the step
            pages = reading.result()
        deadline = time.monotonic() + GRACE_S
        while audience.delivered() < total * viewers and time.monotonic() < deadline:
            audience.pump(0.1)
        if os.environ.get("LIVE_BENCH_DEBUG"):
            _debug(
                servers,
                cpu_before=cpu_before,
                client_before=client_before,
                began=began,
                audience=audience,
            )
        missed = audience.missed()
    finally:
        audience.close()
        time.sleep(0.5)

    figures = {
        "live.viewers": float(viewers),
        "live.update_p50": _pct(audience.latencies, 50),
        "live.update_p99": _pct(audience.latencies, 99),
        "live.missed": float(missed),
        "live.kb_per_viewer": (rss_after - rss_before) / viewers,
    }
    if pages:
        figures["live.page_p50"] = _pct(pages, 50)
        figures["live.page_p99"] = _pct(pages, 99)
    return figures


def within_target(figures: dict[str, float]) -> bool:
    return figures["live.missed"] == 0 and figures["live.update_p99"] <= TARGET_P99_MS


def _debug(
    servers: list[tuple[int, subprocess.Popen[bytes]]],
    *,
    cpu_before: list[tuple[float, float]],
    client_before: tuple[float, float],
    began: float,
    audience: Audience,
) -> None:
    """LIVE_BENCH_DEBUG=1: where the time went and which deliveries are missing."""
    busy = time.monotonic() - began
    used = []
    for (_, process), (user, kernel) in zip(servers, cpu_before, strict=True):
        now_user, now_kernel = _cpu_s(process.pid)
        used.append(f"{now_user - user:.2f}+{now_kernel - kernel:.2f}")
    client = [now - then for now, then in zip(_cpu_s(os.getpid()), client_before, strict=True)]
    print(
        f"debug: {busy:.1f} s; server CPU (user+kernel) {', '.join(used)} s; "
        f"client CPU {client[0]:.2f}+{client[1]:.2f} s"
    )
    gaps: dict[int, int] = {}
    for index, viewer in enumerate(audience.viewers.values()):
        for n in range(len(viewer.got)):
            if not viewer.got[n]:
                gaps[n] = gaps.get(n, 0) + 1
        if viewer.resets or viewer.closed:
            print(f"debug: viewer {index} resets={viewer.resets} closed={viewer.closed}")
    print(f"debug: missed (event: viewers) {dict(sorted(gaps.items())[:20])}")
    for _, process in servers:
        print(f"debug: server log: {_log_tail(process)[-1500:]}")


def _on_servers(
    processes: int, redis_url: str | None, database_url: str | None, viewers: int, work: Any
) -> Any:
    """Starts the servers, runs `work(servers)`, stops them."""
    _raise_fd_limit(viewers * 2 + 256)
    with tempfile.TemporaryDirectory(prefix="convene-live-bench-") as var_dir:
        servers = _start_servers(processes, redis_url, var_dir, database_url)
        try:
            return work(servers)
        finally:
            for _, process in servers:
                process.send_signal(signal.SIGTERM)
            for _, process in servers:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def run(
    *,
    viewers: int = 2000,
    seconds: float = 10,
    processes: int = 1,
    redis_url: str | None = None,
    database_url: str | None = None,
) -> dict[str, float]:
    """Measures the live stream with `viewers` viewers; see the module docstring."""

    def work(servers: Any) -> dict[str, float]:
        return _measure(servers, viewers=viewers, seconds=seconds)

    return _on_servers(processes, redis_url, database_url, viewers, work)  # type: ignore[no-any-return]


def held(
    *,
    steps: list[int],
    seconds: float = 10,
    processes: int = 1,
    redis_url: str | None = None,
    database_url: str | None = None,
) -> dict[str, float]:
    """The largest of `steps` (ascending) held within the target, as live.viewers_held,
    with the figures of that step (or of the first step, when none was held)."""

    def work(servers: Any) -> dict[str, float]:
        rss_base: list[int] = []
        best: dict[str, float] | None = None
        first: dict[str, float] | None = None
        for viewers in steps:
            figures = _measure(servers, viewers=viewers, seconds=seconds, rss_base=rss_base)
            shown = ", ".join(f"{k.removeprefix('live.')} {v:.1f}" for k, v in figures.items())
            print(f"bench: live step ({processes} process(es)): {shown}", flush=True)
            first = first or figures
            if not within_target(figures):
                break
            best = figures
        return {"live.viewers_held": best["live.viewers"] if best else 0.0, **(best or first or {})}

    return _on_servers(processes, redis_url, database_url, max(steps), work)  # type: ignore[no-any-return]


if __name__ == "__main__":
    USAGE = "usage: python bench/live_bench.py [viewers] [seconds] [processes] [redis_url]"
    arguments = sys.argv[1:]
    try:
        viewers = int(arguments[0]) if arguments else 2000
        seconds = float(arguments[1]) if len(arguments) > 1 else 10
        processes = int(arguments[2]) if len(arguments) > 2 else 1
    except ValueError as exc:
        sys.exit(f"{USAGE} ({exc})")
    if len(arguments) > 4 or viewers < 1 or not seconds > 0 or processes < 1:
        sys.exit(f"{USAGE} (viewers, seconds and processes must be positive)")
    figures = run(
        viewers=viewers,
        seconds=seconds,
        processes=processes,
        redis_url=arguments[3] if len(arguments) > 3 else None,
    )
    for name, value in figures.items():
        print(f"bench {name}: {value:.1f}")
