"""Snapshot + events = fresh snapshot: a reader that holds the board snapshot and applies
every live event after its cursor holds what a new snapshot says (public and moderation
channels, every sort)."""

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from convene.qa import services
from convene.qa.event_types import BoardState, NeedsReload, check_event
from convene.qa.queries.sorts import SORTS
from tests.qa.test_live import missed

BODY_KEYS = ("pinned", "counts", "items")


def snapshot(event: Any, *, sort: str, moderator: Any = None) -> dict[str, Any]:
    client = Client()
    query = f"?sort={sort}"
    if moderator is not None:
        client.force_login(moderator)
        query += "&moderation=true"
    response = client.get(f"/api/events/{event.pk}/board{query}")
    assert response.status_code == 200
    return dict(response.json())


def channel(event: Any, *, moderation: bool) -> str:
    return f"events/{event.pk}/moderation" if moderation else f"events/{event.pk}"


def replayed(
    event: Any, change: Callable[[], None], *, sort: str, moderator: Any = None, capture: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the first snapshot with every event after its cursor applied, a fresh snapshot)."""
    first = snapshot(event, sort=sort, moderator=moderator)
    with capture(execute=True):
        change()
    state = BoardState(first, sort=sort, queue=moderator is not None)
    fresh = snapshot(event, sort=sort, moderator=moderator)
    for kind, data in missed(channel(event, moderation=moderator is not None), first["cursor"]):
        try:
            state.apply(kind, data)
        except NeedsReload:
            again = snapshot(event, sort=sort, moderator=moderator)
            state = BoardState(again, sort=sort, queue=moderator is not None)
    assert {key: first[key] for key in BODY_KEYS} != {key: fresh[key] for key in BODY_KEYS}
    return state.body(), {key: fresh[key] for key in BODY_KEYS}


@pytest.fixture
def board(event: Any, organiser: Any, alice: Any, bob: Any, unlimited: None) -> dict[str, Any]:
    """A board with questions in several states, answers, a follow-up, votes, a pin."""
    first = services.question_ask(actor=alice, event=event, text="Where are the hubs?")
    second = services.question_ask(actor=bob, event=event, text="Who decides the budget?")
    services.question_ask(actor=bob, event=event, text="And when?", parent=first)
    services.question_answer(actor=organiser, question=first, text="In every region.", by="MCDC")
    services.question_vote(actor=bob, question=first)
    services.question_pin(actor=organiser, event=event, question=first)
    return {"first": first, "second": second}


@pytest.fixture
def scene(event: Any, organiser: Any, alice: Any, bob: Any, board: dict[str, Any]) -> Any:
    return SimpleNamespace(event=event, organiser=organiser, alice=alice, bob=bob, **board)


def _changes(scene: Any) -> None:
    event, organiser, alice, bob = scene.event, scene.organiser, scene.alice, scene.bob
    first, second = scene.first, scene.second
    third = services.question_ask(actor=alice, event=event, text="Can we vote online?")
    services.question_vote(actor=alice, question=second)
    services.question_vote(actor=bob, question=third)
    services.question_ask(actor=alice, event=event, text="A follow-up", parent=second)
    services.question_answer(actor=organiser, question=second, text="The council.", mode="live")
    services.question_edit(actor=organiser, question=third, text="Can we vote online, please?")
    services.question_set_hidden(actor=organiser, question=first, hidden=True)
    services.question_set_hidden(actor=organiser, question=first, hidden=False)
    services.question_pin(actor=organiser, event=event, question=second)
    services.question_set_state(actor=organiser, question=third, state="deferred")
    services.board_configure(actor=organiser, event=event, premoderation=True)
    waiting = services.question_ask(actor=bob, event=event, text="Waiting for approval")
    declined = services.question_ask(actor=bob, event=event, text="Off topic")
    answered = services.question_ask(actor=bob, event=event, text="Answered while waiting")
    services.question_approve(actor=organiser, question=waiting)
    services.question_decline(actor=organiser, question=declined, reason="Off topic.")
    services.question_answer(actor=organiser, question=answered, text="Yes.")
    services.question_decline(actor=organiser, question=third, reason="Asked before.")


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("moderation", [False, True])
def test_snapshot_plus_events_is_fresh_snapshot(
    scene: Any, sort: str, moderation: bool, django_capture_on_commit_callbacks: Any
) -> None:
    applied, fresh = replayed(
        scene.event,
        lambda: _changes(scene),
        sort=sort,
        moderator=scene.organiser if moderation else None,
        capture=django_capture_on_commit_callbacks,
    )

    assert applied == fresh


def test_snapshot_plus_events_after_a_merge_reads_again(
    scene: Any, django_capture_on_commit_callbacks: Any
) -> None:
    def merge() -> None:
        services.question_merge(actor=scene.organiser, question=scene.first, into=scene.second)
        services.question_vote(actor=scene.alice, question=scene.second)

    applied, fresh = replayed(
        scene.event, merge, sort="votes", capture=django_capture_on_commit_callbacks
    )

    assert applied == fresh
    assert [i["id"] for i in fresh["items"]] == [scene.second.pk]


def test_every_event_published_has_its_type(
    scene: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = scene.event
    cursors = {m: snapshot(event, sort="votes", moderator=scene.organiser if m else None)["cursor"]
               for m in (False, True)}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        _changes(scene)
        services.question_merge(actor=scene.organiser, question=scene.first, into=scene.second)

    seen = [
        (kind, type(check_event(kind, data)).__name__)
        for moderation, cursor in cursors.items()
        for kind, data in missed(channel(event, moderation=moderation), cursor)
    ]
    assert {name for _kind, name in seen} == {
        "QuestionEvent", "RemovedEvent", "VoteEvent", "AnswerEvent", "PinnedEvent",
        "BoardSettingsEvent", "ReloadEvent",
    }  # fmt: skip


def test_check_event_refuses_an_unknown_shape() -> None:
    with pytest.raises(ValueError, match="not a 'vote' event"):
        check_event("vote", {"id": 1, "votes": 2, "extra": True})
