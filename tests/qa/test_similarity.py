from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from convene.qa.queries import similar_questions
from convene.qa.services import question_answer, question_ask
from convene.qa.similarity import terms


def test_terms_drop_stop_words_and_fold_plurals() -> None:
    assert terms("What are the specific roles of the ambassadors?") == [
        "specific",
        "role",
        "ambassador",
    ]


def test_terms_keep_wide_script_words() -> None:
    assert terms("中文 hubs") == ["中文", "hub"]


def test_terms_empty_text() -> None:
    assert terms("   ") == []


def test_similar_finds_question_of_another_event_with_answer(
    event: Any, organiser: Any, alice: Any, admin: Any
) -> None:
    from tests.qa.conftest import make_event

    other = make_event(admin, organiser, title="Regional conversation")
    hubs = question_ask(
        actor=alice, event=other, text="How and when do you intend to start defining Hubs?"
    )
    question_ask(actor=alice, event=other, text="Can we request a regional strategy meetup?")
    question_answer(actor=organiser, question=hubs, text="The MCDC will define Hubs.", by="MCDC")

    found = similar_questions(text="When will hubs be defined?")

    assert [(s.question.pk, [a.text for a in s.answers]) for s in found] == [
        (hubs.pk, ["The MCDC will define Hubs."])
    ]


def test_similar_ignores_hidden_and_pending(event: Any, alice: Any, organiser: Any) -> None:
    from convene.qa.services import question_set_hidden

    hidden = question_ask(actor=alice, event=event, text="Ambassador translation work")
    question_set_hidden(actor=organiser, question=hidden, hidden=True)

    assert similar_questions(text="ambassador translation") == []


def test_similar_ranks_closer_question_first(event: Any, alice: Any) -> None:
    close = question_ask(actor=alice, event=event, text="Will translation be ambassador work?")
    far = question_ask(
        actor=alice, event=event, text="What is the issue with grants and translation budgets?"
    )

    found = similar_questions(text="Is translation part of the ambassador work?")

    assert [s.question.pk for s in found] == [close.pk, far.pk]


@given(st.text(max_size=400))
def test_terms_distinct_bounded_and_stable(text: str) -> None:
    found = terms(text)

    assert len(found) == len(set(found)) <= 60
    assert all(0 < len(term) <= 40 for term in found)
    assert terms(" ".join(found)) == found
