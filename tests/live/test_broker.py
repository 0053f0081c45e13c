"""The in-process broker: fan-out, ids, resume with Last-Event-ID, resets, slow viewers."""

import asyncio
import json
import threading

import pytest

from convene.live.broker import InProcessBroker, Subscriber, parse_id
from tests.live.conftest import parse_events, run_async


def make_broker(**options: float) -> InProcessBroker:
    return InProcessBroker(
        history=int(options.get("history", 10)),
        max_queue=int(options.get("max_queue", 50)),
        heartbeat_s=options.get("heartbeat_s", 60),
    )


def frames_text(frames: list[bytes]) -> str:
    return b"".join(frames).decode()


async def next_events(sub: Subscriber) -> list[dict[str, str]]:
    frames = await asyncio.wait_for(sub.next_frames(), 2)
    assert frames is not None
    return parse_events(frames_text(frames))


def test_publish_reaches_subscriber():
    broker = make_broker()

    async def scenario():
        sub, first = await broker.subscribe("events/1", None)
        event_id = broker.publish("events/1", "question.asked", {"id": 7, "text": "Why?"})
        got = await next_events(sub)
        broker.unsubscribe(sub)
        return first, event_id, got

    first, event_id, got = run_async(scenario())

    assert first == []
    assert got == [{"id": event_id, "event": "question.asked", "data": '{"id": 7, "text": "Why?"}'}]


def test_publish_from_a_wsgi_thread_reaches_subscriber_on_the_loop():
    broker = make_broker()

    async def scenario():
        sub, _ = await broker.subscribe("events/1", None)
        thread = threading.Thread(
            target=broker.publish, args=("events/1", "vote.changed", {"v": 3})
        )
        thread.start()
        got = await next_events(sub)
        thread.join()
        broker.unsubscribe(sub)
        return got

    got = run_async(scenario())

    assert [(e["event"], json.loads(e["data"])) for e in got] == [("vote.changed", {"v": 3})]


def test_publish_reaches_only_its_channel():
    broker = make_broker()

    async def scenario():
        one, _ = await broker.subscribe("events/1", None)
        two, _ = await broker.subscribe("events/2", None)
        broker.publish("events/2", "vote.changed", {"n": 2})
        got = await next_events(two)
        await asyncio.sleep(0.05)
        pending = list(one.frames)
        broker.unsubscribe(one)
        broker.unsubscribe(two)
        return got, pending

    got, pending = run_async(scenario())

    assert [json.loads(e["data"]) for e in got] == [{"n": 2}]
    assert pending == []


def test_event_ids_grow_monotonically_within_a_channel():
    broker = make_broker()

    ids = [broker.publish("events/1", "vote.changed", {"n": n}) for n in range(5)]
    keys = [parse_id(event_id) for event_id in ids]

    assert keys == sorted(keys)
    assert len(set(keys)) == 5
    assert broker.cursor("events/1") == ids[-1]


def test_resume_with_last_event_id_sends_exactly_the_missed_events():
    broker = make_broker()
    ids = [broker.publish("events/1", "vote.changed", {"n": n}) for n in range(5)]
    broker.publish("events/2", "vote.changed", {"n": 99})

    async def scenario():
        sub, first = await broker.subscribe("events/1", ids[1])
        broker.publish("events/1", "vote.changed", {"n": 5})
        later = await next_events(sub)
        broker.unsubscribe(sub)
        return parse_events(frames_text(first)), later

    first, later = run_async(scenario())

    assert [e["id"] for e in first] == ids[2:]
    assert [json.loads(e["data"])["n"] for e in first + later] == [2, 3, 4, 5]


def test_resume_from_the_newest_id_sends_nothing_missed():
    broker = make_broker()
    newest = [broker.publish("events/1", "vote.changed", {"n": n}) for n in range(3)][-1]

    async def scenario():
        sub, first = await broker.subscribe("events/1", newest)
        broker.unsubscribe(sub)
        return first

    assert run_async(scenario()) == []


def test_resume_with_id_older_than_history_sends_reset():
    broker = make_broker(history=3)
    ids = [broker.publish("events/1", "vote.changed", {"n": n}) for n in range(6)]

    async def scenario():
        sub, first = await broker.subscribe("events/1", ids[0])
        broker.unsubscribe(sub)
        return parse_events(frames_text(first))

    assert run_async(scenario()) == [
        {"id": ids[-1], "event": "reset", "data": '{"reason": "too-old"}'}
    ]


def test_resume_with_the_oldest_kept_predecessor_sends_the_history():
    broker = make_broker(history=3)
    ids = [broker.publish("events/1", "vote.changed", {"n": n}) for n in range(6)]

    async def scenario():
        sub, first = await broker.subscribe("events/1", ids[2])
        broker.unsubscribe(sub)
        return parse_events(frames_text(first))

    assert [e["id"] for e in run_async(scenario())] == ids[3:]


