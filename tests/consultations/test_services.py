"""Services: chapters, publishing with inherited keys, feedback and its placements,
re-anchoring in the background, triage and notices, periods, imports, translations."""

import datetime as dt
from typing import Any

import pytest

from convene.consultations import services
from convene.consultations.models import (
    Feedback,
    FeedbackPlacement,
    Paragraph,
    ReanchorState,
    Version,
    VersionStatus,
)
from convene.core.errors import Conflict, Invalid, NotAllowed, NotSignedIn
from convene.people.models import Notice
from tests.consultations.conftest import DRAFT_1

pytestmark = pytest.mark.django_db

DRAFT_2 = """# Roles and responsibilities

The movement is made of many groups.

Affiliates organise communities in their regions and languages, and share what they learn.

Non-affiliated groups are part of the movement too.
"""


def keys(version: Version) -> list[tuple[str, int, str]]:
    return list(
        Paragraph.objects.filter(version=version)
        .order_by("position")
        .values_list("key", "position", "change")
    )


def test_chapter_create_by_committee_and_staff_only(setting: dict[str, Any]) -> None:
    chapter = services.chapter_create(
        actor=setting["committee_member"], charter=setting["charter"], slug="preamble",
        title="Preamble",
    )  # fmt: skip
    assert chapter.order == 4
    with pytest.raises(NotAllowed):
        services.chapter_create(
            actor=setting["drafter"], charter=setting["charter"], slug="x", title="X"
        )
    with pytest.raises(Invalid) as refused:
        services.chapter_create(
            actor=setting["staff"], charter=setting["charter"], slug="preamble", title=""
        )
    assert {e.field for e in refused.value.errors} == {"slug", "title"}


def test_publish_first_version(published: Version) -> None:
    assert published.number == 1
    assert keys(published) == [("p1", 1, "new"), ("p2", 2, "new"), ("p3", 3, "new"),
                               ("p4", 4, "new")]  # fmt: skip
    assert published.removed_keys == []
    assert published.reanchor_state == ReanchorState.NONE


def test_publish_refuses_others_and_bad_text(setting: dict[str, Any]) -> None:
    with pytest.raises(NotAllowed):
        services.version_publish(
            actor=setting["member"], chapter=setting["chapter"], label="D", text="x"
        )
    with pytest.raises(Invalid) as refused:
        services.version_publish(
            actor=setting["drafter"],
            chapter=setting["chapter"],
            label="",
            text="  ",
        )
    assert refused.value.field in {"label", "text"}


