"""Counts read right in every language: "1 vote", "2 votes", through ngettext, and the
forms board.js picks by plural category."""

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from convene.qa import services
from convene.qa.languages import plural_forms

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "categories"),
    [
        ("en", ["one", "other"]),
        ("es", ["one", "other"]),  # "many" is for millions: board.js falls back to other
        ("fr", ["one", "other"]),
        ("ar", ["few", "many", "one", "other", "two", "zero"]),
    ],
)
def test_plural_forms_one_per_category(language: str, categories: list[str]) -> None:
    with translation.override(language):
        forms = plural_forms("vote", "votes")

    assert sorted(forms) == categories


def test_plural_forms_english_words() -> None:
    with translation.override("en"):
        assert plural_forms("vote", "votes") == {"one": "vote", "other": "votes"}


def test_board_counts_one_vote_singular(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hubs?")
    services.question_vote(actor=organiser, question=question)
    services.question_ask(actor=alice, event=event, text="Regions?")

    html = Client().get(f"/questions/events/{event.pk}/").content.decode()

    listed = html[html.index('id="qa-list"') :]  # after the template for new questions
    assert listed.count("data-votes-label>vote</span>") == 1
    assert listed.count("data-votes-label>votes</span>") == 1
