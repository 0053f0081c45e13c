"""Consultation pages without JavaScript: reading a chapter, giving feedback by choosing a
paragraph and pasting a passage, a version's diff with the feedback that led to it and
the orphans, an item's page, recording on behalf of others, triage, translating,
publishing, the synthesis and its exports."""

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from convene.consultations import reports, services
from convene.consultations.models import (
    Feedback,
    FeedbackStatus,
    PlacementState,
    TranslationStatus,
    Version,
)
from convene.consultations.queries import web
from convene.directory.models import Region

pytestmark = pytest.mark.django_db

PAGE_LIMIT = 50 * 1024

DRAFT_2 = """# Roles and responsibilities

The movement is made of many groups, large and small.

Affiliates organise communities in their regions and languages, and share what they learn.

Non-affiliated groups are part of the movement too.
"""


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def give(setting: dict[str, Any], text: str, **fields: Any) -> Feedback:
    return services.feedback_give(
        actor=setting["member"], chapter=setting["chapter"], text=text, **fields
    )


def chapter_url(setting: dict[str, Any], name: str = "chapter", *args: Any) -> str:
    return reverse(f"consultations:{name}", args=[setting["chapter"].slug, *args])


# --- reading -----------------------------------------------------------------------------


def test_index_lists_chapters_with_their_version(
    published: Version, setting: dict[str, Any]
) -> None:
    response = Client().get(reverse("consultations:index"))

    assert response.status_code == 200
    assert "Roles &amp; Responsibilities" in response.content.decode()
    assert "Draft 1" in response.content.decode()


def test_site_navigation_links_to_consultations(published: Version) -> None:
    response = Client().get(reverse("consultations:index"))

    assert (
        f'<a href="{reverse("consultations:index")}">Consultations</a>' in response.content.decode()
    )


def test_chapter_page_shows_paragraphs_with_counts(
    published: Version, setting: dict[str, Any]
) -> None:
    give(setting, "Name the groups.", paragraph="p2")
    give(setting, "Which regions?", paragraph="p3", quote="in their regions")

    response = client_for(setting["member"]).get(chapter_url(setting))
    page = response.content.decode()

    assert response.status_code == 200
    assert page.count('<section class="para') == 4
    assert 'id="p-p2" data-key="p2"' in page
    assert "1 comment" in page
    assert 'action="/consultations/roles/give?version=1&amp;part=1"' in page
    assert len(response.content) < PAGE_LIMIT


def test_chapter_page_anonymous_is_asked_to_sign_in(published: Version, setting: dict) -> None:
    page = Client().get(chapter_url(setting)).content.decode()

    assert "Sign in to give feedback." in page
    assert 'id="give-form"' not in page


@pytest.mark.parametrize("count", [1, 5])
def test_chapter_page_queries_do_not_grow(
    published: Version,
    setting: dict[str, Any],
    count: int,
    django_assert_num_queries: Any,
) -> None:
    for n in range(count):
        give(setting, f"Point {n}", paragraph=f"p{1 + n % 4}")
    client = client_for(setting["member"])

    with django_assert_num_queries(QUERIES_CHAPTER):
        client.get(chapter_url(setting))


QUERIES_CHAPTER = 16  # with an empty cache


def test_paragraph_page_lists_its_feedback(published: Version, setting: dict[str, Any]) -> None:
    give(setting, "Name the groups.", paragraph="p2")
    give(setting, "Elsewhere.", paragraph="p3")

    page = Client().get(chapter_url(setting, "paragraph", "p2")).content.decode()

    assert "Name the groups." in page
    assert "Elsewhere." not in page


@pytest.mark.parametrize("count", [1, 5])
def test_paragraph_page_queries_do_not_grow(
    published: Version, setting: dict[str, Any], count: int, django_assert_num_queries: Any
) -> None:
    for n in range(count):
        give(setting, f"Point {n}", paragraph="p2")
    client = Client()

    with django_assert_num_queries(QUERIES_PARAGRAPH):
        response = client.get(chapter_url(setting, "paragraph", "p2"))
    assert response.content.decode().count('class="consult-item-text"') == count


QUERIES_PARAGRAPH = 6  # with an empty cache (the directory's version the sixth)


# --- giving feedback without JavaScript ----------------------------------------------------


