"""Demo data for questions: the seed's Asia-Pacific Q&A on its event, and a live board on
an upcoming demo edition (questions, votes, an answer, one pinned).

The seed's notes are entered from `data/ama_asia_pacific.json` (the notes JSON, read from
the seed page) through `services.notes_import`, so the notes app need not exist. Idempotent:
a board that already has questions is left alone.
"""

import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from django.contrib.auth import get_user_model

from convene.core.clock import now
from convene.events.models import Event
from convene.qa import services
from convene.qa.models import Question
from convene.qa.queries import board_current

AMA_TITLE = "Ask Me Anything about Movement Charter"
LIVE_QUESTIONS = [
    ("member", "Will the regional conversation cover the Roles & Responsibilities chapter?"),
    ("organiser", "How can ambassadors send feedback from their language community?"),
    ("member", "Is there interpretation into Bahasa Indonesia for this session?"),
]


def _staff_actor() -> Any:
    users = get_user_model().objects
    return (
        users.filter(username__in=["organiser", "events-demo"], is_staff=True)
        .order_by("username")
        .last()
        or users.filter(is_staff=True).order_by("pk").first()
    )


def _seed_items() -> list[dict[str, Any]]:
    text = resources.files("convene.qa").joinpath("data", "ama_asia_pacific.json").read_text()
    items: list[dict[str, Any]] = json.loads(text)["items"]
    return items


def load(*, log: Callable[[str], None]) -> None:
    actor = _staff_actor()
    if actor is None:
        log("qa: no staff account to enter questions with; skipped")
        return
    apac = Event.objects.filter(
        title=AMA_TITLE, edition_label="Asia-Pacific", is_sample=True
    ).first()
    if apac is None:
        log("qa: the Asia-Pacific AMA event is missing; skipped its notes")
    elif not Question.objects.filter(event=apac).exists():
        made = services.notes_import(actor=actor, event=apac, items=_seed_items())
        log(f"qa: entered {len(made)} questions from the Asia-Pacific AMA notes")

    upcoming = (
        Event.objects.filter(is_sample=True, sort_start__gt=now(), starts_at__isnull=False)
        .order_by("sort_start", "pk")
        .first()
    )
    if upcoming is None:
        log("qa: no upcoming demo event; no live board")
        return
    board = board_current(upcoming)
    if board.pk is not None and board.questions.exists():
        return
    users = get_user_model().objects
    asked = []
    for username, text in LIVE_QUESTIONS:
        author = users.filter(username=username).first() or actor
        asked.append(services.question_ask(actor=author, event=upcoming, text=text, language="en"))
    for voter in users.filter(is_active=True, profile__blocked=False).order_by("pk")[:5]:
        services.question_vote(actor=voter, question=asked[0])
    services.question_answer(
        actor=actor,
        question=asked[2],
        text="Not this time: interpretation is into Chinese and Japanese. Ask in any language.",
        by="Support staff",
    )
    services.question_pin(actor=actor, event=upcoming, question=asked[0])
    log(f"qa: live demo board on {upcoming.display_title} (/questions/events/{upcoming.pk}/)")
