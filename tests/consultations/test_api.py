"""The API: the issue's interfaces, the permission matrix, constant query counts."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from convene.consultations import services
from convene.consultations.models import ConsultationPeriod, Version
from tests.consultations.conftest import DRAFT_1

pytestmark = pytest.mark.django_db

DRAFT_2 = DRAFT_1.replace("many groups.", "many groups, affiliated or not.").replace(
    "Hubs support groups that share a region or a theme.\n", ""
)


def client_for(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_versions_endpoint_shape(setting: dict[str, Any]) -> None:
    response = post(
        client_for(setting["drafter"]),
        "/api/chapters/roles/versions",
        {"label": "Draft 1", "text": DRAFT_1, "format": "markdown"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == 1
    assert body["removed"] == []
    assert [(p["key"], p["position"], p["change"]) for p in body["paragraphs"]] == [
        ("p1", 1, "new"), ("p2", 2, "new"), ("p3", 3, "new"), ("p4", 4, "new"),
    ]  # fmt: skip
    second = post(
        client_for(setting["drafter"]),
        "/api/chapters/roles/versions",
        {"label": "Draft 2", "text": DRAFT_2, "format": "markdown"},
    ).json()
    assert second["number"] == 2
    assert second["removed"] == ["p4"]
    assert [p["change"] for p in second["paragraphs"]] == ["same", "edited", "same"]


def test_feedback_anchor_in_each_version(
    setting: dict[str, Any], published: Version, django_capture_on_commit_callbacks: Any
) -> None:
    member = client_for(setting["member"])
    quoted = post(
        member,
        "/api/chapters/roles/feedback",
        {"text": "Say which", "quote": "many groups", "channel": "web", "language": "en"},
    )
    assert quoted.status_code == 201, quoted.json()
    hubs = post(
        member,
        "/api/chapters/roles/feedback",
        {"text": "Hubs?", "paragraph": "p4", "channel": "web"},
    ).json()
    whole = post(member, "/api/chapters/roles/feedback", {"text": "Fine", "channel": "web"}).json()
    assert quoted.json()["anchor"] == {
        "paragraph": "p2", "position": 2, "quote": "many groups", "state": "exact",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(
            actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_2
        )
    items = {
        item["id"]: item["anchor"]
        for item in client_for().get("/api/chapters/roles/feedback?version=2").json()["items"]
    }
    assert items[quoted.json()["id"]]["state"] == "exact"
    assert items[hubs["id"]] == {"paragraph": None, "position": None, "quote": None,
                                 "state": "orphaned"}  # fmt: skip
    assert items[whole["id"]]["state"] == "chapter"
    first = client_for().get("/api/chapters/roles/feedback?version=1").json()
    assert first["count"] == 3
    assert {i["anchor"]["state"] for i in first["items"]} == {"exact", "paragraph", "chapter"}
    detail = client_for().get(f"/api/feedback/{hubs['id']}").json()
    assert [(t["version"], t["state"]) for t in detail["trail"]] == [
        (1, "paragraph"), (2, "orphaned"),
    ]  # fmt: skip


def test_feedback_outside_period_names_dates(
    setting: dict[str, Any], published: Version, clock: Any
) -> None:
    clock.set(dt.datetime(2030, 11, 1, tzinfo=dt.UTC))
    response = post(
        client_for(setting["member"]), "/api/chapters/roles/feedback", {"text": "early"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "closed"
    assert "November 20, 2030" in response.json()["message"]


def test_triage_and_merge(setting: dict[str, Any], published: Version) -> None:
    member = client_for(setting["member"])
    one = post(member, "/api/chapters/roles/feedback", {"text": "a", "paragraph": "p2"}).json()
    two = post(member, "/api/chapters/roles/feedback", {"text": "b", "paragraph": "p2"}).json()
    drafter = client_for(setting["drafter"])
    triaged = post(
        drafter,
        f"/api/feedback/{one['id']}/triage",
        {"status": "adopted", "adopted_in": 1, "adopted_key": "p2", "themes": ["Groups"]},
    )
    assert triaged.status_code == 200, triaged.json()
    assert (triaged.json()["status"], triaged.json()["themes"]) == ("adopted", ["groups"])
    merged = post(drafter, f"/api/feedback/{two['id']}/merge", {"into": one["id"]})
    assert merged.json()["merged_into"] == one["id"]
    assert client_for().get(f"/api/feedback/{one['id']}").json()["duplicates"] == [two["id"]]


def test_recorded_contact_private_to_drafting_group(
    setting: dict[str, Any], published: Version
) -> None:
    post(
        client_for(setting["ambassador"]),
        "/api/chapters/roles/feedback",
        {"text": "From Bangla call", "channel": "regional_conversation", "name": "Rina",
         "contact": "rina@example.org"},
    )  # fmt: skip
    public = client_for(setting["member"]).get("/api/chapters/roles/feedback").json()["items"][0]
    assert (public["given_by"], public["contact"]) == ("Rina", None)
    private = client_for(setting["drafter"]).get("/api/chapters/roles/feedback").json()["items"][0]
    assert private["contact"] == "rina@example.org"


def test_translation_endpoints(setting: dict[str, Any], published: Version) -> None:
    url = "/api/chapters/roles/versions/1/translations"
    saved = client_for(setting["member"]).put(
        f"{url}/fr/p2", {"text": "Le mouvement", "done": True}, content_type="application/json"
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["status"] == "done"
    rows = client_for().get(f"{url}/fr").json()
    assert [r["status"] for r in rows] == ["missing", "done", "missing", "missing"]
    assert client_for().get(url).json() == {"fr": {"missing": 3, "done": 1}}


# ----------------------------------------------------------------- the permission matrix

ROLES = ["anonymous", "member", "ambassador", "drafter", "committee_member", "staff"]


def _items(setting: dict[str, Any], n: int) -> list[int]:
    return [
        services.feedback_give(actor=setting["other"], chapter=setting["chapter"], text="y").pk
        for _ in range(n)
    ]


def _merge(setting: dict[str, Any], client: Client) -> Any:
    one, two = _items(setting, 2)
    return post(client, f"/api/feedback/{one}/merge", {"into": two})


def _question(setting: dict[str, Any], client: Client) -> Any:
    from convene.qa.models import Board, Question
    from tests.factories import EventFactory

    event = EventFactory(title="AMA")
    at = dt.datetime(2030, 11, 4, 9, tzinfo=dt.UTC)
    question = Question.objects.create(
        board=Board.objects.create(event=event), event=event, text="Hubs?", created_at=at,
        updated_at=at,
    )  # fmt: skip
    body = {"channel": "question", "question": question.pk}
    return post(client, "/api/chapters/roles/feedback", body)


WRITES: dict[str, Any] = {
    "chapter_create": lambda s, c, role: post(
        c, "/api/chapters", {"slug": "new-" + role.replace("_", "-"), "title": "New"}
    ),
    "version_publish": lambda s, c, role: post(
        c, "/api/chapters/roles/versions", {"label": "Draft 2", "text": DRAFT_2}
    ),
    "version_status": lambda s, c, role: post(
        c, "/api/chapters/roles/versions/1/status", {"status": "closed"}
    ),
    "feedback_give": lambda s, c, role: post(c, "/api/chapters/roles/feedback", {"text": "x"}),
    "feedback_record": lambda s, c, role: post(
        c, "/api/chapters/roles/feedback", {"text": "x", "channel": "email", "name": "N"}
    ),
    "feedback_question": lambda s, c, role: _question(s, c),
    "feedback_triage": lambda s, c, role: post(
        c, f"/api/feedback/{_items(s, 1)[0]}/triage", {"status": "considering"}
    ),
    "feedback_merge": lambda s, c, role: _merge(s, c),
    "period_create": lambda s, c, role: post(
        c, "/api/chapters/roles/periods", {"starts_on": "2031-01-01", "ends_on": "2031-01-31"}
    ),
    "period_delete": lambda s, c, role: c.delete(
        f"/api/chapters/roles/periods/{ConsultationPeriod.objects.get().pk}"
    ),
    "import": lambda s, c, role: post(
        c, "/api/chapters/roles/imports", {"format": "survey", "data": "text\nhello\n"}
    ),
    "translate": lambda s, c, role: c.put(
        "/api/chapters/roles/versions/1/translations/fr/p1",
        {"text": "x"},
        content_type="application/json",
    ),
}
READS = {
    "chapters": "/api/chapters",
    "chapter": "/api/chapters/roles",
    "versions": "/api/chapters/roles/versions",
    "version": "/api/chapters/roles/versions/1",
    "diff": "/api/chapters/roles/versions/1/diff",
    "feedback_list": "/api/chapters/roles/feedback",
    "feedback": "/api/feedback/{id}",
    "periods": "/api/chapters/roles/periods",
    "themes": "/api/chapters/roles/themes",
    "translations": "/api/chapters/roles/versions/1/translations",
    "translation": "/api/chapters/roles/versions/1/translations/fr",
}


def _call(setting: dict[str, Any], role: str, action: str) -> int:
    user = None if role == "anonymous" else setting[role]
    client = client_for(user)
    if action in WRITES:
        return int(WRITES[action](setting, client, role).status_code)
    url = READS[action]
    if "{id}" in url:
        url = url.format(id=_items(setting, 1)[0])
    return int(client.get(url).status_code)


# action -> status per role, in ROLES order
MATRIX = {
    "chapter_create": [401, 403, 403, 403, 201, 201],
    "version_publish": [401, 403, 403, 201, 201, 201],
    "version_status": [401, 403, 403, 200, 200, 200],
    "feedback_give": [401, 201, 201, 201, 201, 201],
    "feedback_record": [401, 403, 201, 201, 201, 201],
    "feedback_question": [401, 403, 201, 201, 201, 201],
    "feedback_triage": [401, 403, 403, 200, 200, 200],
    "feedback_merge": [401, 403, 403, 200, 200, 200],
    "period_create": [401, 403, 403, 201, 201, 201],
    "period_delete": [401, 403, 403, 204, 204, 204],
    "import": [401, 403, 201, 201, 201, 201],
    "translate": [401, 200, 200, 200, 200, 200],
    **{read: [200] * 6 for read in READS},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(
    setting: dict[str, Any], published: Version, action: str, role: str
) -> None:
    expected = MATRIX[action][ROLES.index(role)]
    assert _call(setting, role, action) == expected


def test_draft_versions_hidden_from_readers(setting: dict[str, Any], published: Version) -> None:
    services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="D2", text=DRAFT_2,
        status="draft",
    )  # fmt: skip
    assert client_for(setting["member"]).get("/api/chapters/roles/versions/2").status_code == 404
    assert client_for(setting["drafter"]).get("/api/chapters/roles/versions/2").status_code == 200
    listed = client_for().get("/api/chapters/roles/versions").json()
    assert listed["count"] == 1


# ----------------------------------------------------------------- constant query counts


def _make(setting: dict[str, Any], n: int) -> None:
    from convene.consultations.models import Chapter

    for i in range(n):
        services.feedback_give(
            actor=setting["member"], chapter=setting["chapter"], text=f"item {i}",
            paragraph="p2", quote="many groups" if i % 2 else None,
        )  # fmt: skip
        services.translation_save(
            actor=setting["member"], version=Version.objects.get(number=1),
            language=["fr", "de", "es", "it", "pt"][i], key="p2", text="t",
        )  # fmt: skip
    for i in range(n - 1):
        Chapter.objects.create(charter=setting["charter"], slug=f"c{i}", title=f"C{i}")
    services.period_create(
        actor=setting["drafter"], chapter=setting["chapter"],
        starts_on=dt.date(2031, 1, 1), ends_on=dt.date(2031, 1, 2),
    )  # fmt: skip


LISTS = [
    "/api/chapters",
    "/api/chapters/roles/versions",
    "/api/chapters/roles/feedback",
    "/api/chapters/roles/feedback?paragraph=p2&channel=web&state=paragraph",
    "/api/chapters/roles/versions/1/diff",
    "/api/chapters/roles/periods",
    "/api/chapters/roles/themes",
    "/api/chapters/roles/versions/1/translations",
    "/api/chapters/roles/versions/1/translations/fr",
]


@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow(setting: dict[str, Any], published: Version, url: str) -> None:
    def count(n: int) -> int:
        _make(setting, n)
        client = client_for(setting["drafter"])
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    one = count(1)
    from convene.consultations.models import Chapter, ConsultationPeriod, Feedback, Translation

    Feedback.objects.all().delete()
    Translation.objects.all().delete()
    ConsultationPeriod.objects.exclude(starts_on=dt.date(2030, 11, 20)).delete()
    Chapter.objects.exclude(slug="roles").delete()
    assert count(5) == one


def test_diff_shows_adopted_feedback(setting: dict[str, Any], published: Version) -> None:
    item = services.feedback_give(
        actor=setting["member"], chapter=setting["chapter"], text="Say affiliated or not",
        paragraph="p2",
    )  # fmt: skip
    services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 2", text=DRAFT_2
    )
    services.feedback_triage(
        actor=setting["drafter"], feedback=item, status="adopted", adopted_in=2, adopted_key="p2",
        themes=["Groups"],
    )  # fmt: skip
    rows = client_for().get("/api/chapters/roles/versions/2/diff").json()
    assert [(r["key"], r["change"], r["adopted"]) for r in rows] == [
        ("p1", "same", []), ("p2", "edited", [item.pk]), ("p3", "same", []),
        ("p4", "removed", []),
    ]  # fmt: skip
    assert client_for().get("/api/chapters/roles/themes").json() == [
        {"slug": "groups", "name": "Groups", "count": 1}
    ]


def test_survey_import_api_names_the_line(setting: dict[str, Any], published: Version) -> None:
    response = post(
        client_for(setting["drafter"]),
        "/api/chapters/roles/imports",
        {"format": "survey", "data": "text,region\nfine,\nbad,atlantis\n"},
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("Line 3:")


def test_question_channel_tags_a_board_question(
    setting: dict[str, Any], published: Version
) -> None:
    from convene.qa.models import Question

    response = _question(setting, client_for(setting["ambassador"]))
    assert response.status_code == 201, response.json()
    body = response.json()
    question = Question.objects.get()
    assert (body["channel"], body["question_id"], body["text"], body["anchor"]["state"]) == (
        "question", question.pk, "Hubs?", "chapter",
    )  # fmt: skip
