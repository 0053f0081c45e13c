"""The consultation pages' cached parts (a chapter's text, the chapters list, the
synthesis): a change made through the services shows on the next visit, and each reader
sees their own controls when another kind of reader filled the cache."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from convene.consultations import services
from convene.consultations.models import ConsultationPeriod, Version

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def chapter_page(client: Client, setting: dict[str, Any], query: str = "") -> str:
    url = reverse("consultations:chapter", args=[setting["chapter"].slug])
    return client.get(url + query).content.decode()


def give(setting: dict[str, Any], text: str, **fields: Any) -> Any:
    return services.feedback_give(
        actor=setting["member"], chapter=setting["chapter"], text=text, **fields
    )


def test_chapter_text_shows_new_feedback_at_once(
    published: Version, setting: dict[str, Any]
) -> None:
    client = Client()
    before = chapter_page(client, setting)

    give(setting, "Name the groups.", paragraph="p2")
    after = chapter_page(client, setting)

    assert "1 comment" not in before
    assert "1 comment</a>" in after
    assert "0 items about the whole chapter" in after


def test_chapter_text_shows_recorded_feedback_at_once(
    published: Version, setting: dict[str, Any]
) -> None:
    client = Client()
    chapter_page(client, setting)

    services.feedback_record(
        actor=setting["drafter"], chapter=setting["chapter"], text="From a meeting.",
        channel="email",
    )  # fmt: skip
    after = chapter_page(client, setting)

    assert "1 item about the whole chapter" in after


def test_chapter_text_shows_a_new_version_and_its_status_at_once(
    published: Version, setting: dict[str, Any]
) -> None:
    client = Client()
    chapter_page(client, setting)

    second = services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2",
        text="# Roles\n\nA new text.\n",
    )  # fmt: skip
    published_page = chapter_page(client, setting)
    services.version_set_status(actor=setting["drafter"], version=second, status="closed")
    closed_page = chapter_page(client, setting)

    assert "Draft 2 · " in published_page
    assert "A new text." in published_page
    assert '<span class="tag ok">open for feedback</span>' in published_page
    assert '<span class="tag">closed</span>' in closed_page


def test_chapter_text_shows_a_saved_translation_at_once(
    published: Version, setting: dict[str, Any]
) -> None:
    services.translation_save(
        actor=setting["member"], version=published, language="fr", key="p2", text="Un."
    )
    client = Client()
    before = chapter_page(client, setting, "?lang=fr")

    services.translation_save(
        actor=setting["member"], version=published, language="fr", key="p2",
        text="Le mouvement.", done=True,
    )  # fmt: skip
    after = chapter_page(client, setting, "?lang=fr")

    assert "Le mouvement." not in before
    assert '<div class="para-text" lang="fr"><p>Le mouvement.</p>' in after


def test_chapter_text_shows_a_changed_period_at_once(
    published: Version, setting: dict[str, Any]
) -> None:
    client = Client()
    ConsultationPeriod.objects.all().delete()  # as if there were none (set-up)
    chapter_page(client, setting)  # cached: no period
    services.period_create(
        actor=setting["drafter"], chapter=setting["chapter"],
        starts_on=dt.date(2030, 11, 1), ends_on=dt.date(2030, 11, 30), whole_charter=True,
    )  # fmt: skip
    opened = chapter_page(client, setting)
    period = ConsultationPeriod.objects.get()
    services.period_delete(actor=setting["drafter"], period=period, chapter=setting["chapter"])
    removed = chapter_page(client, setting)

    assert "Open for feedback from" in opened
    assert "No consultation period is set for this chapter." in removed


def test_chapter_text_each_reader_sees_their_own(
    published: Version, setting: dict[str, Any]
) -> None:
    services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2",
        text="# Roles\n\nA draft.\n", status="draft",
    )  # fmt: skip
    anonymous = chapter_page(Client(), setting)
    member = chapter_page(client_for(setting["member"]), setting)
    drafter = chapter_page(client_for(setting["drafter"]), setting)
    anonymous_again = chapter_page(Client(), setting)

    for page in (anonymous, anonymous_again):
        assert "Sign in to give feedback." in page
        assert "Comment on this" not in page
        assert 'data-selectable=""' in page
        assert '<a href="?version=2">Draft 2</a>' not in page
    assert "Comment on this" in member
    assert 'data-selectable="1"' in member
    assert 'name="csrfmiddlewaretoken"' in member
    assert 'id="give-form"' in member
    assert '<a href="?version=2">Draft 2</a>' not in member
    assert '<a href="?version=2">Draft 2</a>' in drafter
    assert "Publish a version" in drafter


def test_chapter_text_keeps_each_readers_paragraph_choice(
    published: Version, setting: dict[str, Any]
) -> None:
    client = client_for(setting["member"])

    first = chapter_page(client, setting, "?paragraph=p2")
    third = chapter_page(client, setting, "?paragraph=p3")

    assert '<option value="p2" selected>' in first
    assert '<option value="p3" selected>' in third


@pytest.mark.parametrize("count", [1, 5])
def test_chapter_page_cached_queries_do_not_grow(
    published: Version, setting: dict[str, Any], count: int, django_assert_num_queries: Any
) -> None:
    for n in range(count):
        give(setting, f"Point {n}", paragraph=f"p{1 + n % 4}")
    client = Client()
    client.get(reverse("consultations:chapter", args=[setting["chapter"].slug]))

    with django_assert_num_queries(1):  # the chapter
        client.get(reverse("consultations:chapter", args=[setting["chapter"].slug]))


def test_index_shows_new_feedback_and_chapters_at_once(
    published: Version, setting: dict[str, Any]
) -> None:
    client = Client()
    client.get(reverse("consultations:index"))

    give(setting, "Name the groups.", paragraph="p2")
    services.chapter_create(
        actor=setting["staff"], charter=setting["charter"], slug="values", title="Values"
    )
    after = client.get(reverse("consultations:index")).content.decode()

    assert "1 feedback item" in after
    assert ">Values</a>" in after


def test_synthesis_shows_merged_and_recorded_feedback_at_once(
    published: Version, setting: dict[str, Any]
) -> None:
    first = give(setting, "Name the groups.", paragraph="p2")
    second = give(setting, "Name them.", paragraph="p2")
    client = Client()
    url = reverse("consultations:synthesis")
    client.get(url)

    services.feedback_record(
        actor=setting["drafter"], chapter=setting["chapter"], text="From a meeting.",
        channel="email",
    )  # fmt: skip
    recorded = client.get(url).content.decode()
    services.feedback_merge(actor=setting["drafter"], feedback=second, into=first)
    services.feedback_triage(actor=setting["drafter"], feedback=first, themes=["Groups"])
    themed = client.get(url).content.decode()

    assert "3 feedback items so far" in recorded
    assert '<option value="groups">Groups</option>' in themed


def test_paragraph_page_shows_new_and_triaged_feedback_at_once(
    published: Version, setting: dict[str, Any]
) -> None:
    item = give(setting, "Name the groups.", paragraph="p2")
    client = Client()
    url = reverse("consultations:paragraph", args=[setting["chapter"].slug, "p2"])
    client.get(url)

    give(setting, "Which groups?", paragraph="p2")
    added = client.get(url).content.decode()
    services.feedback_triage(
        actor=setting["drafter"], feedback=item, status="not_adopted", reason="No."
    )
    triaged = client.get(url).content.decode()

    assert "2 items</h2>" in added
    assert "Which groups?" in added
    assert '<span class="tag">new</span>' in added
    assert '<span class="tag warn">not adopted</span>' in triaged


def test_paragraph_page_shows_a_draft_to_drafters_only(
    published: Version, setting: dict[str, Any]
) -> None:
    services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2",
        text=DRAFT_2, status="draft",
    )  # fmt: skip
    url = reverse("consultations:paragraph", args=[setting["chapter"].slug, "chapter"])

    drafter = client_for(setting["drafter"]).get(url + "?version=2")
    anonymous = Client().get(url + "?version=2")

    assert drafter.status_code == 200
    assert "Feedback on the whole chapter (Draft 2)" in drafter.content.decode()
    assert anonymous.status_code == 404


def test_version_page_shows_carried_feedback_at_once(
    published: Version, setting: dict[str, Any]
) -> None:
    give(setting, "Name the groups.", paragraph="p2")
    second = services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_2
    )
    client = Client()
    url = reverse("consultations:version", args=[setting["chapter"].slug, second.number])
    Version.objects.filter(pk=second.pk).update(reanchor_state="pending")  # not carried yet
    services.version_set_status(actor=setting["drafter"], version=second, status="closed")
    pending = client.get(url).content.decode()

    services.version_reanchor(version_id=second.pk)
    done = client.get(url).content.decode()

    assert "Carrying earlier feedback to this version" in pending
    assert "1 earlier item was carried to this version." in done


DRAFT_2 = """# Roles and responsibilities

