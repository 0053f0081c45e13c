"""The fanout's wait between flushes grows with how long the last flush took to write."""

from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from convene.live import fanout
from convene.live.fanout import Event, Fanout, Subscriber, frame


class Handle:
    def cancel(self) -> None:
        """Nothing to cancel: the fake loop runs only what a test asks for."""


class FakeLoop:
    """The event loop (the outside world here): a clock the test moves, and the callbacks
    the fanout asked for, run when the test says."""

    def __init__(self) -> None:
        self.now = 0.0
        self.soon: list[tuple[Callable[..., None], tuple[Any, ...]]] = []
        self.timers: list[float] = []

    def time(self) -> float:
        return self.now

    def call_soon(self, callback: Callable[..., None], *args: Any) -> Handle:
        self.soon.append((callback, args))
        return Handle()

    def call_at(self, when: float, callback: Callable[..., None], *args: Any) -> Handle:
        self.timers.append(when)
        return Handle()

    def create_task(self, coroutine: Coroutine[Any, Any, None]) -> Handle:
        coroutine.close()  # the heartbeat: not what is tested
        return Handle()

    def run_soon(self) -> None:
        while self.soon:
            callback, args = self.soon.pop(0)
            callback(*args)


def event(n: int) -> list[Event]:
    return [Event((0, n), frame(f"0-{n}", "vote.changed", "{}"))]


def flush_taking(loop: FakeLoop, hub: Fanout, n: int, seconds: float) -> None:
    """Delivers event `n` now; its flush is written in two slices, `seconds` apart."""
    hub.deliver("events/1", event(n))
    loop.now += seconds
    loop.run_soon()


@pytest.fixture
def setup(monkeypatch: pytest.MonkeyPatch) -> tuple[FakeLoop, Fanout, list[Subscriber]]:
    monkeypatch.setattr(fanout, "SLICE", 1)  # two viewers: each flush takes two turns
    loop = FakeLoop()
    hub = Fanout(loop, heartbeat_s=60, coalesce_s=0.1)  # type: ignore[arg-type]
    viewers = [Subscriber("events/1", max_queue=50) for _ in range(2)]
    for viewer in viewers:
        hub.add(viewer)
    return loop, hub, viewers


def test_window_after_a_quick_flush_is_the_coalescing_window(setup):
    loop, hub, viewers = setup
    flush_taking(loop, hub, 1, 0.01)

    hub.deliver("events/1", event(2))

    assert loop.timers == [pytest.approx(0.1)]
    assert [len(viewer.frames) for viewer in viewers] == [1, 1]


def test_window_after_a_slow_flush_is_twice_as_long_as_the_flush_took(setup):
    loop, hub, viewers = setup
    flush_taking(loop, hub, 1, 0.08)

    hub.deliver("events/1", event(2))

    assert loop.timers == [pytest.approx(0.16)]
    assert [len(viewer.frames) for viewer in viewers] == [1, 1]


def test_window_after_a_very_slow_flush_is_at_most_twice_the_coalescing_window(setup):
    loop, hub, _viewers = setup
    flush_taking(loop, hub, 1, 0.15)

    hub.deliver("events/1", event(2))

    assert loop.timers == [pytest.approx(0.2)]


def test_window_comes_back_once_flushes_are_quick_again(setup):
    loop, hub, viewers = setup
    flush_taking(loop, hub, 1, 0.15)
    loop.now = 0.2
    flush_taking(loop, hub, 2, 0.01)

    hub.deliver("events/1", event(3))

    assert loop.timers == [pytest.approx(0.3)]
    assert [len(viewer.frames) for viewer in viewers] == [2, 2]
