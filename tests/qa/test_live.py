"""The board's live channels: what is announced, to whom, and resuming from the cursor."""

import asyncio
import json
from typing import Any

import pytest
from django.test import Client

from convene.live.broker import get_broker
from convene.qa import services


def missed(channel: str, last_id: str) -> list[tuple[str, dict[str, Any]]]:
    """What a viewer reconnecting with Last-Event-ID `last_id` is sent first."""

    async def resume() -> list[bytes]:
        broker = get_broker()
        sub, frames = await broker.subscribe(channel, last_id)
        broker.unsubscribe(sub)
        await broker.aclose()  # let go of what this loop holds (Redis readers)
        return frames

    events = []
    for frame in asyncio.run(resume()):
        fields = dict(
            line.split(": ", 1) for line in frame.decode().strip().split("\n") if ": " in line
        )
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def test_resume_from_snapshot_cursor_misses_nothing(
    event: Any, organiser: Any, alice: Any, bob: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_ask(actor=alice, event=event, text="Before the snapshot")
    cursor = Client().get(f"/api/events/{event.pk}/board").json()["cursor"]

    # The connection drops; meanwhile a vote, a new question and a pin happen.
    with django_capture_on_commit_callbacks(execute=True):
        services.question_vote(actor=bob, question=question)
        later = services.question_ask(actor=bob, event=event, text="While away")
        services.question_pin(actor=organiser, event=event, question=later)

    kinds = [(kind, data.get("id")) for kind, data in missed(f"events/{event.pk}", cursor)]
    assert kinds == [("vote", question.pk), ("question", later.pk), ("pinned", later.pk)]


def test_nothing_announced_when_transaction_rolls_back(
    event: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cursor = get_broker().cursor(f"events/{event.pk}")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.question_ask(actor=alice, event=event, text="Rolled back later")

    # Queued for the commit, not sent (and the similar questions' generation's bump).
    assert len(callbacks) == 2
    assert missed(f"events/{event.pk}", cursor) == []


def test_pending_question_only_on_moderation_channel(
    event: Any, organiser: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.board_configure(actor=organiser, event=event, premoderation=True)
    public = get_broker().cursor(f"events/{event.pk}")
    private = get_broker().cursor(f"events/{event.pk}/moderation")

    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_ask(actor=alice, event=event, text="Secret until approved")

    assert missed(f"events/{event.pk}", public) == []
    assert [(k, d["text"]) for k, d in missed(f"events/{event.pk}/moderation", private)] == [
        ("question", "Secret until approved")
    ]
    assert question.state == "pending"


def test_hidden_question_leaves_public_board_without_its_text(
    event: Any, organiser: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    question = services.question_ask(actor=alice, event=event, text="Rude words")
    public = get_broker().cursor(f"events/{event.pk}")

    with django_capture_on_commit_callbacks(execute=True):
        services.question_set_hidden(actor=organiser, question=question, hidden=True)

    assert missed(f"events/{event.pk}", public) == [
        ("question", {"id": question.pk, "removed": True})
    ]


def test_series_pool_announces_on_every_edition(
    series_editions: list[Any], organiser: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = series_editions
    services.board_configure(actor=organiser, event=first, pooled=True)
    cursors = {e.pk: get_broker().cursor(f"events/{e.pk}") for e in series_editions}

    with django_capture_on_commit_callbacks(execute=True):
        services.question_ask(actor=alice, event=second, text="For all editions")

    assert [
        [d["text"] for _, d in missed(f"events/{pk}", cursor)] for pk, cursor in cursors.items()
    ] == [["For all editions"], ["For all editions"]]


@pytest.mark.django_db
def test_moderation_stream_url_is_signed(event: Any, organiser: Any) -> None:
    client = Client()
    client.force_login(organiser)

    body = client.get(f"/api/events/{event.pk}/board?moderation=true").json()

    assert body["stream"].startswith(f"/live/events/{event.pk}/moderation?token=")


@pytest.mark.parametrize("how", ["decline", "hide"])
def test_question_never_public_leaves_nothing_on_public_channel(
    event: Any, organiser: Any, alice: Any, how: str, django_capture_on_commit_callbacks: Any
) -> None:
    services.board_configure(actor=organiser, event=event, premoderation=True)
    question = services.question_ask(actor=alice, event=event, text="Never shown")
    public = get_broker().cursor(f"events/{event.pk}")
    private = get_broker().cursor(f"events/{event.pk}/moderation")

    with django_capture_on_commit_callbacks(execute=True):
        if how == "decline":
            services.question_decline(actor=organiser, question=question, reason="Off topic.")
        else:
            services.question_set_hidden(actor=organiser, question=question, hidden=True)

    assert missed(f"events/{event.pk}", public) == []
    assert [(k, d["id"]) for k, d in missed(f"events/{event.pk}/moderation", private)] == [
        ("question", question.pk)
    ]