The movement is made of many groups, large and small.

Affiliates organise communities in their regions and languages, and share what they learn.
"""


@pytest.mark.parametrize("count", [1, 5])
def test_paragraph_page_cached_queries_do_not_grow(
    published: Version, setting: dict[str, Any], count: int, django_assert_num_queries: Any
) -> None:
    for n in range(count):
        give(setting, f"Point {n}", paragraph="p2")
    client = Client()
    url = reverse("consultations:paragraph", args=[setting["chapter"].slug, "p2"])
    client.get(url)

    with django_assert_num_queries(2):  # the chapter, the directory's version
        response = client.get(url)
    assert response.content.decode().count('class="consult-item-text"') == count


def test_feedback_form_keeps_each_readers_answers_after_the_empty_one_is_cached(
    published: Version, setting: dict[str, Any]
) -> None:
    chapter_page(client_for(setting["other"]), setting)  # the empty form, cached
    url = reverse("consultations:give", args=[setting["chapter"].slug]) + "?version=1"

    response = client_for(setting["member"]).post(
        url, {"paragraph": "p2", "quote": "not there at all", "text": "My own words."}
    )
    page = response.content.decode()

    assert response.status_code == 400
    assert "My own words.</textarea>" in page
    assert "The selected passage is not in that paragraph." in page
    assert '<option value="p2" selected>' in page
