"""The questions an event's notes brought in, as qa defines them (for the notes app)."""

from typing import Any

from convene.qa import queries, services
from tests.qa.conftest import make_event

NOTES = [
    {
        "kind": "question",
        "text": "Where are the hubs?",
        "answers": [{"by": "MCDC", "text": "In every region."}],
        "followups": [{"kind": "question", "text": "And in Asia?"}],
    },
    {"kind": "comment", "text": "Thanks for the session."},
]


def test_questions_from_notes_are_the_imported_ones_in_notes_order(
    admin: Any, event: Any, organiser: Any, alice: Any
) -> None:
    services.question_ask(actor=alice, event=event, text="Asked on the board")
    imported = services.notes_import(actor=organiser, event=event, items=NOTES)
    services.question_set_hidden(actor=organiser, question=imported[1], hidden=True)
    other = make_event(admin, organiser, title="Another session")
    services.notes_import(actor=organiser, event=other, items=NOTES[:1])

    found = queries.questions_from_notes(event=event)

    assert [q.text for q in found] == [
        "Where are the hubs?",
        "And in Asia?",
        "Thanks for the session.",
    ]


def test_items_from_notes_is_the_tree_of_questions_answers_and_followups(
    event: Any, organiser: Any, alice: Any
) -> None:
    services.question_ask(actor=alice, event=event, text="Asked on the board")
    services.notes_import(actor=organiser, event=event, items=NOTES)

    top, questions = queries.items_from_notes(event=event)

    assert [i.question.text for i in top] == ["Where are the hubs?", "Thanks for the session."]
    assert [len(i.answers) for i in top] == [1, 0]
    assert [c.question.text for c in top[0].children] == ["And in Asia?"]
    assert len(questions) == 3


def test_questions_from_notes_is_one_query(
    event: Any, organiser: Any, django_assert_num_queries: Any
) -> None:
    services.notes_import(actor=organiser, event=event, items=NOTES)

    with django_assert_num_queries(1):
        queries.questions_from_notes(event=event)
