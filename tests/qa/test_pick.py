"""Moderators pick the question to merge into, and the answer that answered a question
elsewhere, from the board's questions (similar ones first), without typing numbers."""

from typing import Any

import pytest
from django.test import Client

from convene.qa import queries, services
from convene.qa.models import Question, State

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def board(event: Any, organiser: Any, alice: Any, bob: Any) -> dict[str, Any]:
    first = services.question_ask(actor=bob, event=event, text="Who decides hub funding?")
    other = services.question_ask(actor=bob, event=event, text="Which languages are spoken?")
    duplicate = services.question_ask(actor=alice, event=event, text="Who decides funding of hubs")
    return {"first": first, "other": other, "duplicate": duplicate}


def test_merge_targets_similar_first(board: dict[str, Any]) -> None:
    found = queries.merge_targets(question=board["duplicate"])

    assert [(t.question.pk, t.similar) for t in found] == [
        (board["first"].pk, True),
        (board["other"].pk, False),
    ]


def test_merge_targets_search_by_words_and_number(board: dict[str, Any]) -> None:
    by_words = queries.merge_targets(question=board["duplicate"], search="languages")
    by_number = queries.merge_targets(question=board["duplicate"], search=f"#{board['other'].pk}")

    assert by_words[0].question.pk == board["other"].pk
    assert [t.question.pk for t in by_number] == [board["other"].pk]


def test_answer_targets_only_answered_questions(board: dict[str, Any], organiser: Any) -> None:
    answer = services.question_answer(
        actor=organiser, question=board["first"], text="The hub council does."
    )

    found = queries.answer_targets(question=board["duplicate"])

    assert [(t.question.pk, [a.pk for a in t.answers]) for t in found] == [
        (board["first"].pk, [answer.pk])
    ]


def test_pick_page_without_javascript_merges(board: dict[str, Any], organiser: Any) -> None:
    client = signed_in(organiser)
    duplicate, first = board["duplicate"], board["first"]

    page = client.get(f"/questions/{duplicate.pk}/pick?for=merge")
    response = client.post(
        f"/questions/{duplicate.pk}/moderate", {"action": "merge", "into": first.pk}
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(f'value="{first.pk}"') < html.index(f'value="{board["other"].pk}"')
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into_id) == (State.MERGED, first.pk)


def test_pick_fragment_searches(board: dict[str, Any], organiser: Any) -> None:
    response = signed_in(organiser).get(
        f"/questions/{board['duplicate'].pk}/pick", {"for": "merge", "q": "languages", "partial": 1}
    )

    html = response.content.decode()
    assert "<html" not in html
    assert html.index(f'value="{board["other"].pk}"') < html.index(f'value="{board["first"].pk}"')


def test_pick_page_answer_marks_answered_elsewhere(board: dict[str, Any], organiser: Any) -> None:
    answer = services.question_answer(actor=organiser, question=board["first"], text="The council.")
    client = signed_in(organiser)

    page = client.get(f"/questions/{board['duplicate'].pk}/pick?for=answer")
    client.post(
        f"/questions/{board['duplicate'].pk}/moderate",
        {"action": "state", "state": "answered_elsewhere", "answer": answer.pk},
    )

    assert f'name="answer" value="{answer.pk}"' in page.content.decode()
    question = Question.objects.get(pk=board["duplicate"].pk)
    assert (question.state, question.answered_elsewhere_id) == (
        State.ANSWERED_ELSEWHERE,
        answer.pk,
    )


def test_pick_page_refused_to_participant(board: dict[str, Any], alice: Any) -> None:
    response = signed_in(alice).get(f"/questions/{board['duplicate'].pk}/pick")

    assert response.status_code == 403


def test_moderation_controls_link_to_pickers(board: dict[str, Any], organiser: Any) -> None:
    html = signed_in(organiser).get(f"/questions/events/{board['first'].event_id}/moderate")

    text = html.content.decode()
    assert f"/questions/{board['first'].pk}/pick?for=merge" in text
    assert 'name="into" type="number"' not in text


@pytest.mark.usefixtures("unlimited")
@pytest.mark.parametrize("count", [1, 5])
def test_pick_page_query_count_constant(
    event: Any, organiser: Any, alice: Any, count: int, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        question = services.question_ask(actor=alice, event=event, text=f"Hub funding {number}")
        services.question_answer(actor=organiser, question=question, text="The council.")
    asked = services.question_ask(actor=alice, event=event, text="Who decides hub funding?")
    client = signed_in(organiser)

    # session, user, profile, the question, its event and rights, the shared words, the
    # most voted others, the candidates, their answers, unread notices: the same for any size
    with django_assert_num_queries(10):
        response = client.get(f"/questions/{asked.pk}/pick?for=answer")

    assert response.content.decode().count('name="answer"') == count