@pytest.mark.parametrize("last_id", ["1-1", "not-an-id", "garbage", "99999999999999-0"])
def test_resume_with_id_from_another_server_run_sends_reset(last_id):
    broker = make_broker()
    newest = broker.publish("events/1", "vote.changed", {"n": 0})

    async def scenario():
        sub, first = await broker.subscribe("events/1", last_id)
        broker.unsubscribe(sub)
        return parse_events(frames_text(first))

    assert run_async(scenario()) == [
        {"id": newest, "event": "reset", "data": '{"reason": "unknown-id"}'}
    ]


def test_slow_subscriber_gets_reset_and_is_closed_when_its_queue_overflows():
    broker = make_broker(max_queue=3)

    async def scenario():
        sub, _ = await broker.subscribe("events/1", None)
        ids = [broker.publish("events/1", "vote.changed", {"n": n}) for n in range(10)]
        await asyncio.sleep(0.05)  # the loop delivers; the viewer reads nothing meanwhile
        frames = await sub.next_frames()
        after = await sub.next_frames()
        broker.unsubscribe(sub)
        return ids, sub, frames, after

    ids, sub, frames, after = run_async(scenario())

    assert parse_events(frames_text(frames)) == [
        {"id": ids[3], "event": "reset", "data": '{"reason": "overflow"}'}
    ]
    assert after is None
    assert (sub.closed, sub.overflowed) == (True, True)


def test_heartbeat_comment_keeps_idle_streams_open():
    broker = make_broker(heartbeat_s=0.05)

    async def scenario():
        sub, _ = await broker.subscribe("events/1", None)
        frames = await asyncio.wait_for(sub.next_frames(), 2)
        broker.unsubscribe(sub)
        return frames

    assert run_async(scenario()) == [b": keepalive\n\n"]


def test_unsubscribed_viewer_gets_nothing_and_channel_is_forgotten():
    broker = make_broker()

    async def scenario():
        sub, _ = await broker.subscribe("events/1", None)
        broker.unsubscribe(sub)
        broker.publish("events/1", "vote.changed", {"n": 1})
        await asyncio.sleep(0.05)
        return sub.frames, broker.viewers()

    assert run_async(scenario()) == ([], 0)


@pytest.mark.parametrize("kind", ["reset", "Vote", "vote changed", "", "x\ny"])
def test_publish_refuses_a_malformed_kind(kind):
    broker = make_broker()

    with pytest.raises(ValueError, match="event kind"):
        broker.publish("events/1", kind, {})


def test_close_all_ends_every_stream():
    broker = make_broker()

    async def scenario():
        sub, _ = await broker.subscribe("events/1", None)
        broker.close_all()
        result = await asyncio.wait_for(sub.next_frames(), 2)
        broker.unsubscribe(sub)
        return result

    assert run_async(scenario()) is None


def test_burst_of_events_reaches_a_waiting_viewer_in_one_write_after_the_first():
    broker = InProcessBroker(history=10, max_queue=50, heartbeat_s=60, coalesce_s=0.2)

    async def scenario():
        sub, _ = await broker.subscribe("events/1", None)
        broker.publish("events/1", "vote.changed", {"n": 1})
        first = await asyncio.wait_for(sub.next_frames(), 0.1)  # after a quiet spell: at once
        waiting = asyncio.ensure_future(sub.next_frames())
        await asyncio.sleep(0)
        broker.publish("events/1", "vote.changed", {"n": 2})
        broker.publish("events/1", "vote.changed", {"n": 3})
        await asyncio.sleep(0.05)
        woken_early = waiting.done()
        burst = await asyncio.wait_for(waiting, 1)
        broker.unsubscribe(sub)
        return first, woken_early, burst

    first, woken_early, burst = run_async(scenario())

    assert [json.loads(e["data"])["n"] for e in parse_events(frames_text(first))] == [1]
    assert woken_early is False
    assert [json.loads(e["data"])["n"] for e in parse_events(frames_text(burst))] == [2, 3]


def test_an_attached_viewer_whose_client_stops_reading_gets_every_frame_in_order():
    broker = make_broker()

    async def scenario():
        reading = asyncio.Event()
        sent: list[dict[str, object]] = []

        async def send(message: dict[str, object]) -> None:
            if len(sent) == 1:  # the client stops reading after the first write
                await reading.wait()
            sent.append(message)

        sub, _ = await broker.subscribe("events/1", None)
        sub.attach(send)
        for n in range(3):
            broker.publish("events/1", "vote.changed", {"n": n})
            await asyncio.sleep(0.02)
        waiting = len(sent)
        reading.set()
        await asyncio.sleep(0.02)
        sub.close()
        await asyncio.sleep(0.02)
        broker.unsubscribe(sub)
        return waiting, sent

    waiting, sent = run_async(scenario())

    assert waiting == 1
    body = b"".join(message["body"] for message in sent).decode()  # type: ignore[misc]
    assert [event["data"] for event in parse_events(body)] == [
        '{"n": 0}',
        '{"n": 1}',
        '{"n": 2}',
    ]
    assert [message["more_body"] for message in sent] == [True, True, True, False]
