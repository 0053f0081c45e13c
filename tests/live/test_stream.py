"""The stream endpoint through the ASGI router (`convene.asgi.application`), as a browser
sees it: published events, resume after a dropped connection, private channels."""

import asyncio
import json
import time
from io import BytesIO

import pytest
import redis
from django.core import signing

from convene import live
from convene.asgi import application
from convene.live.asgi import _bench_publish
from convene.live.broker import get_broker
from tests.live.conftest import new_board, parse_events, request, run_async


def run(scenario):
    async def with_cleanup():
        try:
            return await scenario()
        finally:
            await get_broker().aclose()

    return run_async(with_cleanup())


def publish_from_thread(channel, kind, data):
    """The way pages publish: from a WSGI worker thread, after the commit."""
    return asyncio.to_thread(live.publish, channel, kind, data)


def test_stream_sends_published_events_as_server_sent_events():
    board = new_board()

    async def scenario():
        async with request(application, f"/live/{board}") as response:
            await response.read_until(": connected")
            event_id = await publish_from_thread(board, "question.asked", {"id": 1})
            text = await response.read_until("question.asked")
        return response, event_id, text

    response, event_id, text = run(scenario)

    assert response.status == 200
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache, no-transform"
    assert parse_events(text) == [{"id": event_id, "event": "question.asked", "data": '{"id": 1}'}]


def test_stream_resumes_after_a_dropped_connection_with_nothing_missed():
    board = new_board()

    async def scenario():
        async with request(application, f"/live/{board}") as first:
            await first.read_until(": connected")
            seen = await publish_from_thread(board, "vote.changed", {"n": 1})
            await first.read_until(seen)
        # Dropped; meanwhile two more events happen.
        missed = [
            await publish_from_thread(board, "vote.changed", {"n": 2}),
            await publish_from_thread(board, "question.asked", {"n": 3}),
        ]
        async with request(application, f"/live/{board}", headers={"Last-Event-ID": seen}) as again:
            text = await again.read_until(missed[-1])
            later = await publish_from_thread(board, "vote.changed", {"n": 4})
            text = await again.read_until(later)
        return [*missed, later], text

    expected_ids, text = run(scenario)

    events = parse_events(text)
    assert [e["id"] for e in events] == expected_ids
    assert [json.loads(e["data"])["n"] for e in events] == [2, 3, 4]


def test_stream_resumes_from_the_cursor_a_snapshot_was_rendered_with():
    board = new_board()
    live.publish(board, "vote.changed", {"n": 1})
    cursor = live.cursor(board)
    after = live.publish(board, "vote.changed", {"n": 2})

    async def scenario():
        path = live.stream_path(board, last_event_id=cursor)
        async with request(application, path) as response:
            return await response.read_until(after)

    assert [e["id"] for e in parse_events(run(scenario))] == [after]


def test_stream_with_an_unknown_last_event_id_sends_reset():
    board = new_board()
    newest = live.publish(board, "vote.changed", {"n": 1})

    async def scenario():
        headers = {"Last-Event-ID": "99999999999999-0"}
        async with request(application, f"/live/{board}", headers=headers) as response:
            return await response.read_until("reset")

    assert parse_events(run(scenario)) == [
        {"id": newest, "event": "reset", "data": '{"reason": "unknown-id"}'}
    ]


def test_private_channel_without_token_is_refused():
    board = new_board()

    async def scenario():
        async with request(application, f"/live/{board}/moderation") as response:
            return response.status, await response.read_all()

    assert run(scenario) == (403, "This live channel needs a valid, unexpired token.")


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "for-another-channel",
        "expired",
        "other-salt",
    ],
)
def test_private_channel_with_a_bad_token_is_refused(token):
    board = new_board()
    channel = f"{board}/moderation"
    tokens = {
        "nonsense": "nonsense",
        "for-another-channel": live.sign_channel(f"{new_board()}/moderation", max_age_s=60),
        "expired": live.sign_channel(channel, max_age_s=-1),
        "other-salt": signing.dumps({"c": channel, "e": int(time.time()) + 60}, salt="other"),
    }

    async def scenario():
        async with request(application, f"/live/{channel}?token={tokens[token]}") as response:
            return response.status

    assert run(scenario) == 403


