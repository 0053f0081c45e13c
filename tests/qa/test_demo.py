from io import StringIO

import pytest
from django.core.management import call_command

from convene.events.models import Event
from convene.qa.models import Answer, Question

pytestmark = pytest.mark.django_db


def test_demo_enters_seed_notes_and_live_board_once() -> None:
    call_command("demo", stdout=StringIO())
    counts = (Question.objects.count(), Answer.objects.count())
    call_command("demo", stdout=StringIO())

    apac = Event.objects.get(
        title="Ask Me Anything about Movement Charter", edition_label="Asia-Pacific"
    )
    seed = Question.objects.filter(event=apac)
    top = [q.text[:40] for q in seed.filter(parent=None).order_by("position")]
    followups = {q.text[:30]: q.state for q in seed.exclude(parent=None)}
    pointer = Answer.objects.get(text="See the previous answer.")
    live = Question.objects.exclude(event=apac)
    assert (Question.objects.count(), Answer.objects.count()) == counts == (15, 14)
    assert len(top) == 10
    assert top[0] == "Are the non-affiliate organized wikimedi"
    assert top[-1] == "What is the issue with grants to Banglad"
    assert followups == {"To whom the hubs are going to ": "answered_written",
                         "if we want to discuss strategy": "open"}  # fmt: skip
    assert pointer.points_to.text.startswith("MCDC is in the process of considering")
    assert [(q.vote_count > 0, q.state) for q in live.order_by("pk")] == [
        (True, "open"),
        (False, "open"),
        (False, "answered_written"),
    ]
    assert live.first().board.pinned_id == live.first().pk