def test_second_version_inherits_keys_and_supersedes(
    setting: dict[str, Any], published: Version, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        second = services.version_publish(
            actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_2
        )
    rows = keys(second)
    assert rows[0] == ("p1", 1, "same")
    assert rows[1] == ("p2", 2, "same")
    assert rows[2] == ("p3", 3, "edited")
    assert rows[3] == ("p5", 4, "new")
    assert second.removed_keys == ["p4"]
    published.refresh_from_db()
    assert published.status == VersionStatus.SUPERSEDED


def give(setting: dict[str, Any], **kwargs: Any) -> Feedback:
    return services.feedback_give(actor=setting["member"], chapter=setting["chapter"], **kwargs)


def test_give_feedback_anchors_and_places(setting: dict[str, Any], published: Version) -> None:
    whole = give(setting, text="Good chapter.")
    on_paragraph = give(setting, text="Which groups?", paragraph="p2")
    on_quote = give(setting, text="And languages?", quote="regions and languages")
    assert on_quote.paragraph_key == "p3"
    assert on_quote.prefix.endswith("communities in their ")
    states = dict(
        FeedbackPlacement.objects.filter(version=published).values_list("feedback_id", "state")
    )
    assert states == {whole.pk: "chapter", on_paragraph.pk: "paragraph", on_quote.pk: "exact"}
    with pytest.raises(Invalid) as refused:
        give(setting, text="x", paragraph="p2", quote="not there")
    assert refused.value.field == "quote"
    with pytest.raises(Invalid):
        give(setting, text="x", paragraph="p99")


def test_give_refused_when_anonymous_or_outside_period(
    setting: dict[str, Any], published: Version, clock: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotSignedIn):
        services.feedback_give(actor=AnonymousUser(), chapter=setting["chapter"], text="x")
    clock.set(dt.datetime(2030, 12, 19, 9, tzinfo=dt.UTC))
    with pytest.raises(Conflict) as refused:
        give(setting, text="late")
    assert "November 20, 2030" in refused.value.message
    assert "December 18, 2030" in refused.value.message


def test_reanchor_carries_feedback(
    setting: dict[str, Any], published: Version, django_capture_on_commit_callbacks: Any
) -> None:
    exact = give(setting, text="groups", quote="many groups")
    edited = give(setting, text="languages", quote="in their regions and languages")
    gone = give(setting, text="hubs?", quote="share a region or a theme")
    on_gone = give(setting, text="hubs!", paragraph="p4")
    whole = give(setting, text="all")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.version_publish(
            actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_2
        )
    second.refresh_from_db()
    assert second.reanchor_state == ReanchorState.DONE
    assert second.reanchor_total == second.reanchor_done == 5
    placed = {
        p.feedback_id: (p.state, p.paragraph_key, p.position)
        for p in FeedbackPlacement.objects.filter(version=second)
    }
    assert placed[exact.pk] == ("exact", "p2", 2)
    assert placed[edited.pk] == ("exact", "p3", 3)
    assert placed[gone.pk] == ("orphaned", "", None)
    assert placed[on_gone.pk] == ("orphaned", "", None)
    assert placed[whole.pk] == ("chapter", "", None)
    # Idempotent: running again changes nothing.
    services.version_reanchor(version_id=second.pk)
    assert FeedbackPlacement.objects.filter(version=second).count() == 5
    # The giver of feedback on changed paragraphs is told once.
    assert (
        Notice.objects.filter(recipient=setting["member"], kind="consultation_changed").count() == 1
    )


def test_record_on_behalf(setting: dict[str, Any], published: Version) -> None:
    item = services.feedback_record(
        actor=setting["ambassador"], chapter=setting["chapter"], text="From the call",
        channel="regional_conversation", name="Asha", contact="asha@example.org",
        source="South Asia conversation",
    )  # fmt: skip
    assert item.on_behalf_name == "Asha"
    assert item.recorded_by == setting["ambassador"]
    with pytest.raises(NotAllowed):
        services.feedback_record(
            actor=setting["member"], chapter=setting["chapter"], text="x", channel="email"
        )
    with pytest.raises(Invalid) as refused:
        services.feedback_record(
            actor=setting["drafter"], chapter=setting["chapter"], text="x", channel="session"
        )
    assert refused.value.field == "event"


def test_triage_status_themes_merge_notice(setting: dict[str, Any], published: Version) -> None:
    first = give(setting, text="Name non-affiliated groups", paragraph="p2")
    second = give(setting, text="Non-affiliated groups too", paragraph="p2")
    with pytest.raises(NotAllowed):
        services.feedback_triage(actor=setting["member"], feedback=first, status="considering")
    services.feedback_triage(
        actor=setting["drafter"], feedback=first, status="adopted", adopted_in=1,
        adopted_key="p2", themes=["Non-affiliated groups"],
    )  # fmt: skip
    first.refresh_from_db()
    assert (first.status, first.adopted_key) == ("adopted", "p2")
    assert [t.slug for t in first.themes.all()] == ["non-affiliated-groups"]
    assert Notice.objects.filter(recipient=setting["member"], kind="consultation_status").exists()
    with pytest.raises(Invalid) as refused:
        services.feedback_triage(actor=setting["drafter"], feedback=second, status="not_adopted")
    assert refused.value.field == "reason"
    services.feedback_merge(actor=setting["drafter"], feedback=second, into=first)
    assert list(first.duplicates.all()) == [second]
    with pytest.raises(Invalid):
        services.feedback_merge(actor=setting["drafter"], feedback=first, into=second)


def test_survey_import_names_the_line(setting: dict[str, Any], published: Version) -> None:
    data = "text,paragraph,language,name\nMore on hubs,4,en,Ravi\nGroups,p2,fr,\n"
    items = services.survey_import(actor=setting["drafter"], chapter=setting["chapter"], data=data)
    assert [(i.paragraph_key, i.language, i.on_behalf_name) for i in items] == [
        ("p4", "en", "Ravi"), ("p2", "fr", ""),
    ]  # fmt: skip
    assert FeedbackPlacement.objects.filter(feedback__in=items).count() == 2
    with pytest.raises(Invalid) as refused:
        services.survey_import(
            actor=setting["drafter"], chapter=setting["chapter"],
            data="text,paragraph\nok,1\nbad,p77\n",
        )  # fmt: skip
    assert "Line 3" in refused.value.message


def test_talk_page_import(setting: dict[str, Any], published: Version) -> None:
    wikitext = (
        "== Hubs ==\n"
        "Hubs need a paragraph. [[User:Ravi|Ravi]] ([[User talk:Ravi|talk]]) "
        "10:00, 21 November 2030 (UTC)\n"
        ":Agreed. [[User:Ana|Ana]] ([[User talk:Ana|talk]]) 11:00, 22 November 2030 (UTC)\n"
        "Too early. [[User:Old|Old]] ([[User talk:Old|talk]]) 11:00, 2 November 2030 (UTC)\n"
        "== Other ==\n"
        "An unsigned remark.\n"
    )
    items = services.talk_page_import(
        actor=setting["drafter"], chapter=setting["chapter"], wikitext=wikitext, source="Talk:R&R"
    )
    assert [(i.on_behalf_name, i.given_at.day) for i in items] == [
        ("Ravi", 21), ("Ana", 22), ("", 25),
    ]  # fmt: skip
    assert items[0].given_at == dt.datetime(2030, 11, 21, 10, tzinfo=dt.UTC)
    assert items[0].source == "Talk:R&R § Hubs (line 2)"
    again = services.talk_page_import(
        actor=setting["drafter"], chapter=setting["chapter"], wikitext=wikitext
    )
    assert again == []


def test_translations_carry_and_outdate(
    setting: dict[str, Any], published: Version, django_capture_on_commit_callbacks: Any
) -> None:
    from convene.consultations import queries

    for key in ("p2", "p3"):
        services.translation_save(
            actor=setting["member"], version=published, language="fr", key=key,
            text=f"fr {key}", done=True,
        )  # fmt: skip
    second = services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_2
    )
    view = {
        row.paragraph.key: row.status
        for row in queries.translation_view(version=second, language="fr")
    }
    assert view == {"p1": "missing", "p2": "done", "p3": "outdated", "p5": "missing"}
    assert queries.translation_summary(version=second)["fr"] == {
        "missing": 2, "done": 1, "outdated": 1
    }  # fmt: skip


