"""Programmes in a browser, without JavaScript doing the work: apply as an ambassador with
no affiliation and be accepted; host a conversation and file its report, whose points
become feedback on the chapter; propose a meetup grant from Bangladesh and see the
constraint before writing it; two reviewers approve it."""

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from convene.consultations.models import Feedback
from convene.people.models import Notice
from convene.programmes import services
from convene.programmes.models import Ambassador, Proposal, Round
from tests.e2e import session
from tests.programmes.conftest import DAY, accepted, world  # noqa: F401 (the fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    """As another person: the previous one's cookies go first."""
    page.context.clear_cookies()
    session.sign_in(page, live_server, user)


def test_apply_with_no_affiliation_and_be_accepted(
    page: Any,
    live_server: Any,
    world: dict[str, Any],  # noqa: F811 (the fixture)
) -> None:
    sign_in(page, live_server, world["member"])
    page.goto("/programmes/")
    page.get_by_role("link", name="Apply to be an ambassador").click()
    assert "you do not need to belong to any group" in page.content()
    page.get_by_label("Language communities you will cover").select_option(["hi"])
    page.get_by_label("host conversations").check()
    page.get_by_label("Why, and how you will reach your community").fill("I edit in Hindi.")
    page.get_by_role("button", name="Apply").click()
    assert page.locator("#ambassadorships").inner_text().count("applied") == 1

    item = Ambassador.objects.get(user=world["member"])
    sign_in(page, live_server, world["staff"])
    page.goto("/programmes/me/")
    page.locator("#applications").get_by_role("link").first.click()
    page.get_by_label("Accept").check()
    page.get_by_label("Message to the applicant").fill("Welcome")
    page.get_by_role("button", name="Save the decision").click()
    assert page.locator("#status").inner_text() == "accepted"
    item.refresh_from_db()
    assert item.status == "accepted"
    page.goto("/programmes/?language=hi")
    assert "member" in page.locator("#ambassadors").inner_text()


def test_host_report_and_see_the_points_as_feedback(
    page: Any,
    live_server: Any,
    world: dict[str, Any],  # noqa: F811 (the fixture)
    accepted: Any,  # noqa: F811 (the fixture)
) -> None:
    sign_in(page, live_server, world["ambassador"])
    page.goto("/programmes/me/")
    page.get_by_role("link", name="Host a conversation").first.click()
    start = DAY - dt.timedelta(days=1)
    page.get_by_label("Title").fill("Bangla charter conversation")
    page.get_by_label("Starts (UTC)").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends (UTC)").fill((start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Create the conversation").click()
    page.get_by_role("link", name="File the report").click()
    page.get_by_label("What the conversation said").fill("We talked about hubs.")
    page.locator("#id_chapter_0").select_option("roles")
    page.locator("#id_text_0").fill("Hubs must answer to their communities")
    page.locator("#id_community_0").select_option("bangla-wikipedia")
    page.get_by_role("button", name="File the report").click()
    assert "became feedback" in page.locator("#points").inner_text()
    item = Feedback.objects.get(channel="ambassador_report")
    shown = page.request.get("/api/chapters/roles/feedback?channel=ambassador_report").json()
    assert [f["id"] for f in shown["items"]] == [item.pk]
    assert shown["items"][0]["community"] == "bangla-wikipedia"


def test_meetup_grant_from_bangladesh_shows_the_constraint_then_two_reviewers_approve(
    page: Any,
    live_server: Any,
    world: dict[str, Any],  # noqa: F811 (the fixture)
) -> None:
    services.constraint_set(
        actor=world["staff"],
        country=world["bd"],
        kind="delayed",
        summary="There are various institutional challenges in disbursing grants.",
        what_to_do="Talk to the grants team first.",
    )
    sign_in(page, live_server, world["member"])
    page.goto("/programmes/grants/new/")
    page.get_by_label("Country where the money is spent").select_option("BD")
    page.get_by_role("button", name="Continue").click()
    constraint = page.locator("#constraints")
    assert "institutional challenges" in constraint.inner_text()
    assert "Talk to the grants team first." in constraint.inner_text()
    page.get_by_label("What is it for").select_option("meetup")
    page.get_by_label("Title").fill("Dhaka strategy meetup")
    page.get_by_label("Amount").fill("150000")
    page.get_by_label("Currency").select_option("BDT")
    page.get_by_role("button", name="Save as a draft").click()
    assert page.locator("#state").inner_text() == "draft"
    page.get_by_role("button", name="Move to: submitted").click()
    assert page.locator("#state").inner_text() == "submitted"
    proposal = Proposal.objects.get(title="Dhaka strategy meetup")
    services.proposal_transition(actor=world["staff"], proposal=proposal, to="under_review")

    for who in ("reviewer", "reviewer2"):
        sign_in(page, live_server, world[who])
        page.goto(f"/programmes/grants/{proposal.pk}/")
        assert "institutional challenges" in page.locator("#constraints").inner_text()
        page.get_by_label("approve").check()
        page.get_by_label("Impact").select_option("4")
        page.get_by_role("button", name="Save the review").click()
    sign_in(page, live_server, world["staff"])
    page.goto(f"/programmes/grants/{proposal.pk}/")
    page.get_by_label("Public decision note").first.fill("Funded")
    page.get_by_role("button", name="Move to: approved").click()
    assert page.locator("#state").inner_text() == "approved"