def test_give_feedback_on_a_passage(published: Version, setting: dict[str, Any]) -> None:
    response = client_for(setting["member"]).post(
        chapter_url(setting, "give") + "?version=1",
        {"paragraph": "p4", "quote": "share a region", "text": "What about languages?"},
    )

    item = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/consultations/roles/?paragraph=p4#p-p4"
    assert (item.paragraph_key, item.quote, item.channel) == ("p4", "share a region", "web")


def test_give_feedback_refused_outside_the_period(
    published: Version, setting: dict[str, Any], clock: Any
) -> None:
    clock.set(dt.datetime(2031, 1, 5, 12, tzinfo=dt.UTC))

    response = client_for(setting["member"]).post(
        chapter_url(setting, "give") + "?version=1", {"paragraph": "p2", "text": "Late."}
    )

    assert response.status_code == 409
    assert "it is closed" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_give_feedback_with_a_passage_not_in_the_paragraph_says_so(
    published: Version, setting: dict[str, Any]
) -> None:
    response = client_for(setting["member"]).post(
        chapter_url(setting, "give") + "?version=1",
        {"paragraph": "p2", "quote": "not there at all", "text": "Hm."},
    )

    assert response.status_code == 400
    assert "The selected passage is not in that paragraph." in response.content.decode()


# --- versions -----------------------------------------------------------------------------


def publish_draft_2(setting: dict[str, Any], capture: Any) -> Version:
    with capture(execute=True):
        return services.version_publish(
            actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_2
        )


