from io import StringIO

import pytest
from django.core.management import call_command

from convene.consultations.models import Feedback
from convene.programmes.models import (
    Ambassador,
    CountryConstraint,
    Proposal,
    Report,
    ReportPoint,
    Review,
)

pytestmark = pytest.mark.django_db


def test_demo_has_the_issue_s_eight_things_once() -> None:
    call_command("demo", stdout=StringIO())

    def counts() -> tuple[int, int, int]:
        return Ambassador.objects.count(), Proposal.objects.count(), Feedback.objects.count()

    first = counts()
    call_command("demo", stdout=StringIO())
    assert counts() == first

    languages = set(
        Ambassador.objects.filter(status="accepted").values_list("languages__code", flat=True)
    )
    assert {"bn", "hi", "ta", "ne"} <= languages
    assert set(Ambassador.objects.values_list("facilitator__username", flat=True)) == {
        "facilitator"
    }
    report = Report.objects.get(conversation__isnull=False)
    points = ReportPoint.objects.filter(report=report)
    assert points.count() == 2
    assert all(p.feedback and p.feedback.channel == "ambassador_report" for p in points)
    assert {p.feedback.chapter.slug for p in points} == {"roles-and-responsibilities"}
    assert report.conversation.request_status in ("requested", "accepted")
    meetup = Proposal.objects.get(kind="meetup")
    assert (meetup.country_id, meetup.state) == ("IN", "under_review")
    assert meetup.programme.reviewers.count() == 2
    assert Review.objects.filter(proposal=meetup).count() == 1
    pilot = Proposal.objects.get(kind="hub_pilot")
    assert pilot.state == "paid"
    assert pilot.hub.slug == "wikimedia-cee-hub"
    bangladesh = CountryConstraint.objects.get(country_id="BD")
    assert "institutional challenges" in bangladesh.summary
