"""A real browser's EventSource against the real server: events arrive, and after a
dropped connection the browser resumes with Last-Event-ID and misses nothing."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from tests.conftest import CHROMIUM
from tests.live.conftest import new_board, publish_via

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DroppingProxy:
    """A TCP relay in front of the server whose `drop()` cuts every open connection, as a
    flaky network would, while the server itself stays up."""

    def __init__(self, upstream: int) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream))
            with self.lock:
                self.open += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def drop(self) -> None:
        with self.lock:
            sockets, self.open = self.open, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.listener.close()
        self.drop()


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "convene.settings",
        "CONVENE_VAR_DIR": str(tmp_path),
        "INSECURE_HTTP": "true",
        "CONVENE_LIVE_BENCH": "true",  # the loopback publishing endpoint
        # One process on an empty folder: the in-process broker (the database broker's
        # cross-process tests are in test_db_broker.py).
        "LIVE_BROKER": "memory",
    }
    command = [
        sys.executable, "-m", "uvicorn", "convene.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
        "--timeout-graceful-shutdown", "2",
    ]  # fmt: skip
    with (tmp_path / "server.log").open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        yield SimpleNamespace(port=port, log=tmp_path / "server.log")
    finally:
        process.terminate()
        process.wait(timeout=20)


def in_browser(scenario):
    """Sync Playwright in a thread of its own (the browser tests' one may be running)."""

    def run():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page()
                page.set_default_timeout(30_000)  # generous: CI machines are busy
                return scenario(page)
            finally:
                browser.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


OPEN_STREAM = """(path) => {
    window.got = []; window.opens = 0;
    const source = new EventSource(path);
    source.addEventListener("open", () => { window.opens += 1; });
    source.addEventListener("vote", (e) => { window.got.push([e.lastEventId, e.data]); });
}"""


def test_browser_resumes_after_a_dropped_connection_with_nothing_missed(server):
    board = new_board()
    proxy = DroppingProxy(server.port)

    def scenario(page):
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        ids: list[str] = []
        page.goto(f"http://127.0.0.1:{proxy.port}/healthz")  # any page of the same origin
        page.evaluate(OPEN_STREAM, f"/live/{board}")
        try:
            page.wait_for_function("() => window.opens === 1")
            ids.append(publish_via(server.port, board, "vote", {"n": 1}))
            page.wait_for_function("() => window.got.length === 1")

            proxy.drop()  # the network fails; two votes happen meanwhile
            ids.extend(publish_via(server.port, board, "vote", {"n": n}) for n in (2, 3))
            page.wait_for_function("() => window.got.length === 3 && window.opens === 2")
        except PlaywrightTimeout:
            pass  # the assertion below shows how far it came
        return ids, page.evaluate("() => [window.opens, window.got]")

    try:
        ids, (opens, got) = in_browser(scenario)
    finally:
        proxy.close()

    assert (opens, got) == (
        2,
        [[ids[0], '{"n": 1}'], [ids[1], '{"n": 2}'], [ids[2], '{"n": 3}']],
    ), server.log.read_text() if server.log.is_file() else ""
