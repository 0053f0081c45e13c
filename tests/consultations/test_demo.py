from io import StringIO

import pytest
from django.core.management import call_command

from convene.consultations.models import Chapter, Feedback, FeedbackPlacement, Version

pytestmark = pytest.mark.django_db


def test_demo_shows_carried_adopted_and_orphaned_feedback_once() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    counts = (Version.objects.count(), Feedback.objects.count())
    call_command("demo", stdout=StringIO())
    assert (Version.objects.count(), Feedback.objects.count()) == counts

    assert [c.title for c in Chapter.objects.order_by("order")] == [
        "Preamble", "Values & Principles", "Roles & Responsibilities",
    ]  # fmt: skip
    roles = Chapter.objects.get(slug="roles-and-responsibilities")
    draft_2 = Version.objects.get(chapter=roles, number=2)
    assert draft_2.reanchor_state == "done"
    states = set(FeedbackPlacement.objects.filter(version=draft_2).values_list("state", flat=True))
    assert {"exact", "orphaned", "paragraph"} <= states
    assert FeedbackPlacement.objects.filter(version=draft_2).count() == (
        Feedback.objects.filter(chapter=roles).count()
    )
    channels = set(Feedback.objects.filter(chapter=roles).values_list("channel", flat=True))
    assert "talk_page" in channels
    assert {"web", "regional_conversation", "ambassador_report", "email", "survey",
            "question"} <= channels  # fmt: skip
    from_questions = Feedback.objects.filter(chapter=roles, channel="question")
    assert from_questions.count() >= 2
    adopted = Feedback.objects.get(chapter=roles, channel="question", status="adopted")
    assert adopted.adopted_in == draft_2
    assert "non-affiliate" in adopted.question.text