def test_private_channel_with_its_token_streams():
    channel = f"{new_board()}/moderation"

    async def scenario():
        path = live.stream_path(channel, max_age_s=60)
        async with request(application, path) as response:
            await response.read_until(": connected")
            event_id = await publish_from_thread(channel, "question.held", {"id": 5})
            return response.status, event_id, await response.read_until(event_id)

    status, event_id, text = run(scenario)

    assert status == 200
    assert parse_events(text) == [{"id": event_id, "event": "question.held", "data": '{"id": 5}'}]


@pytest.mark.parametrize("path", ["/live/", "/live/Events/1", "/live/events/../1", "/live/_x"])
def test_malformed_channel_is_not_found(path):
    async def scenario():
        async with request(application, path) as response:
            return response.status

    assert run(scenario) == 404


def test_stream_refuses_post():
    async def scenario():
        async with request(application, f"/live/{new_board()}", method="POST") as response:
            return response.status

    assert run(scenario) == 405


def test_stream_refuses_a_host_not_allowed():
    async def scenario():
        path = f"/live/{new_board()}"
        async with request(application, path, headers={"Host": "evil.example"}) as response:
            return response.status, await response.read_all()

    assert run(scenario) == (400, "Bad Request (400)")


def test_stream_over_plain_http_is_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    board = new_board()

    async def scenario():
        path = f"/live/{board}?last_event_id=0-1"
        headers = {"Host": "localhost:8000"}
        async with request(application, path, headers=headers) as response:
            return response.status, response.headers

    status, headers = run(scenario)

    assert (status, headers["location"]) == (
        301,
        f"https://localhost:8000/live/{board}?last_event_id=0-1",
    )


@pytest.mark.parametrize(
    ("scheme", "headers"),
    [("https", {}), ("http", {"X-Forwarded-Proto": "https"})],
)
def test_stream_over_https_is_served_under_ssl_redirect(settings, scheme, headers):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    async def scenario():
        path = f"/live/{new_board()}"
        async with request(application, path, headers=headers, scheme=scheme) as response:
            await response.read_until(": connected")
            return response.status

    assert run(scenario) == 200


def test_stream_path_signs_private_channels_only():
    public = live.stream_path("events/3")
    private = live.stream_path("events/3/moderation", max_age_s=60)

    assert public == "/live/events/3"
    assert private.startswith("/live/events/3/moderation?token=")


def test_publish_refuses_a_malformed_channel():
    with pytest.raises(ValueError, match="not a live channel name"):
        live.publish("events/1/../2", "vote.changed", {})


@pytest.mark.django_db(transaction=True)
def test_router_hands_other_paths_to_django():
    async def scenario():
        async with request(application, "/healthz") as response:
            return response.status, json.loads(await response.read_all())

    assert run(scenario) == (200, {"status": "ok", "database": "ok"})


def test_stream_asks_the_browser_to_retry_later_when_redis_is_away(settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    get_broker().ready_timeout_s = 0.3

    async def scenario():
        async with request(application, f"/live/{new_board()}") as response:
            return response.status, await response.read_all()

    assert run(scenario) == (200, "retry: 5000\n\n")


def test_publish_fails_loudly_when_redis_is_away(settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"

    with pytest.raises(redis.exceptions.ConnectionError):
        live.publish(new_board(), "vote.changed", {"n": 1})


def test_router_answers_the_lifespan_protocol():
    async def scenario():
        inbox: asyncio.Queue[dict[str, str]] = asyncio.Queue()
        outbox: list[dict[str, str]] = []
        for message in ("lifespan.startup", "lifespan.shutdown"):
            inbox.put_nowait({"type": message})

        async def send(message):
            outbox.append(message)

        await asyncio.wait_for(application({"type": "lifespan"}, inbox.get, send), 5)
        return outbox

    assert run(scenario) == [
        {"type": "lifespan.startup.complete"},
        {"type": "lifespan.shutdown.complete"},
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1]",
        b'{"channel": "events/1"}',
        b'{"channel": "A B", "kind": "x", "data": {}}',
    ],
)
def test_bench_publish_refuses_a_bad_body_with_400(body):
    statuses: list[str] = []
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": BytesIO(body),
    }

    answer = b"".join(_bench_publish(environ, lambda status, headers: statuses.append(status)))

    assert statuses == ["400 Bad Request"]
    assert answer.startswith(b"expected JSON {channel, kind, data}: ")
