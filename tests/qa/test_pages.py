import json
import re
from typing import Any

import pytest
from django.test import Client

from convene.qa import services
from convene.qa.models import Question, Vote
from tests.qa.conftest import make_person

pytestmark = pytest.mark.django_db

ITEM = re.compile(r'<li class="qa-item[^"]*" id="q\d+"')


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_board_page_lists_questions_with_answers(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Ambassadors?")
    services.question_answer(actor=organiser, question=question, text="Open to all.", by="MCDC")

    response = Client().get(f"/questions/events/{event.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ambassadors?" in html
    assert "MCDC response:" in html
    assert f'data-stream="/live/events/{event.pk}' in html


def test_board_page_escapes_markup(event: Any, alice: Any) -> None:
    services.question_ask(actor=alice, event=event, text="<script>alert(1)</script>")

    html = Client().get(f"/questions/events/{event.pk}/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_board_page_unknown_event_is_404() -> None:
    assert Client().get("/questions/events/123456/").status_code == 404


def test_ask_form_creates_and_redirects(event: Any, alice: Any) -> None:
    response = signed_in(alice).post(
        f"/questions/events/{event.pk}/ask", {"text": "From the form", "kind": "question"}
    )

    question = Question.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        f"/questions/events/{event.pk}/#q{question.pk}",
    )


def test_ask_form_empty_shows_error_400(event: Any, alice: Any) -> None:
    response = signed_in(alice).post(
        f"/questions/events/{event.pk}/ask", {"text": "", "kind": "question"}
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_ask_form_closed_board_409_keeps_text(event: Any, organiser: Any, alice: Any) -> None:
    services.board_set_open(actor=organiser, event=event, is_open=False)

    response = signed_in(alice).post(
        f"/questions/events/{event.pk}/ask", {"text": "Too late", "kind": "question"}
    )

    assert response.status_code == 409
    assert "This board is closed to new questions." in response.content.decode()


def test_ask_form_logged_out_401(event: Any) -> None:
    response = Client().post(
        f"/questions/events/{event.pk}/ask", {"text": "Hi", "kind": "question"}
    )

    assert response.status_code == 401


def test_vote_form_then_withdraw(event: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Vote")
    client = signed_in(bob)

    client.post(f"/questions/{question.pk}/vote")
    after_vote = Question.objects.get().vote_count
    client.post(f"/questions/{question.pk}/vote", {"action": "withdraw"})

    assert (after_vote, Question.objects.get().vote_count) == (1, 0)


def test_vote_form_logged_out_401(event: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Vote")

    assert Client().post(f"/questions/{question.pk}/vote").status_code == 401


def test_moderation_page_refused_to_participant(event: Any, alice: Any) -> None:
    assert signed_in(alice).get(f"/questions/events/{event.pk}/moderate").status_code == 403


def test_moderation_page_shows_pending(event: Any, organiser: Any, alice: Any) -> None:
    services.board_configure(actor=organiser, event=event, premoderation=True)
    services.question_ask(actor=alice, event=event, text="Waiting here")

    response = signed_in(organiser).get(f"/questions/events/{event.pk}/moderate")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Waiting here" in html
    assert "Approve" in html
    assert "token=" in html


def test_moderate_form_pin_then_presenter_shows(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="On the big screen")

    signed_in(organiser).post(f"/questions/{question.pk}/moderate", {"action": "pin"})
    html = Client().get(f"/questions/events/{event.pk}/presenter").content.decode()

    assert f'data-pinned="{question.pk}">On the big screen' in html


def test_moderate_form_by_participant_403(event: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Q")

    response = signed_in(bob).post(f"/questions/{question.pk}/moderate", {"action": "hide"})

    assert response.status_code == 403


def test_board_settings_form(event: Any, organiser: Any, bob: Any) -> None:
    response = signed_in(organiser).post(
        f"/questions/events/{event.pk}/settings",
        {"premoderation": "on", "is_open": "on", "moderator": "bob"},
    )

    board = event.qa_board
    assert response.status_code == 302
    assert (board.premoderation, board.allow_anonymous, list(board.moderators.all())) == (
        True,
        False,
        [bob],
    )


def test_board_settings_form_unknown_moderator_saves_nothing(event: Any, organiser: Any) -> None:
    services.board_ensure(event=event)

    response = signed_in(organiser).post(
        f"/questions/events/{event.pk}/settings",
        {"premoderation": "on", "allow_anonymous": "on", "moderator": "nobody"},
    )

    board = services.board_ensure(event=event)
    assert response.status_code == 400
    assert "No one has that user name." in response.content.decode()
    assert (board.premoderation, board.allow_anonymous, board.closed_at) == (False, False, None)
    assert list(board.moderators.all()) == []


def test_question_page_answer_form(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Q")

    form = signed_in(organiser).get(f"/questions/{question.pk}/").content.decode()
    signed_in(organiser).post(
        f"/questions/{question.pk}/answer",
        {"text": "Done", "organisation": "mcdc", "mode": "written"},
    )
    html = Client().get(f"/questions/{question.pk}/").content.decode()

    assert '<option value="mcdc">MCDC</option>' in form
    assert 'name="by"' not in form  # free text only for staff
    assert '<a href="/directory/mcdc/">MCDC response:</a>' in html
    assert "answered in writing" in html


def test_question_page_answer_free_text_body_for_staff(event: Any, admin: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Q")

    form = signed_in(admin).get(f"/questions/{question.pk}/").content.decode()
    signed_in(admin).post(
        f"/questions/{question.pk}/answer", {"text": "Done", "by": "Support", "mode": "written"}
    )

    assert 'name="by"' in form
    assert question.answers.get().by == "Support"


def test_ask_form_picks_the_language_by_name_reader_first(event: Any) -> None:
    """The language is a picker (typed by name, in the reader's language): the reader's
    own languages (profile, then interface and browser) are offered first when a name is
    ambiguous, and the question is stored with the code."""
    reader = make_person("reader", languages=["bn"])
    client = signed_in(reader)
    html = client.get(
        f"/questions/events/{event.pk}/", HTTP_ACCEPT_LANGUAGE="en-GB, ne;q=0.5"
    ).content.decode()
    assert 'name="language"' in html
    assert "people/picker.js" in html
    suggested = client.get(
        "/people/suggest/languages/?q=", HTTP_ACCEPT_LANGUAGE="en-GB, ne;q=0.5"
    ).content.decode()
    mine = re.findall(r'data-code="([\w-]+)" data-name="[^"]*" class="mine"', suggested)
    assert mine == ["bn", "en", "ne"]  # profile, interface, browser

    client.post(
        f"/questions/events/{event.pk}/ask",
        {"text": "Hubs?", "language": "Bangla", "kind": "question"},
    )

    assert Question.objects.get(text="Hubs?").language == "bn"


def test_ask_form_language_names_in_the_reader_language(event: Any, alice: Any) -> None:
    client = signed_in(alice)
    client.post(
        f"/questions/events/{event.pk}/ask",
        {"text": "Les hubs ?", "language": "allemand", "kind": "question"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert Question.objects.get(text="Les hubs ?").language == "de"


def test_ask_form_unknown_language_is_a_field_error(event: Any, alice: Any) -> None:
    response = signed_in(alice).post(
        f"/questions/events/{event.pk}/ask",
        {"text": "Hubs?", "language": "Klingonish", "kind": "question"},
    )

    assert response.status_code in {200, 400}
    assert "Klingonish" in response.content.decode()
    assert not Question.objects.filter(text="Hubs?").exists()


def test_question_page_pending_hidden_from_others(event: Any, organiser: Any, alice: Any) -> None:
    services.board_configure(actor=organiser, event=event, premoderation=True)
    question = services.question_ask(actor=alice, event=event, text="Q")

    assert Client().get(f"/questions/{question.pk}/").status_code == 404
    assert signed_in(alice).get(f"/questions/{question.pk}/").status_code == 200


def test_unanswered_page_and_assign(event: Any, organiser: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Meetup grant for India?")
    client = signed_in(organiser)

    client.post(f"/questions/{question.pk}/assign", {"assignee": "bob", "due_on": "2099-01-31"})
    html = client.get(f"/questions/events/{event.pk}/unanswered").content.decode()

    assert "Meetup grant for India?" in html
    assert 'value="bob"' in html
    assert Question.objects.get().assignee == bob


def test_similar_fragment(event: Any, alice: Any) -> None:
    services.question_ask(actor=alice, event=event, text="What is the issue with grants?")

    html = Client().get("/questions/similar?text=grants+to+Bangladesh").content.decode()

    assert "What is the issue with grants?" in html


def test_export_json_has_notes_shape(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hubs?")
    services.question_answer(actor=organiser, question=question, text="Later.", by="MCDC")
    services.question_ask(actor=alice, event=event, text="To whom?", parent=question)

    body = json.loads(Client().get(f"/questions/events/{event.pk}/export.json").content)

    item = body["items"][0]
    assert (item["kind"], item["text"], item["answers"][0]["by"]) == ("question", "Hubs?", "MCDC")
    assert [f["text"] for f in item["followups"]] == ["To whom?"]


def test_export_csv_rows(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text='Hubs, "quoted"?')
    services.question_answer(actor=organiser, question=question, text="Later.", by="MCDC")

    response = Client().get(f"/questions/events/{event.pk}/export.csv")

    lines = response.content.decode().splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == (
        "id,parent_id,kind,text,state,votes,language,topic,author,asked_at,asked_at_event,answers"
    )
    assert lines[1].startswith(f'{question.pk},,question,"Hubs, ""quoted""?",answered_written,0')
    assert lines[1].endswith(",MCDC: Later.")


@pytest.mark.usefixtures("unlimited")
@pytest.mark.parametrize("count", [1, 5])
def test_board_page_query_count_constant(
    event: Any,
    organiser: Any,
    alice: Any,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    voter = make_person("voter")
    for number in range(count):
        question = services.question_ask(actor=organiser, event=event, text=f"Question {number}")
        services.question_answer(actor=organiser, question=question, text="A", by="MCDC")
        services.question_ask(actor=organiser, event=event, text="F", parent=question)
        Vote.objects.create(question=question, voter=voter, created_at=question.created_at)
    client = signed_in(alice)

    # session, user, profile (3), then event+board+rights, questions, follow-ups, answers (4),
    # the reader's votes and own questions (1), the unread notices count in the header (1)
    with django_assert_num_queries(9):
        response = client.get(f"/questions/events/{event.pk}/")
    # The list from the cache: no questions, follow-ups, answers.
    with django_assert_num_queries(6):
        again = client.get(f"/questions/events/{event.pk}/")

    assert len(ITEM.findall(response.content.decode())) == count * 2
    assert ITEM.findall(again.content.decode()) == ITEM.findall(response.content.decode())


@pytest.mark.usefixtures("unlimited")
@pytest.mark.parametrize("count", [1, 5])
def test_moderation_page_query_count_constant(
    event: Any, organiser: Any, count: int, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        services.question_ask(actor=organiser, event=event, text=f"Question {number}")
    client = signed_in(organiser)

    # + the unread notices count in the header
    with django_assert_num_queries(8):
        response = client.get(f"/questions/events/{event.pk}/moderate")

    assert len(ITEM.findall(response.content.decode())) == count


def test_board_page_shows_a_page_then_the_next(event: Any, organiser: Any, settings: Any) -> None:
    from convene.qa import queries

    settings.QA_RATE_LIMITS = {"ask": (0, 60)}
    for number in range(queries.BOARD_PAGE + 1):
        services.question_ask(actor=organiser, event=event, text=f"Question {number}")

    first = Client().get(f"/questions/events/{event.pk}/?sort=newest").content.decode()
    second = Client().get(f"/questions/events/{event.pk}/?sort=newest&page=2").content.decode()
    both = Client().get(f"/questions/events/{event.pk}/list?sort=newest&pages=2").content.decode()

    assert (len(ITEM.findall(first)), len(ITEM.findall(second))) == (queries.BOARD_PAGE, 1)
    assert len(ITEM.findall(both)) == queries.BOARD_PAGE + 1
    assert 'rel="next" data-more="2" href="?sort=newest&amp;page=2"' in first
    assert "Question 0" in second
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second


@pytest.mark.parametrize("count", [1, 5])
def test_presenter_query_count_constant(
    event: Any, organiser: Any, count: int, django_assert_num_queries: Any
) -> None:
    asked = [
        services.question_ask(actor=organiser, event=event, text=f"Q{n}") for n in range(count)
    ]
    services.question_pin(actor=organiser, event=event, question=asked[-1])

    with django_assert_num_queries(2):
        html = Client().get(f"/questions/events/{event.pk}/presenter").content.decode()

    assert f'data-pinned="{asked[-1].pk}">Q{count - 1}<' in html


def test_similar_fragment_rate_limited(settings: Any) -> None:
    settings.QA_RATE_LIMITS = {"similar": (1, 60)}
    client = Client()
    client.get("/questions/similar?q=hubs")

    assert client.get("/questions/similar?q=hubs").status_code == 429


@pytest.mark.usefixtures("unlimited")
@pytest.mark.parametrize("count", [1, 5])
def test_unanswered_page_query_count_constant(
    event: Any, organiser: Any, alice: Any, count: int, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        question = services.question_ask(actor=alice, event=event, text=f"Q{number}")
        services.question_ask(actor=alice, event=event, text=f"F{number}", parent=question)
    client = signed_in(organiser)

    # session, user, profile, event+board+rights, the questions, unread notices
    with django_assert_num_queries(6):
        html = client.get(f"/questions/events/{event.pk}/unanswered").content.decode()

    assert html.count('<tr id="q') == count * 2


@pytest.mark.usefixtures("unlimited")
@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_query_count_constant(
    event: Any, organiser: Any, count: int, fmt: str, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        question = services.question_ask(actor=organiser, event=event, text=f"Q{number}")
        services.question_answer(actor=organiser, question=question, text="A", by="MCDC")

    # event+board, questions, answers
    with django_assert_num_queries(3):
        response = Client().get(f"/questions/events/{event.pk}/export.{fmt}")

    assert response.status_code == 200


@pytest.mark.usefixtures("unlimited")
@pytest.mark.parametrize("count", [1, 5])
def test_similar_query_count_constant(
    event: Any, alice: Any, count: int, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        services.question_ask(actor=alice, event=event, text=f"Regional meetup grants {number}")

    # candidate terms, the questions, their lengths, their answers
    with django_assert_num_queries(4):
        html = Client().get("/questions/similar?q=regional+meetup+grants").content.decode()

    assert html.count("<li>") == count
