"""Importing notes into an event: what it creates, idempotency, additions, refusals, and
the round trip parse(render(event's Q&A)) == the Q&A read back from the database."""

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convene.core.errors import Refusal
from convene.notes.models import NoteImport
from convene.notes.parsing import Answer, Item, parse
from convene.notes.queries import event_items
from convene.notes.rendering import render_markdown, render_wikitext
from convene.notes.services import event_import_notes
from convene.qa import services as qa_services
from convene.qa.models import Answer as QaAnswer
from convene.qa.models import Question
from tests.notes.conftest import make_event
from tests.notes.strategies import item_lists

pytestmark = pytest.mark.django_db


def test_import_seed_gives_the_sessions_questions(
    event: Any, organiser: Any, seed_text: str
) -> None:
    outcome = event_import_notes(actor=organiser, event=event, text=seed_text)

    questions = list(Question.objects.filter(event=event).order_by("position"))
    assert (outcome.questions_added, outcome.answers_added) == (12, 13)
    assert [q.author_id for q in questions] == [None] * 12
    assert sum(q.parent_id is None for q in questions) == 10
    assert [q.text for q in questions if q.state == "open"] == [
        (
            "if we want to discuss strategy in India, and need to plan a meet up for that. "
            "Can we request a grant for such a meetup?"
        )
    ]
    pointer = QaAnswer.objects.get(question__event=event, refers_to_previous=True)
    assert pointer.text == "See the previous answer."
    assert event_items(event=event) == parse(seed_text).items


def test_import_is_recorded_each_time(event: Any, organiser: Any, seed_text: str) -> None:
    event_import_notes(actor=organiser, event=event, text=seed_text, source_name="seed.txt")
    event_import_notes(actor=organiser, event=event, text=seed_text)

    records = list(
        NoteImport.objects.order_by("pk").values_list(
            "imported_by__username", "source_name", "fmt", "questions_added", "answers_added"
        )
    )
    assert records == [("organiser", "seed.txt", "text", 12, 13), ("organiser", "", "text", 0, 0)]
    assert len({r.source_sha256 for r in NoteImport.objects.all()}) == 1


def test_same_notes_in_another_format_change_nothing(
    event: Any, organiser: Any, seed_text: str
) -> None:
    event_import_notes(actor=organiser, event=event, text=seed_text)
    ids = list(Question.objects.values_list("pk", flat=True))
    as_markdown = render_markdown(parse(seed_text).items)

    outcome = event_import_notes(actor=organiser, event=event, text=as_markdown)

    assert (outcome.changed, list(Question.objects.values_list("pk", flat=True))) == (False, ids)


def test_notes_that_add_to_an_import_add_just_that(event: Any, organiser: Any) -> None:
    event_import_notes(actor=organiser, event=event, text="* Q1?\n** Response: A1.\n* Q2?\n")

    outcome = event_import_notes(
        actor=organiser,
        event=event,
        text="* Q1?\n** Response: A1.\n** MCDC response: More.\n* Q2?\n** Response: Now.\n"
        "*** Follow up question: And then?\n* Q3?\n",
    )

    assert (outcome.questions_added, outcome.answers_added) == (2, 2)
    assert event_items(event=event) == [
        Item("question", "Q1?", (Answer(None, "A1."), Answer("MCDC", "More."))),
        Item("question", "Q2?", (Answer(None, "Now."),), (Item("question", "And then?"),)),
        Item("question", "Q3?"),
    ]


def test_notes_that_add_to_an_import_keep_the_board_activity(
    event: Any, organiser: Any, alice: Any
) -> None:
    event_import_notes(actor=organiser, event=event, text="* Q1?\n")
    question = Question.objects.get()
    qa_services.question_vote(actor=alice, question=question)
    followup = qa_services.question_ask(
        actor=alice, event=event, text="And the follow-up asked on the board?", parent=question
    )

    outcome = event_import_notes(
        actor=organiser, event=event, text="* Q1?\n** Response: Yes.\n* Q2?\n"
    )

    assert (outcome.questions_added, outcome.answers_added) == (1, 1)
    rows = Question.objects.order_by("pk")
    assert [(q.text, q.vote_count, q.state) for q in rows] == [
        ("Q1?", 1, "answered_written"),
        ("And the follow-up asked on the board?", 0, followup.state),
        ("Q2?", 0, "open"),
    ]
    assert list(QaAnswer.objects.values_list("question__text", "text")) == [("Q1?", "Yes.")]