# Screenshots to look at (var/ is not committed).
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", Path(__file__).parents[2] / "var" / "e2e"))


def test_an_ambassador_withdraws_after_confirming_and_leaves_the_directory(
    page: Any,
    live_server: Any,
    world: dict[str, Any],  # noqa: F811 (the fixture)
    accepted: Any,  # noqa: F811 (the fixture)
) -> None:
    page.goto("/programmes/")
    assert "ambassador" in page.locator("#ambassadors").inner_text()
    sign_in(page, live_server, world["ambassador"])
    page.goto("/programmes/me/")
    page.locator("#ambassadorships").get_by_role("link", name="Withdraw").click()
    page.get_by_role("button", name="Withdraw").click()  # not confirmed: nothing happens
    accepted.refresh_from_db()
    assert (page.url.endswith("/withdraw/"), accepted.status) == (True, "accepted")
    page.get_by_label("A word for your facilitator (optional)").fill("Exams this term")
    page.get_by_label("Yes, I withdraw from this round").check()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "programmes-withdraw.png"), full_page=True)
    page.get_by_role("button", name="Withdraw").click()
    assert "withdrawn" in page.locator("#ambassadorships").inner_text()
    assert page.get_by_role("link", name="Apply again").is_visible()
    accepted.refresh_from_db()
    assert accepted.status == "withdrawn"
    page.goto("/programmes/")
    assert page.locator("#ambassadors").count() == 0
    assert Notice.objects.filter(
        recipient=world["facilitator"], kind="programmes_ambassador_withdrew"
    ).exists()


def test_staff_create_a_round_in_the_browser(
    page: Any,
    live_server: Any,
    world: dict[str, Any],  # noqa: F811 (the fixture)
) -> None:
    sign_in(page, live_server, world["staff"])
    page.goto("/programmes/me/")
    page.get_by_role("link", name="Rounds and grant programmes").click()
    page.get_by_role("link", name="New round").click()
    page.get_by_label("Short name in addresses").fill("ambassadors-2031")
    page.get_by_label("Title").fill("Ambassadors 2031")
    page.get_by_label("Starts").fill("2031-03-01")
    page.get_by_label("Ends", exact=True).fill("2031-08-31")
    page.get_by_label("Conversations each ambassador hosts").fill("2")
    page.screenshot(path=str(SHOTS / "programmes-round-form.png"), full_page=True)
    page.get_by_role("button", name="Create the round").click()
    assert "Ambassadors 2031" in page.locator("#rounds").inner_text()
    page.screenshot(path=str(SHOTS / "programmes-setup.png"), full_page=True)
    made = Round.objects.get(slug="ambassadors-2031")
    assert (made.conversations_required, made.series is not None) == (2, True)
    page.goto("/programmes/apply/")
    assert "For Ambassadors 2031." in page.content()


def test_a_grantee_files_the_report_with_a_receipt_only_the_allowed_download(
    page: Any,
    live_server: Any,
    world: dict[str, Any],  # noqa: F811 (the fixture)
    tmp_path: Path,
) -> None:
    from tests.programmes.conftest import PDF
    from tests.programmes.test_api import _paid

    proposal = _paid(world)
    receipt = tmp_path / "venue-invoice.pdf"
    receipt.write_bytes(PDF)
    sign_in(page, live_server, world["member"])
    page.goto(f"/programmes/grants/{proposal.pk}/")
    page.get_by_role("link", name="File the report").click()
    page.get_by_label("What the grant did").fill("Forty people met for two days.")
    page.get_by_label("Receipts (PDF or images, kept privately)").set_input_files(str(receipt))
    page.get_by_role("button", name="File the report").click()
    link = page.locator("#receipts").get_by_role("link", name="venue-invoice.pdf")
    page.screenshot(path=str(SHOTS / "programmes-grant-receipts.png"), full_page=True)
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == PDF
    sign_in(page, live_server, world["ambassador"])
    page.goto(f"/programmes/grants/{proposal.pk}/")
    assert page.locator("#receipts").count() == 0