def test_version_diff_shows_changes_adopted_feedback_and_orphans(
    published: Version, setting: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    adopted = give(setting, "Say they share.", paragraph="p3")
    lost = give(setting, "Hubs need money.", paragraph="p4", quote="Hubs support groups")
    draft_2 = publish_draft_2(setting, django_capture_on_commit_callbacks)
    services.feedback_triage(
        actor=setting["drafter"],
        feedback=adopted,
        status=FeedbackStatus.ADOPTED,
        reason="Added.",
        adopted_in=2,
        adopted_key="p3",
    )

    response = Client().get(chapter_url(setting, "version", draft_2.number))
    page = response.content.decode()

    assert response.status_code == 200
    assert "<ins>" in page
    assert f'href="/consultations/feedback/{adopted.pk}/"' in page
    assert "Say they share." in page
    assert 'id="orphaned"' in page
    assert "Hubs need money." in page
    assert lost.placements.get(version=draft_2).state == PlacementState.ORPHANED


def test_feedback_page_shows_every_version(
    published: Version, setting: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    item = give(setting, "Name the groups.", paragraph="p2", quote="many groups")
    publish_draft_2(setting, django_capture_on_commit_callbacks)

    page = Client().get(reverse("consultations:feedback", args=[item.pk])).content.decode()

    assert "Draft 1" in page
    assert "Draft 2" in page
    assert page.count('class="tag consult-state-exact"') == 2


def test_feedback_page_unknown_is_404(db: None) -> None:
    assert Client().get(reverse("consultations:feedback", args=[999])).status_code == 404


def test_publish_form_publishes_and_shows_progress(
    published: Version, setting: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    give(setting, "Name the groups.", paragraph="p2")
    client = client_for(setting["drafter"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            chapter_url(setting, "publish"),
            {"label": "Draft 2", "text": DRAFT_2, "format": "markdown", "status": "open"},
        )
    page = client.get(response["Location"]).content.decode()

    assert response["Location"] == chapter_url(setting, "version", 2)
    assert "All 1 earlier items were carried to this version." in page or (
        "1 earlier item was carried to this version." in page
    )


def test_progress_fragment_for_htmx(published: Version, setting: dict[str, Any]) -> None:
    Version.objects.filter(pk=published.pk).update(
        reanchor_state="running", reanchor_total=10, reanchor_done=4
    )

    response = Client().get(chapter_url(setting, "progress", 1), HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert page.startswith('<div id="progress"')
    assert "4 of 10 items" in page
    assert 'hx-trigger="every 2s"' in page


# --- recording, triage, translating -----------------------------------------------------


def record_post(**extra: Any) -> dict[str, Any]:
    data = {
        "channel": "regional_conversation",
        "source": "Regional conversation, Lagos",
        "region": "",
        "language": "yo",
        "given_on": "2030-11-24",
        "points-TOTAL_FORMS": "5",
        "points-INITIAL_FORMS": "0",
        "points-0-paragraph": "p4",
        "points-0-text": "Hubs should serve languages too.",
        "points-1-paragraph": "",
        "points-1-text": "The chapter is too long.",
    }
    data.update(extra)
    return data


def test_ambassador_records_several_points(published: Version, setting: dict[str, Any]) -> None:
    response = client_for(setting["ambassador"]).post(chapter_url(setting, "record"), record_post())

    assert response.status_code == 302
    assert list(
        Feedback.objects.order_by("pk").values_list(
            "paragraph_key", "channel", "source", "language"
        )
    ) == [
        ("p4", "regional_conversation", "Regional conversation, Lagos", "yo"),
        ("", "regional_conversation", "Regional conversation, Lagos", "yo"),
    ]


def test_record_form_keeps_nothing_when_one_point_is_refused(
    published: Version, setting: dict[str, Any]
) -> None:
    response = client_for(setting["ambassador"]).post(
        chapter_url(setting, "record"), record_post(**{"points-1-quote": "nowhere to be seen"})
    )

    assert response.status_code == 400
    assert Feedback.objects.count() == 0
    assert "The selected passage is not in" in response.content.decode()


def test_triage_queue_and_setting_a_status(published: Version, setting: dict[str, Any]) -> None:
    item = give(setting, "Name the groups.", paragraph="p2")
    client = client_for(setting["drafter"])

    queue = client.get(chapter_url(setting, "triage"))
    response = client.post(
        reverse("consultations:triage_item", args=[item.pk]),
        {
            f"t{item.pk}-status": "not_adopted",
            f"t{item.pk}-reason": "Out of scope.",
            f"t{item.pk}-themes": "scope, groups",
            "next": chapter_url(setting, "triage"),
        },
    )

    item.refresh_from_db()
    assert queue.status_code == 200
    assert "Name the groups." in queue.content.decode()
    assert response.status_code == 302
    assert (item.status, item.status_reason) == ("not_adopted", "Out of scope.")
    assert sorted(item.themes.values_list("name", flat=True)) == ["groups", "scope"]


def test_triage_refusal_is_shown(published: Version, setting: dict[str, Any]) -> None:
    item = give(setting, "Name the groups.", paragraph="p2")

    response = client_for(setting["drafter"]).post(
        reverse("consultations:triage_item", args=[item.pk]),
        {f"t{item.pk}-status": "not_adopted", f"t{item.pk}-reason": ""},
    )

    assert response.status_code == 400
    assert "Say why it was not adopted." in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_triage_queue_queries_do_not_grow(
    published: Version, setting: dict[str, Any], count: int, django_assert_num_queries: Any
) -> None:
    for n in range(count):
        give(setting, f"Point {n}", paragraph="p2")
    client = client_for(setting["drafter"])

    with django_assert_num_queries(QUERIES_TRIAGE):
        client.get(chapter_url(setting, "triage"))


QUERIES_TRIAGE = 12


def test_merge_duplicates(published: Version, setting: dict[str, Any]) -> None:
    first = give(setting, "Name the groups.", paragraph="p2")
    second = give(setting, "Please name the groups.", paragraph="p2")

    response = client_for(setting["drafter"]).post(
        reverse("consultations:merge_item", args=[second.pk]), {"into": first.pk}
    )

    second.refresh_from_db()
    assert response.status_code == 302
    assert second.merged_into_id == first.pk


def test_translate_a_paragraph_and_read_it(published: Version, setting: dict[str, Any]) -> None:
    client = client_for(setting["member"])

    response = client.post(
        chapter_url(setting, "translate", 1),
        {"language": "es", "key": "p2", "text": "El movimiento tiene muchos grupos.", "done": "on"},
    )
    page = client.get(chapter_url(setting) + "?lang=es").content.decode()

    assert response.status_code == 302
    assert "El movimiento tiene muchos grupos." in page
    assert "3 paragraphs of this translation are behind the original" in page
    assert page.count("not translated yet") == 3


def test_translation_editor_shows_statuses(published: Version, setting: dict[str, Any]) -> None:
    services.translation_save(
        actor=setting["member"], version=published, language="es", key="p2", text="Hola"
    )

    page = client_for(setting["member"]).get(chapter_url(setting, "translate", 1) + "?lang=es")

    content = page.content.decode()
    assert f"{TranslationStatus.IN_PROGRESS.label}: 1" in content
    assert f"{TranslationStatus.MISSING.label}: 3" in content


# --- synthesis ------------------------------------------------------------------------------


def some_feedback(setting: dict[str, Any], count: int) -> None:
    region = Region.objects.create(slug="south-asia", name="South Asia", short_name="SA")
    for n in range(count):
        give(setting, f"Point {n}", paragraph="p2", language="bn" if n % 2 else "en",
             region=region.slug if n % 2 else None)  # fmt: skip


def test_synthesis_counts_charts_and_combined_filters(
    published: Version, setting: dict[str, Any]
) -> None:
    some_feedback(setting, 4)

    everything = Client().get(reverse("consultations:synthesis")).content.decode()
    narrowed = (
        Client()
        .get(reverse("consultations:synthesis") + "?language=bn&region=south-asia&chapter=roles")
        .content.decode()
    )

    assert "4 feedback items so far" in everything
    assert everything.count('<svg class="chart') == 6
    assert '<title id="chart-tchannel">By channel</title>' in everything
    assert "2 feedback items so far" in narrowed
    assert '<title id="chart-tparagraph">By paragraph</title>' in narrowed
    assert len(everything.encode()) < PAGE_LIMIT


@pytest.mark.parametrize("count", [1, 5])
def test_synthesis_queries_do_not_grow(
    published: Version, setting: dict[str, Any], count: int, django_assert_num_queries: Any
) -> None:
    some_feedback(setting, count)
    client = Client()

    with django_assert_num_queries(QUERIES_SYNTHESIS):
        client.get(reverse("consultations:synthesis") + "?chapter=roles")


QUERIES_SYNTHESIS = 9  # with an empty cache


def test_synthesis_exports_round_trip(published: Version, setting: dict[str, Any]) -> None:
    some_feedback(setting, 3)
    client = Client()
    query = "?language=bn"

    wiki = client.get(reverse("consultations:synthesis_wikitext") + query)
    csv_body = client.get(reverse("consultations:synthesis_csv") + query)
    json_body = client.get(reverse("consultations:synthesis_json") + query)

    rows = reports.read_csv(csv_body.content.decode())
    findings = reports.read_json(json_body.content.decode())
    counts, items = reports.read_wikitext(wiki.content.decode())
    assert [r.text for r in rows] == ["Point 1"]
    assert (rows[0].paragraph, rows[0].anchor, rows[0].region) == ("p2", "paragraph", "South Asia")
    assert findings.items == rows
    assert findings.total == 1
    assert counts["language"] == list(findings.counts["language"])
    assert [i.id for i in items] == [r.id for r in rows]
    assert json.loads(json_body.content)["filters"] == {"language": "bn"}
    assert "on_behalf" not in csv_body.content.decode()


def test_list_pages_stay_under_the_size_budget(published: Version, setting: dict[str, Any]) -> None:
    long = "A long point about the groups of the movement. " * 200
    for _n in range(web.PAGE_SIZE):
        give(setting, long, paragraph="p4", quote="Hubs support groups that share a region")
    drafter = client_for(setting["drafter"])

    sizes = {
        name: len(drafter.get(url).content)
        for name, url in [
            ("chapter", chapter_url(setting)),
            ("paragraph", chapter_url(setting, "paragraph", "p4")),
            ("triage", chapter_url(setting, "triage")),
            ("synthesis", reverse("consultations:synthesis") + "?chapter=roles"),
        ]
    }

    assert {name: size < PAGE_LIMIT for name, size in sizes.items()} == dict.fromkeys(
        sizes, True
    ), sizes


# --- importing, version status, periods -------------------------------------------------


def test_import_a_survey_csv(published: Version, setting: dict[str, Any]) -> None:
    data = "text,paragraph,language\nMore on hubs,4,en\nGroups,p2,fr\n"

    response = client_for(setting["ambassador"]).post(
        chapter_url(setting, "import"), {"kind": "survey", "text": data, "source": "Survey"}
    )

    assert response.status_code == 302
    assert list(
        Feedback.objects.order_by("pk").values_list("paragraph_key", "channel", "source")
    ) == [("p4", "survey", "Survey (line 2)"), ("p2", "survey", "Survey (line 3)")]


def test_import_a_survey_with_a_bad_row_names_its_line(
    published: Version, setting: dict[str, Any]
) -> None:
    response = client_for(setting["ambassador"]).post(
        chapter_url(setting, "import"),
        {"kind": "survey", "text": "text,paragraph\nok,1\nbad,p77\n"},
    )

    assert response.status_code == 400
    assert "Line 3" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_import_the_talk_page(published: Version, setting: dict[str, Any]) -> None:
    wikitext = (
        "== Hubs ==\n"
        "Hubs need a paragraph. [[User:Ravi|Ravi]] ([[User talk:Ravi|talk]]) "
        "10:00, 21 November 2030 (UTC)\n"
    )

    response = client_for(setting["drafter"]).post(
        chapter_url(setting, "import"), {"kind": "talk_page", "text": wikitext}
    )

    assert response.status_code == 302
    assert list(Feedback.objects.values_list("channel", "on_behalf_name")) == [
        ("talk_page", "Ravi")
    ]


def test_import_a_sessions_tagged_questions(published: Version, setting: dict[str, Any]) -> None:
    from convene.directory.models import Membership
    from convene.qa import services as qa_services
    from tests.qa.conftest import make_event

    event = make_event(setting["staff"], setting["drafter"])
    question = qa_services.question_ask(
        actor=setting["member"], event=event, text="Who funds hubs?", topic="roles"
    )
    # An answer is given for one of the answerer's organisations (here the committee).
    Membership.objects.create(organisation=setting["committee"], user=setting["drafter"])
    qa_services.question_answer(
        actor=setting["drafter"], question=question, text="Grants, mostly.", by="MCDC"
    )
    client = client_for(setting["drafter"])

    response = client.post(chapter_url(setting, "import"), {"kind": "questions", "event": event.pk})
    item = Feedback.objects.get()
    page = client.get(reverse("consultations:feedback", args=[item.pk])).content.decode()

    assert response.status_code == 302
    assert (item.channel, item.question_id, item.text) == (
        "question",
        question.pk,
        "Who funds hubs?",
    )
    assert f'href="/questions/{question.pk}/"' in page
    assert "MCDC response: Grants, mostly." in page


def test_drafter_closes_a_version_and_sets_a_period(
    published: Version, setting: dict[str, Any]
) -> None:
    client = client_for(setting["drafter"])

    closed = client.post(chapter_url(setting, "status", 1), {"status": "closed"})
    period = client.post(
        chapter_url(setting, "period_add"),
        {"title": "Second round", "starts_on": "2031-01-10", "ends_on": "2031-02-10"},
    )
    bad = client.post(
        chapter_url(setting, "period_add"), {"starts_on": "2031-03-10", "ends_on": "2031-02-10"}
    )
    page = client.get(chapter_url(setting, "versions")).content.decode()

    published.refresh_from_db()
    assert (closed.status_code, period.status_code, bad.status_code) == (302, 302, 400)
    assert published.status == "closed"
    assert "Second round: January 10, 2031 \N{EN DASH} February 10, 2031" in page


# --- right to left, query counts of the small lists ------------------------------------------


def test_synthesis_in_arabic_mirrors_its_charts(
    published: Version, setting: dict[str, Any], settings: Any
) -> None:
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "العربية")]
    some_feedback(setting, 2)

    page = Client().get(reverse("consultations:synthesis"), HTTP_ACCEPT_LANGUAGE="ar").content
    text = page.decode()

    assert 'dir="rtl"' in text
    # the label anchors at the right edge, the bar grows leftwards from x = 640 - 200
    assert '<text class="chart-label" x="448" y="18" text-anchor="start">' in text
    assert '<rect class="chart-bar" x="70.0"' in text


@pytest.mark.parametrize("count", [1, 5])
def test_index_queries_do_not_grow(
    setting: dict[str, Any], count: int, django_assert_num_queries: Any
) -> None:
    for n in range(count):
        chapter = services.chapter_create(
            actor=setting["staff"], charter=setting["charter"], slug=f"c{n}", title=f"C{n}"
        )
        services.version_publish(
            actor=setting["staff"], chapter=chapter, label="Draft 1", text="# C\n\nText.\n"
        )
    client = Client()

    with django_assert_num_queries(3):  # the chapters, their versions, the directory's version
        response = client.get(reverse("consultations:index"))
    with django_assert_num_queries(1):  # cached: the directory's version
        client.get(reverse("consultations:index"))
    assert response.content.decode().count('class="card"') == count + 1


def test_synthesis_trend_counts_every_day_zeros_included(
    published: Version, setting: dict[str, Any]
) -> None:
    from convene.consultations.queries import synthesis

    for day, channel in [(21, "email"), (24, "email"), (24, "survey")]:
        services.feedback_record(
            actor=setting["drafter"], chapter=setting["chapter"], text="A point.",
            channel=channel, given_at=dt.datetime(2030, 11, day, 9, tzinfo=dt.UTC),
        )  # fmt: skip

    result = synthesis.synthesis(filters=synthesis.Filters(), known=synthesis.choices())

    days = [dt.date(2030, 11, day) for day in (21, 22, 23, 24)]
    assert result.trend_unit == "day"
    assert result.trend == {
        "e-mail": list(zip(days, [1, 0, 0, 1], strict=True)),
        "survey": list(zip(days, [0, 0, 0, 1], strict=True)),
    }
    assert synthesis.trend_unit(dt.date(2022, 11, 1), dt.date(2026, 12, 1)) == "month"
    assert synthesis.trend_unit(dt.date(2026, 1, 1), dt.date(2026, 12, 1)) == "week"


def test_long_chapter_comes_in_parts(setting: dict[str, Any]) -> None:
    text = "# Long\n\n" + "\n\n".join(f"Paragraph number {n} of many." for n in range(2, 131))
    version = services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 1", text=text
    )
    last = version.paragraphs.get(position=130)
    client = client_for(setting["member"])

    first = client.get(chapter_url(setting)).content.decode()
    third = client.get(chapter_url(setting) + f"?paragraph={last.key}").content.decode()

    assert first.count('<section class="para') == web.PART_SIZE
    assert "Part 1 of 3 (130 paragraphs)" in first
    assert third.count('<section class="para') == 10
    assert f'id="p-{last.key}"' in third
    assert 'give?version=1&amp;part=3"' in third


def test_synthesis_is_cached_until_feedback_changes(
    published: Version, setting: dict[str, Any], django_assert_num_queries: Any
) -> None:
    some_feedback(setting, 2)
    client = Client()
    url = reverse("consultations:synthesis")
    client.get(url)

    with django_assert_num_queries(QUERIES_SYNTHESIS_CACHED):
        cached = client.get(url).content.decode()
    item = give(setting, "One more.", paragraph="p2")
    added = client.get(url).content.decode()
    services.feedback_triage(
        actor=setting["drafter"], feedback=item, status="not_adopted", reason="No."
    )
    triaged = client.get(url).content.decode()

    assert "2 feedback items so far" in cached
    assert "3 feedback items so far" in added
    assert "not adopted</td>" not in added
    assert "not adopted</td>" in triaged


QUERIES_SYNTHESIS_CACHED = 1  # the directory's version


def test_drafters_read_the_current_version_and_open_the_draft_by_number(
    published: Version, setting: dict[str, Any]
) -> None:
    services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_2,
        status="draft",
    )  # fmt: skip
    drafter, reader = client_for(setting["drafter"]), Client()

    current = drafter.get(chapter_url(setting)).content.decode()
    draft = drafter.get(chapter_url(setting) + "?version=2").content.decode()

    assert "Draft 1 · " in current
    assert "This is an earlier version." not in current
    assert "large and small" in draft
    assert reader.get(chapter_url(setting) + "?version=2").status_code == 404


def test_record_form_of_a_long_chapter_takes_paragraph_numbers(setting: dict[str, Any]) -> None:
    text = "# Long\n\n" + "\n\n".join(f"Paragraph number {n} of many." for n in range(2, 131))
    version = services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 1", text=text
    )
    client = client_for(setting["ambassador"])

    form = client.get(chapter_url(setting, "record"))
    response = client.post(
        chapter_url(setting, "record"), record_post(**{"points-0-paragraph": "120"})
    )

    assert len(form.content) < PAGE_LIMIT
    assert response.status_code == 302
    first = Feedback.objects.order_by("pk").first()
    assert first.paragraph_key == version.paragraphs.get(position=120).key
