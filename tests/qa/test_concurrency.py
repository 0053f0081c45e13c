"""Votes under concurrency: no vote lost or doubled (PostgreSQL; SQLite writes one at a
time, so the race cannot happen there)."""

import threading
from typing import Any

import pytest
from django.db import connection, connections

from convene.qa import services
from convene.qa.models import Question, Vote
from tests.qa.conftest import make_person

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers; the voting race needs PostgreSQL",
    ),
]

VOTERS = 50


def test_fifty_simultaneous_voters_each_twice_counted_once(
    event: Any, alice: Any, unlimited: None
) -> None:
    question = services.question_ask(actor=alice, event=event, text="Popular?")
    voters = [make_person(f"racer{i}") for i in range(VOTERS)]
    start = threading.Barrier(VOTERS)
    errors: list[BaseException] = []

    def vote(voter: Any) -> None:
        try:
            start.wait(timeout=30)
            mine = Question.objects.get(pk=question.pk)
            services.question_vote(actor=voter, question=mine)
            services.question_vote(actor=voter, question=mine)
        except BaseException as exc:  # reported below, with the thread's own error
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(voter,)) for voter in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    question.refresh_from_db()
    assert errors == []
    assert (question.vote_count, Vote.objects.filter(question=question).count()) == (
        VOTERS,
        VOTERS,
    )


def test_simultaneous_vote_and_withdraw_keep_count_true(
    event: Any, alice: Any, unlimited: None
) -> None:
    question = services.question_ask(actor=alice, event=event, text="Changing minds")
    voters = [make_person(f"flip{i}") for i in range(VOTERS)]
    for voter in voters[: VOTERS // 2]:
        services.question_vote(actor=voter, question=question)
    start = threading.Barrier(VOTERS)
    errors: list[BaseException] = []

    def act(index: int, voter: Any) -> None:
        try:
            start.wait(timeout=30)
            mine = Question.objects.get(pk=question.pk)
            if index < VOTERS // 2:
                services.question_unvote(actor=voter, question=mine)
            else:
                services.question_vote(actor=voter, question=mine)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=pair) for pair in enumerate(voters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    question.refresh_from_db()
    assert errors == []
    assert (question.vote_count, Vote.objects.filter(question=question).count()) == (
        VOTERS // 2,
        VOTERS // 2,
    )
