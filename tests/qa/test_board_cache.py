"""The board's list is built once per board version for every reader (qa.board_html):
each reader still sees their own vote buttons and rights, and a change shows at once; so
are the API's question list and similar questions."""

import re
from typing import Any

import pytest
from django.test import Client

from convene.qa import services

pytestmark = pytest.mark.django_db

VOTE_FORM = re.compile(r'<form method="post" action="/questions/(\d+)/vote">')
PRESSED = re.compile(r'aria-pressed="(true|false)" aria-describedby="qt(\d+)"')


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def board(client: Client, event: Any, path: str = "") -> str:
    response = client.get(f"/questions/events/{event.pk}/{path}")
    assert response.status_code == 200
    return response.content.decode()


def test_board_cached_list_shows_each_reader_their_votes_and_rights(
    event: Any, organiser: Any, alice: Any, bob: Any
) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hubs?")
    services.question_vote(actor=bob, question=question)
    anonymous = Client()
    board(anonymous, event)  # the list is cached now

    bob_page = board(signed_in(bob), event)
    alice_page = board(signed_in(alice), event)
    organiser_page = board(signed_in(organiser), event)
    anonymous_page = board(anonymous, event)

    assert PRESSED.findall(bob_page) == [("true", str(question.pk))]
    assert 'name="action" value="withdraw"' in bob_page
    assert PRESSED.findall(alice_page) == [("false", str(question.pk))]
    assert VOTE_FORM.findall(anonymous_page) == []
    assert "<!--qa-vote" not in anonymous_page + bob_page
    assert f'href="/questions/events/{event.pk}/moderate"' in organiser_page
    assert f'href="/questions/events/{event.pk}/moderate"' not in anonymous_page + bob_page
    token = r'<input type="hidden" name="csrfmiddlewaretoken" value="\w+">'
    assert re.search(f'action="/questions/{question.pk}/vote">{token}', bob_page)


def test_board_list_of_board_js_shows_the_readers_votes_after_cached(
    event: Any, alice: Any, bob: Any
) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hubs?")
    services.question_vote(actor=bob, question=question)
    board(Client(), event, "list")

    html = board(signed_in(bob), event, "list?sort=votes&page=1")

    assert PRESSED.findall(html) == [("true", str(question.pk))]
    assert f'name="next" value="/questions/events/{event.pk}/list?sort=votes&amp;page=1#q' in html


def test_board_shows_a_change_at_once(event: Any, organiser: Any, alice: Any, bob: Any) -> None:
    client = Client()
    assert "No questions yet." in board(client, event)

    question = services.question_ask(actor=alice, event=event, text="Hubs?")
    assert "Hubs?" in board(client, event)

    services.question_vote(actor=bob, question=question)
    assert f'<span class="qa-count" data-votes="{question.pk}">1</span>' in board(client, event)

    services.question_answer(actor=organiser, question=question, text="Yes, soon.", by="MCDC")
    assert "Yes, soon." in board(client, event)

    services.question_set_hidden(actor=organiser, question=question, hidden=True)
    assert "Hubs?" not in board(client, event)


def test_board_shows_the_asker_their_declined_question_after_cached(
    event: Any, organiser: Any, alice: Any, bob: Any
) -> None:
    services.question_ask(actor=bob, event=event, text="Shown to all")
    question = services.question_ask(actor=alice, event=event, text="Off topic")
    services.question_decline(actor=organiser, question=question, reason="Not here")
    assert "Off topic" not in board(Client(), event)

    alice_page = board(signed_in(alice), event)
    bob_page = board(signed_in(bob), event)

    assert "Off topic" in alice_page
    assert "Declined: Not here" in alice_page
    assert "Shown to all" in alice_page
    assert "Off topic" not in bob_page


def test_api_questions_cached_page_shows_each_reader_their_votes_and_changes(
    event: Any, organiser: Any, alice: Any, bob: Any
) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hubs?")
    services.question_vote(actor=bob, question=question)
    url = f"/api/events/{event.pk}/questions"
    Client().get(url)  # the page is cached now

    def items(client: Client) -> list[tuple[str, int, bool]]:
        return [(i["text"], i["votes"], i["voted"]) for i in client.get(url).json()["items"]]

    assert items(signed_in(bob)) == [("Hubs?", 1, True)]
    assert items(signed_in(alice)) == [("Hubs?", 1, False)]
    assert items(Client()) == [("Hubs?", 1, False)]

    declined = services.question_ask(actor=alice, event=event, text="Off topic")
    services.question_decline(actor=organiser, question=declined, reason="Not here")
    services.question_vote(actor=alice, question=question)

    assert items(Client()) == [("Hubs?", 2, False)]
    assert sorted(items(signed_in(alice))) == [("Hubs?", 2, True), ("Off topic", 0, False)]
    assert sorted(items(signed_in(organiser))) == [("Hubs?", 2, False), ("Off topic", 0, False)]


@pytest.mark.usefixtures("unlimited")
def test_similar_shows_a_new_or_changed_question_at_once(
    event: Any, organiser: Any, alice: Any
) -> None:
    client = Client()
    url = "/questions/similar?q=funding+regional+hubs"
    assert "No similar question found." in client.get(url).content.decode()

    question = services.question_ask(actor=alice, event=event, text="Funding for regional hubs?")
    assert "Funding for regional hubs?" in client.get(url).content.decode()

    services.question_answer(actor=organiser, question=question, text="From the fund.", by="MCDC")
    assert "From the fund." in client.get(url).content.decode()

    services.question_set_hidden(actor=organiser, question=question, hidden=True)
    assert "No similar question found." in client.get(url).content.decode()