def test_notes_adding_a_followup_nest_it_under_the_known_question(
    event: Any, organiser: Any
) -> None:
    event_import_notes(actor=organiser, event=event, text="* Q1?\n** Response: Yes.\n")
    first = Question.objects.get()

    event_import_notes(
        actor=organiser,
        event=event,
        text="* Q1?\n** Response: Yes.\n** Follow up question: Who decides?\n",
    )
    again = event_import_notes(
        actor=organiser,
        event=event,
        text="* Q1?\n** Response: Yes.\n** Follow up question: Who decides?\n",
    )

    assert list(Question.objects.order_by("pk").values_list("text", "parent_id")) == [
        ("Q1?", None),
        ("Who decides?", first.pk),
    ]
    assert again.changed is False


def test_import_of_notes_without_a_list_is_refused(event: Any, organiser: Any) -> None:
    with pytest.raises(Refusal) as raised:
        event_import_notes(actor=organiser, event=event, text="Heading\n\nJust prose.")

    assert (raised.value.status, raised.value.code) == (400, "empty")


def test_import_of_a_too_long_question_is_refused(event: Any, organiser: Any) -> None:
    with pytest.raises(Refusal) as raised:
        event_import_notes(actor=organiser, event=event, text="* " + "word " * 400)

    assert (raised.value.status, raised.value.code) == (400, "too_long")
    assert Question.objects.count() == 0


def test_import_by_a_participant_is_refused(event: Any, alice: Any, seed_text: str) -> None:
    with pytest.raises(Refusal) as raised:
        event_import_notes(actor=alice, event=event, text=seed_text)

    assert (raised.value.status, raised.value.code) == (403, "forbidden")


def test_import_unknown_format_is_refused(event: Any, organiser: Any) -> None:
    with pytest.raises(Refusal) as raised:
        event_import_notes(actor=organiser, event=event, text="* Q?", fmt="docx")

    assert (raised.value.status, raised.value.field) == (400, "fmt")


def _importable(items: list[Item]) -> bool:
    def ok(item: Item) -> bool:
        return (
            bool(item.text) and all(a.text for a in item.answers) and all(map(ok, item.followups))
        )

    return bool(items) and all(map(ok, items))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(items=item_lists(), fmt=st.sampled_from(["wikitext", "markdown"]))
def test_round_trip_through_the_database(
    admin: Any, organiser: Any, items: list[Item], fmt: str
) -> None:
    if not _importable(items):
        return
    event = make_event(admin, organiser)
    qa_services.notes_import(actor=organiser, event=event, items=[i.to_dict() for i in items])
    stored = event_items(event=event)
    render = render_wikitext if fmt == "wikitext" else render_markdown

    assert parse(render(stored), fmt).items == stored
    assert stored == items


HOSTILE = Item(
    "question",
    "* {{Delete}} [[Category:Spam]] ~~~~ <script>alert(1)</script>",
    (Answer("MCDC", "# not a list {{subst:x}}"),),
)


def test_hostile_text_cannot_break_the_wiki_list(event: Any, organiser: Any) -> None:
    qa_services.notes_import(actor=organiser, event=event, items=[HOSTILE.to_dict()])

    wikitext = render_wikitext(event_items(event=event))

    assert wikitext == (
        "* <nowiki>* {{Delete}} [[Category:Spam]] ~~~~ &lt;script>alert(1)&lt;/script></nowiki>\n"
        "** MCDC response: <nowiki># not a list {{subst:x}}</nowiki>\n"
    )
    assert parse(wikitext, "wikitext").items == [HOSTILE]


def test_notes_that_add_to_an_import_keep_moderation(event: Any, organiser: Any) -> None:
    event_import_notes(actor=organiser, event=event, text="* Q1?\n")
    question = Question.objects.get()
    qa_services.question_set_hidden(actor=organiser, question=question, hidden=True)

    event_import_notes(actor=organiser, event=event, text="* Q1?\n* Q2?\n")

    assert list(Question.objects.order_by("pk").values_list("text", "hidden")) == [
        ("Q1?", True),
        ("Q2?", False),
    ]
