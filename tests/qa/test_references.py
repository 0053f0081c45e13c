"""A reference to another answer ("answered elsewhere", an answer that points to another)
is to a public answer on the same board or in the same event series, and the question
page never shows a referenced answer its reader could not open."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from convene.qa import services
from tests.qa.conftest import make_event, make_person
from tests.qa.test_api import signed_in

pytestmark = pytest.mark.django_db

SECRET = "The hidden answer nobody may read"


@pytest.fixture
def scene(admin: Any, event: Any, organiser: Any, alice: Any) -> Any:
    """`event`'s board (moderated by `organiser`), and another event's board that
    `organiser` has no rights on, with a hidden answered question."""
    stranger = make_person("stranger")
    other = make_event(admin, stranger, title="Another board")
    hidden = services.question_ask(actor=alice, event=other, text="Hidden there")
    secret = services.question_answer(actor=stranger, question=hidden, text=SECRET)
    services.question_set_hidden(actor=stranger, question=hidden, hidden=True)
    public_there = services.question_ask(actor=alice, event=other, text="Public there")
    public_answer = services.question_answer(actor=stranger, question=public_there, text="Hi.")
    question = services.question_ask(actor=alice, event=event, text="Asked here")
    return SimpleNamespace(
        question=question, secret=secret, public_elsewhere=public_answer, stranger=stranger
    )


def _moderate(organiser: Any, question: Any, answer_id: int) -> Any:
    return signed_in(organiser).post(
        f"/api/questions/{question.pk}/moderation",
        {"action": "state", "state": "answered_elsewhere", "answer_id": answer_id},
        content_type="application/json",
    )


def _answer(organiser: Any, question: Any, points_to: int) -> Any:
    return signed_in(organiser).post(
        f"/api/questions/{question.pk}/answers",
        {"text": "See there.", "points_to": points_to},
        content_type="application/json",
    )


def test_answered_elsewhere_with_another_boards_hidden_answer_is_a_field_error(
    scene: Any, organiser: Any
) -> None:
    response = _moderate(organiser, scene.question, scene.secret.pk)
    page = Client().get(f"/questions/{scene.question.pk}/").content.decode()

    assert (response.status_code, response.json()["field"]) == (400, "answer_id")
    assert SECRET not in page


def test_answered_elsewhere_with_another_boards_public_answer_is_a_field_error(
    scene: Any, organiser: Any
) -> None:
    response = _moderate(organiser, scene.question, scene.public_elsewhere.pk)

    assert (response.status_code, response.json()["field"]) == (400, "answer_id")


def test_answer_pointing_to_another_boards_hidden_answer_is_a_field_error(
    scene: Any, organiser: Any
) -> None:
    response = _answer(organiser, scene.question, scene.secret.pk)
    page = Client().get(f"/questions/{scene.question.pk}/").content.decode()

    assert (response.status_code, response.json()["field"]) == (400, "points_to")
    assert SECRET not in page


def test_answered_elsewhere_with_an_unknown_answer_is_a_field_error(
    scene: Any, organiser: Any
) -> None:
    response = _moderate(organiser, scene.question, scene.secret.pk + 1000)

    assert (response.status_code, response.json()["field"]) == (400, "answer_id")


def test_answered_elsewhere_with_a_public_answer_on_the_same_board(
    event: Any, organiser: Any, alice: Any, scene: Any
) -> None:
    there = services.question_ask(actor=alice, event=event, text="Asked before")
    answer = services.question_answer(actor=organiser, question=there, text="Already said.")

    response = _moderate(organiser, scene.question, answer.pk)
    page = Client().get(f"/questions/{scene.question.pk}/").content.decode()

    assert (response.status_code, response.json()["answered_elsewhere"]) == (200, answer.pk)
    assert "Already said." in page


def test_answer_pointing_to_a_public_answer_of_another_edition_of_the_series(
    series_editions: list[Any], organiser: Any, alice: Any
) -> None:
    first, second = series_editions
    there = services.question_ask(actor=alice, event=first, text="Asked at the first")
    earlier = services.question_answer(actor=organiser, question=there, text="Said then.")
    here = services.question_ask(actor=alice, event=second, text="Asked again")

    response = _answer(organiser, here, earlier.pk)

    assert (response.status_code, response.json()["points_to"]) == (201, earlier.pk)


def test_answer_pointing_to_a_hidden_answer_of_the_same_board_is_a_field_error(
    event: Any, organiser: Any, alice: Any, scene: Any
) -> None:
    there = services.question_ask(actor=alice, event=event, text="Hidden here")
    answer = services.question_answer(actor=organiser, question=there, text=SECRET)
    services.question_set_hidden(actor=organiser, question=there, hidden=True)

    response = _answer(organiser, scene.question, answer.pk)

    assert (response.status_code, response.json()["field"]) == (400, "points_to")


def test_question_page_hides_a_reference_whose_question_left_the_board(
    event: Any, organiser: Any, alice: Any, scene: Any
) -> None:
    there = services.question_ask(actor=alice, event=event, text="Asked before")
    answer = services.question_answer(actor=organiser, question=there, text=SECRET)
    services.question_set_state(
        actor=organiser, question=scene.question, state="answered_elsewhere", answer=answer
    )
    pointer = services.question_ask(actor=alice, event=event, text="Another")
    services.question_answer(actor=organiser, question=pointer, text="As said.", points_to=answer)
    services.question_set_hidden(actor=organiser, question=there, hidden=True)

    pages = [
        Client().get(f"/questions/{q.pk}/").content.decode() for q in (scene.question, pointer)
    ]

    assert [SECRET in page for page in pages] == [False, False]
    assert "As said." in pages[1]