def test_import_command(setting: dict[str, Any], tmp_path: Any) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    source = tmp_path / "draft.md"
    source.write_text(DRAFT_1, encoding="utf-8")
    out = StringIO()
    call_command("consultations", "import", "roles", str(source), "--as", "drafter", stdout=out)
    assert out.getvalue().splitlines()[0] == "roles: version 1 (Draft 1)"
    assert "   1 p1       new" in out.getvalue()
    with pytest.raises(CommandError, match="Only the chapter's drafting group"):
        call_command("consultations", "import", "roles", str(source), "--as", "member")
    with pytest.raises(CommandError, match="no chapter"):
        call_command("consultations", "import", "nope", str(source), "--as", "drafter")


@pytest.mark.parametrize("n", [3, 60])
def test_reanchor_queries_do_not_grow_with_items(
    setting: dict[str, Any], published: Version, n: int, django_assert_max_num_queries: Any
) -> None:
    for i in range(n):
        give(setting, text=f"item {i}", quote="many groups" if i % 2 else None, paragraph="p2")
    second = services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_2
    )
    with django_assert_max_num_queries(20):
        services.version_reanchor(version_id=second.pk)
    assert FeedbackPlacement.objects.filter(version=second).count() == n


def test_on_behalf_giver_with_an_account_is_told(
    setting: dict[str, Any], published: Version
) -> None:
    setting["other"].email = "Other@Example.org"
    setting["other"].save()
    item = services.feedback_record(
        actor=setting["ambassador"], chapter=setting["chapter"], text="By mail",
        channel="email", name="Other", contact="other@example.org",
    )  # fmt: skip
    nobody = services.feedback_record(
        actor=setting["ambassador"], chapter=setting["chapter"], text="By phone",
        channel="regional_conversation", name="Someone", contact="+1 555",
    )  # fmt: skip
    for feedback in (item, nobody):
        services.feedback_triage(actor=setting["drafter"], feedback=feedback, status="considering")
    told = Notice.objects.filter(kind="consultation_status")
    assert [n.recipient for n in told] == [setting["other"]]


