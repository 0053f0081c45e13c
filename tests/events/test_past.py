"""Search across past and upcoming; finished events shown as held; recent sessions with
notes on the front page."""

import datetime as dt

import pytest
from django.urls import reverse

from convene.notes.services import event_import_notes
from tests.events.conftest import START

pytestmark = pytest.mark.django_db

NOTES = "• Will ambassadors be paid?\n  • Response: No, they volunteer.\n"


def test_search_shows_past_matches_marked_held(client, make_event, clock):
    make_event(title="Ask Me Anything: Asia-Pacific", start=START - dt.timedelta(days=30))
    make_event(title="Ask Me Anything: Americas", start=START - dt.timedelta(days=20))
    make_event(title="Regional conversation", start=START - dt.timedelta(days=10))
    clock.set(START)

    page = client.get(reverse("events:index"), {"q": "Ask Me Anything"})

    body = page.content.decode()
    assert [e.title for e in page.context["past_events"]] == [
        "Ask Me Anything: Americas",
        "Ask Me Anything: Asia-Pacific",
    ]
    assert "No upcoming events match." in body
    assert '<span class="tag held">held</span>' in body
    assert ">2 past sessions match</a>" in body
    assert "when=past" in page.context["past_query"]


def test_search_past_count_is_singular_for_one(client, make_event, clock):
    make_event(title="Ask Me Anything", start=START - dt.timedelta(days=30))
    clock.set(START)

    body = client.get(reverse("events:index"), {"q": "ask me"}).content.decode()

    assert ">1 past session matches</a>" in body


def test_search_of_past_only_shows_no_second_list(client, make_event, clock):
    make_event(title="Ask Me Anything", start=START - dt.timedelta(days=30))
    clock.set(START)

    page = client.get(reverse("events:index"), {"q": "ask me", "when": "past"})

    assert (page.context["past_count"], len(page.context["events"])) == (0, 1)


def test_detail_of_finished_event_says_held_and_links_answers(client, make_event, clock):
    event = make_event(title="Ask Me Anything")
    clock.set(START + dt.timedelta(days=1))

    body = client.get(reverse("events:detail", args=[event.pk])).content.decode()

    assert "This session was held." in body
    assert f'href="{reverse("qa:board", args=[event.pk])}">Questions and answers</a>' in body


def test_front_page_leads_to_recent_sessions_with_notes(client, make_event, clock, organiser):
    noted = make_event(title="AMA with notes", start=START - dt.timedelta(days=5))
    make_event(title="Session without notes", start=START - dt.timedelta(days=4))
    event_import_notes(actor=organiser, event=noted, text=NOTES)
    clock.set(START)

    page = client.get("/")

    assert [pk for pk, _head, _tail in page.context["recent"]] == [noted.pk]
    assert "Recently held: read the notes and answers" in page.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_search_with_past_matches_query_count(
    client, make_event, clock, django_assert_num_queries, count
):
    for day in range(count):
        make_event(title="Ask Me Anything", start=START - dt.timedelta(days=day + 1))
        make_event(title="Ask Me Anything", start=START + dt.timedelta(days=day + 1))
    clock.set(START)

    with django_assert_num_queries(13):
        client.get(reverse("events:index"), {"q": "Ask"})


def test_front_page_shows_notes_imported_after_it_was_cached(client, make_event, clock, organiser):
    noted = make_event(title="AMA with notes", start=START - dt.timedelta(days=5))
    clock.set(START)
    before = client.get("/").content.decode()

    event_import_notes(actor=organiser, event=noted, text=NOTES)
    after = client.get("/").content.decode()

    heading = "Recently held: read the notes and answers"
    assert (heading in before, heading in after, "AMA with notes" in after) == (False, True, True)


def test_front_page_shows_a_session_answered_after_it_was_cached(
    client, make_event, clock, organiser
):
    from convene.qa import services as qa

    held = make_event(title="AMA answered later", start=START - dt.timedelta(days=5))
    clock.set(START - dt.timedelta(days=6))
    question = qa.question_ask(actor=organiser, event=held, text="Will hubs get grants?")
    clock.set(START)
    before = client.get("/").content.decode()

    qa.question_answer(actor=organiser, question=question, text="Yes, small ones.")
    after = client.get("/").content.decode()

    assert ("AMA answered later" in before, "AMA answered later" in after) == (False, True)
