"""Mixed-direction user text: every question, answer and name carries `dir="auto"` (or
sits in `<bdi>`) and a question its own `lang`, so an Arabic question on an English board
and an English name on an Arabic page read right."""

import re
from typing import Any

import pytest
from django.test import Client

from convene.qa import services

pytestmark = pytest.mark.django_db

ARABIC = "كيف ستعمل المراكز الإقليمية؟"


def test_arabic_question_on_english_board_tagged(event: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text=ARABIC, language="ar")

    board = Client().get(f"/questions/events/{event.pk}/").content.decode()
    page = Client().get(f"/questions/{question.pk}/").content.decode()

    assert f'<p class="qa-text" id="qt{question.pk}" dir="auto" lang="ar">{ARABIC}</p>' in board
    assert f'dir="auto" lang="ar">{ARABIC}</h1>' in page
    assert '<html lang="en" dir="ltr">' in board


def test_english_name_on_arabic_page_isolated(event: Any, alice: Any, organiser: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hubs?", language="en")
    services.question_answer(actor=organiser, question=question, text="Yes.")

    html = (
        Client().get(f"/questions/events/{event.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    )

    assert '<html lang="ar" dir="rtl">' in html
    assert f"<bdi>{alice.profile.name}</bdi>" in html
    assert re.search(r'dir="auto" lang="en">Hubs\?</p>', html)
    assert '<span dir="auto">Yes.</span>' in html


def test_untagged_question_still_auto_direction(event: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text=ARABIC)

    html = Client().get(f"/questions/events/{event.pk}/").content.decode()

    assert f'id="qt{question.pk}" dir="auto">{ARABIC}</p>' in html