def test_question_tagged_becomes_feedback_once(setting: dict[str, Any], published: Version) -> None:
    from convene.qa.models import Answer, Board, Question
    from tests.factories import EventFactory

    event = EventFactory(title="AMA")
    board = Board.objects.create(event=event)
    at = dt.datetime(2030, 11, 4, 9, tzinfo=dt.UTC)
    question = Question.objects.create(
        board=board, event=event, text="Will hubs be defined?", language="en", topic="roles",
        author=setting["other"], state="answered_written", created_at=at, updated_at=at,
    )  # fmt: skip
    Answer.objects.create(question=question, by="MCDC", text="Not yet.", created_at=at)
    with pytest.raises(NotAllowed):
        services.question_tag(
            actor=setting["member"], chapter=setting["chapter"], question=question
        )
    item = services.question_tag(
        actor=setting["drafter"], chapter=setting["chapter"], question=question
    )
    assert (item.channel, item.text, item.author, item.event, item.given_at) == (
        "question", "Will hubs be defined?", setting["other"], event, at,
    )  # fmt: skip
    again = services.questions_tag_by_topic(
        actor=setting["drafter"], chapter=setting["chapter"], event=event
    )
    assert again == [item]
    from convene.consultations import queries

    assert [a.text for a in queries.question_answers(feedback=item)] == ["Not yet."]


def test_version_status_moves(setting: dict[str, Any], published: Version) -> None:
    services.version_set_status(actor=setting["drafter"], version=published, status="closed")
    with pytest.raises(Conflict):
        services.feedback_give(actor=setting["member"], chapter=setting["chapter"], text="x")
    services.version_set_status(actor=setting["drafter"], version=published, status="final")
    with pytest.raises(Conflict):
        services.version_set_status(actor=setting["drafter"], version=published, status="open")


def test_feedback_on_open_version_is_placed_in_a_later_draft(
    setting: dict[str, Any], published: Version
) -> None:
    draft = services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_2,
        status="draft",
    )  # fmt: skip
    published.refresh_from_db()
    assert published.status == "open"
    item = give(setting, text="groups", quote="many groups")
    placed = dict(
        FeedbackPlacement.objects.filter(feedback=item).values_list("version_id", "state")
    )
    assert placed == {published.pk: "exact", draft.pk: "exact"}


def test_versions_published_in_quick_succession_carry_in_order(
    setting: dict[str, Any], published: Version
) -> None:
    item = give(setting, text="hubs", quote="share a region or a theme")
    second = services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_1
    )
    third = services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 3", text=DRAFT_2
    )
    services.version_reanchor(version_id=third.pk)  # before the second's task ran
    second.refresh_from_db()
    assert second.reanchor_state == ReanchorState.DONE
    states = [
        p.state for p in FeedbackPlacement.objects.filter(feedback=item).order_by("version__number")
    ]
    assert states == ["exact", "exact", "orphaned"]
