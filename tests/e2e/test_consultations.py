"""Consultations in a browser: a reader selects a passage and comments on it; an organiser
records the points of a regional conversation; the drafting group publishes draft 2 and
sees one item adopted into a changed paragraph and another orphaned."""

from typing import Any

import pytest
from django.core.cache import cache

from convene.consultations import services
from convene.consultations.models import Feedback
from convene.directory.models import Kind, Membership, Organisation, Region
from tests.consultations import conftest as consultations
from tests.consultations.conftest import make_person
from tests.e2e.session import sign_in

# The consultation tests' fixtures, for these browser tests too.
frozen = consultations.frozen
setting = consultations.setting
published = consultations.published

pytestmark = pytest.mark.django_db(transaction=True)

DRAFT_2 = """# Roles and responsibilities

The movement is made of many groups, large and small.

Affiliates organise communities in their regions and languages, and share what they learn.

Non-affiliated groups are part of the movement too.
"""


def select_words(page: Any, key: str, words: str) -> None:
    """Select `words` inside paragraph `key` as a mouse would, and let go of the button."""
    page.evaluate(
        """([key, words]) => {
          const para = document.querySelector(`[data-key="${key}"] .para-text`);
          const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            const at = node.textContent.indexOf(words);
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + words.length);
              const selection = window.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
              para.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
              return;
            }
          }
          throw new Error("words not found");
        }""",
        [key, words],
    )


def test_select_a_passage_and_comment(
    page: Any, live_server: Any, published: Any, setting: dict
) -> None:
    sign_in(page, live_server, setting["member"])

    page.goto("/consultations/roles/")
    select_words(page, "p4", "share a region")
    assert page.locator("#selection-text").inner_text() == "“share a region”"
    page.get_by_role("button", name="Comment on the selected passage").click()
    page.get_by_role("textbox", name="Your feedback").fill(
        "What about groups that share a language?"
    )
    page.get_by_role("button", name="Send feedback").click()

    page.wait_for_url("**/consultations/roles/?paragraph=p4#p-p4")
    assert "Thank you: your feedback is item" in page.get_by_role("status").inner_text()
    assert page.locator("#p-p4").get_by_role("link", name="1 comment").count() == 1
    item = Feedback.objects.get()
    assert (item.paragraph_key, item.quote, item.channel) == ("p4", "share a region", "web")
    page.set_viewport_size({"width": 1000, "height": 900})
    page.screenshot(path="var/shot-consultations-chapter.png", full_page=True)


def test_organiser_records_a_regional_conversation(
    page: Any, live_server: Any, published: Any, setting: dict
) -> None:
    organiser = make_person("organiser")
    hub = Organisation.objects.create(slug="west-africa-hub", name="West Africa Hub", kind=Kind.HUB)
    Membership.objects.create(organisation=hub, user=organiser, role="coordinator")
    Region.objects.create(slug="ssa", name="Sub-Saharan Africa", short_name="SSA")
    sign_in(page, live_server, organiser)

    page.goto("/consultations/roles/record")
    page.get_by_label("Channel").select_option("regional_conversation")
    page.get_by_label("Source").fill("Regional conversation, Lagos")
    page.get_by_label("Region").select_option("ssa")
    page.get_by_role("textbox", name="Language").fill("yo")
    first, second = (
        page.locator("fieldset.consult-point").nth(1),
        page.locator("fieldset.consult-point").nth(2),
    )
    first.get_by_label("About").select_option("p4")
    first.get_by_label("Point").fill("Hubs should serve languages, not only regions.")
    second.get_by_label("Point").fill("The chapter should say who funds hubs.")
    page.get_by_role("button", name="Record these points").click()

    assert "Recorded 2 points from Regional conversation, Lagos." in (
        page.get_by_role("status").inner_text()
    )
    assert list(
        Feedback.objects.order_by("pk").values_list(
            "paragraph_key", "channel", "region__slug", "language", "recorded_by__username"
        )
    ) == [
        ("p4", "regional_conversation", "ssa", "yo", "organiser"),
        ("", "regional_conversation", "ssa", "yo", "organiser"),
    ]


def test_publish_draft_2_and_see_adopted_and_orphaned(
    page: Any, live_server: Any, published: Any, setting: dict
) -> None:
    adopted = services.feedback_give(
        actor=setting["member"], chapter=setting["chapter"], text="Say that affiliates share.",
        paragraph="p3",
    )  # fmt: skip
    services.feedback_give(
        actor=setting["other"], chapter=setting["chapter"], text="Hubs need money.",
        paragraph="p4", quote="Hubs support groups",
    )  # fmt: skip
    sign_in(page, live_server, setting["drafter"])

    page.goto("/consultations/roles/versions/new")
    page.get_by_label("Label").fill("Draft 2")
    page.get_by_label("Text").fill(DRAFT_2)
    page.get_by_role("button", name="Publish").click()

    page.wait_for_url("**/consultations/roles/versions/2/")
    assert "Draft 2 is published." in page.get_by_role("status").inner_text()
    page.get_by_text("All 2 earlier items were carried to this version.").wait_for()
    orphans = page.get_by_role("region", name="Orphaned feedback")
    assert "Hubs need money." in orphans.inner_text()

    page.goto(f"/consultations/feedback/{adopted.pk}/")
    page.get_by_label("Status").select_option("adopted")
    page.get_by_label("Reason").fill("Draft 2 says they share what they learn.")
    page.get_by_label("Adopted in version (number)").fill("2")
    page.get_by_label("Paragraph it changed (key)").fill("p3")
    page.get_by_role("button", name="Save").click()
    page.goto("/consultations/roles/versions/2/")

    changed = page.locator("#d-p3")
    assert (
        "Say that affiliates share."
        in changed.get_by_role("list", name="Feedback that led to this change").inner_text()
    )
    assert changed.locator("ins").count() >= 1
    page.screenshot(path="var/shot-consultations-version.png", full_page=True)
    cache.clear()  # a fresh test database can repeat an earlier test's data stamp
    page.goto("/consultations/synthesis/?chapter=roles")
    page.screenshot(path="var/shot-consultations-synthesis.png", full_page=True)
