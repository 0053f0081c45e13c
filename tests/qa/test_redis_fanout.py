"""A vote cast through this process's service reaches a viewer of another server process
through Redis pub/sub (in CI, where REDIS_URL is set)."""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from convene.qa import services
from tests.live.conftest import parse_events
from tests.live.test_redis import SseReader, free_port, start_server, wait_until_serving

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis at REDIS_URL"),
]


@pytest.fixture
def other_process(tmp_path: Path, settings: Any) -> Iterator[int]:
    settings.REDIS_URL = os.environ["REDIS_URL"]
    settings.LIVE_REDIS_PREFIX = "convene:live:"  # the other process's default
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "convene.settings",
        "CONVENE_VAR_DIR": str(tmp_path),
        "INSECURE_HTTP": "true",
    }
    port = free_port()
    server = start_server(port, env, tmp_path / "server.log")
    try:
        wait_until_serving(port)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_vote_reaches_viewer_of_another_process(
    other_process: int,
    event: Any,
    alice: Any,
    bob: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    question = services.question_ask(actor=alice, event=event, text="Across processes?")
    viewer = SseReader(other_process, f"events/{event.pk}")
    try:
        viewer.read_until(": connected")
        with django_capture_on_commit_callbacks(execute=True):
            services.question_vote(actor=bob, question=question)
        text = viewer.read_until('"votes"')
    finally:
        viewer.close()

    votes = [e for e in parse_events(text) if e.get("event") == "vote"]
    assert [json.loads(e["data"]) for e in votes] == [{"id": question.pk, "votes": 1}]
