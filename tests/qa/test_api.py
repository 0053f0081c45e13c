from typing import Any

import pytest
from django.test import Client

from convene.qa import services
from convene.qa.models import Question, Vote
from tests.qa.conftest import make_person

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_ask_api_creates_question(event: Any, alice: Any) -> None:
    response = signed_in(alice).post(
        f"/api/events/{event.pk}/questions",
        {"text": "Will translation be part of it?", "language": "en", "topic": "ambassadors"},
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["text"], body["state"], body["author"], body["votes"], body["topic"]) == (
        "Will translation be part of it?",
        "open",
        "Alice",
        0,
        "ambassadors",
    )


def test_ask_api_empty_is_400_naming_field(event: Any, alice: Any) -> None:
    response = signed_in(alice).post(
        f"/api/events/{event.pk}/questions", {"text": " "}, content_type="application/json"
    )

    assert (response.status_code, response.json()["field"], response.json()["code"]) == (
        400,
        "text",
        "required",
    )


def test_ask_api_too_long_is_400(event: Any, alice: Any) -> None:
    response = signed_in(alice).post(
        f"/api/events/{event.pk}/questions", {"text": "x" * 1001}, content_type="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (400, "too_long")


def test_ask_api_unknown_event_is_404(alice: Any) -> None:
    response = signed_in(alice).post(
        "/api/events/999999/questions", {"text": "Hi"}, content_type="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_ask_api_closed_board_is_409(event: Any, organiser: Any, alice: Any) -> None:
    services.board_set_open(actor=organiser, event=event, is_open=False)

    response = signed_in(alice).post(
        f"/api/events/{event.pk}/questions", {"text": "Hi"}, content_type="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (409, "closed")


def test_ask_api_logged_out_is_401(event: Any) -> None:
    response = Client().post(
        f"/api/events/{event.pk}/questions", {"text": "Hi"}, content_type="application/json"
    )

    assert response.status_code == 401


def test_ask_api_bad_kind_is_400(event: Any, alice: Any) -> None:
    response = signed_in(alice).post(
        f"/api/events/{event.pk}/questions",
        {"text": "Hi", "kind": "rant"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()["field"]) == (400, "kind")


def test_ask_api_rate_limited_is_429(event: Any, alice: Any, settings: Any) -> None:
    settings.QA_RATE_LIMITS = {"ask": (1, 60)}
    client = signed_in(alice)
    client.post(f"/api/events/{event.pk}/questions", {"text": "1"}, content_type="application/json")

    response = client.post(
        f"/api/events/{event.pk}/questions", {"text": "2"}, content_type="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (429, "rate_limited")


def test_vote_api_idempotent_and_withdraw(event: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Q")
    client = signed_in(bob)

    first = client.post(f"/api/questions/{question.pk}/vote").json()
    second = client.post(f"/api/questions/{question.pk}/vote").json()
    withdrawn = client.delete(f"/api/questions/{question.pk}/vote").json()

    assert (first["votes"], second["votes"], withdrawn["votes"]) == (1, 1, 0)


def test_vote_api_logged_out_is_401(event: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Q")

    assert Client().post(f"/api/questions/{question.pk}/vote").status_code == 401


def test_vote_api_unknown_question_is_404(alice: Any) -> None:
    assert signed_in(alice).post("/api/questions/424242/vote").status_code == 404


def test_vote_api_hidden_question_is_404(event: Any, organiser: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Q")
    services.question_set_hidden(actor=organiser, question=question, hidden=True)

    assert signed_in(bob).post(f"/api/questions/{question.pk}/vote").status_code == 404


def test_moderate_api_pin_then_snapshot_shows_it(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Pin me")

    response = signed_in(organiser).post(
        f"/api/questions/{question.pk}/moderation",
        {"action": "pin"},
        content_type="application/json",
    )
    snapshot = Client().get(f"/api/events/{event.pk}/board").json()

    assert response.status_code == 200
    assert snapshot["pinned"]["id"] == question.pk


def test_moderate_api_by_participant_is_403(event: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hide me")

    response = signed_in(bob).post(
        f"/api/questions/{question.pk}/moderation",
        {"action": "hide"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_moderate_api_decline_needs_reason(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Q")

    response = signed_in(organiser).post(
        f"/api/questions/{question.pk}/moderation",
        {"action": "decline"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()["field"]) == (400, "reason")


def test_moderate_api_unknown_action_is_400(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Q")

    response = signed_in(organiser).post(
        f"/api/questions/{question.pk}/moderation",
        {"action": "explode"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()["field"]) == (400, "action")


def test_moderate_api_merge(event: Any, organiser: Any, alice: Any, bob: Any) -> None:
    first = services.question_ask(actor=alice, event=event, text="A")
    second = services.question_ask(actor=alice, event=event, text="A again")
    services.question_vote(actor=bob, question=second)

    response = signed_in(organiser).post(
        f"/api/questions/{second.pk}/moderation",
        {"action": "merge", "into": first.pk},
        content_type="application/json",
    )

    assert (response.json()["state"], response.json()["merged_into"]) == ("merged", first.pk)
    assert Question.objects.get(pk=first.pk).vote_count == 1


def test_answer_api(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Q")

    response = signed_in(organiser).post(
        f"/api/questions/{question.pk}/answers",
        {"text": "Yes.", "by": "MCDC", "mode": "live"},
        content_type="application/json",
    )
    detail = Client().get(f"/api/questions/{question.pk}").json()

    assert response.status_code == 201
    assert (detail["state"], [(a["by"], a["text"]) for a in detail["answers"]]) == (
        "answered_live",
        [("MCDC", "Yes.")],
    )


def test_answer_api_by_participant_is_403(event: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Q")

    response = signed_in(bob).post(
        f"/api/questions/{question.pk}/answers", {"text": "Me"}, content_type="application/json"
    )

    assert response.status_code == 403


def test_snapshot_shows_nested_followups_answers_and_my_votes(
    event: Any, organiser: Any, alice: Any, bob: Any
) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hubs?")
    services.question_ask(actor=bob, event=event, text="To whom?", parent=question)
    services.question_answer(actor=organiser, question=question, text="Later.", by="MCDC")
    services.question_vote(actor=bob, question=question)

    body = signed_in(bob).get(f"/api/events/{event.pk}/board").json()

    item = body["items"][0]
    assert (item["text"], item["votes"], body["voted"]) == ("Hubs?", 1, [question.pk])
    assert [a["by"] for a in item["answers"]] == ["MCDC"]
    assert [f["text"] for f in item["followups"]] == ["To whom?"]
    assert body["stream"].startswith(f"/live/events/{event.pk}")
    assert body["open"] is True


def test_snapshot_hides_pending_from_others_shows_to_author(
    event: Any, organiser: Any, alice: Any, bob: Any
) -> None:
    services.board_configure(actor=organiser, event=event, premoderation=True)
    services.question_ask(actor=alice, event=event, text="Waiting")

    seen_by_bob = signed_in(bob).get(f"/api/events/{event.pk}/board").json()["items"]
    seen_by_alice = signed_in(alice).get(f"/api/events/{event.pk}/board").json()["mine"]
    queue = signed_in(organiser).get(f"/api/events/{event.pk}/board?moderation=true").json()

    assert (seen_by_bob, [i["state"] for i in seen_by_alice]) == ([], ["pending"])
    assert [i["text"] for i in queue["items"]] == ["Waiting"]


def test_snapshot_moderation_by_participant_is_403(event: Any, alice: Any) -> None:
    response = signed_in(alice).get(f"/api/events/{event.pk}/board?moderation=true")

    assert response.status_code == 403


def test_snapshot_bad_sort_is_400(event: Any) -> None:
    response = Client().get(f"/api/events/{event.pk}/board?sort=random")

    assert (response.status_code, response.json()["field"]) == (400, "sort")


def test_snapshot_unknown_event_is_404() -> None:
    assert Client().get("/api/events/987654/board").status_code == 404


def test_list_api_paginates(event: Any, alice: Any) -> None:
    for number in range(3):
        services.question_ask(actor=alice, event=event, text=f"Q{number}")

    body = Client().get(f"/api/events/{event.pk}/questions?sort=newest&limit=2").json()

    assert (body["count"], [i["text"] for i in body["items"]]) == (3, ["Q2", "Q1"])
    assert body["next"] == (
        f"http://testserver/api/events/{event.pk}/questions?sort=newest&limit=2&offset=2"
    )


def _fill(event: Any, organiser: Any, count: int) -> None:
    voters = [make_person(f"v{count}-{i}") for i in range(2)]
    for number in range(count):
        question = services.question_ask(actor=organiser, event=event, text=f"Question {number}")
        services.question_answer(actor=organiser, question=question, text="A", by="MCDC")
        services.question_ask(actor=organiser, event=event, text="F", parent=question)
        for voter in voters:
            Vote.objects.create(question=question, voter=voter, created_at=question.created_at)


@pytest.mark.usefixtures("unlimited")
@pytest.mark.parametrize("count", [1, 5])
def test_snapshot_query_count_constant(
    event: Any,
    organiser: Any,
    alice: Any,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    _fill(event, organiser, count)
    client = signed_in(alice)
    client.get(f"/api/events/{event.pk}/board")  # session and user warm

    # Signing in costs session, user and profile (the blocked check) on every request (3);
    # the public part comes from the cache after the first request, so the snapshot's own
    # are: the event with its board and rights, my votes, my own unpublished questions (3).
    with django_assert_num_queries(6):
        response = client.get(f"/api/events/{event.pk}/board")

    assert len(response.json()["items"]) == count


@pytest.mark.usefixtures("unlimited")
@pytest.mark.parametrize("count", [1, 5])
def test_snapshot_query_count_anonymous(
    event: Any, organiser: Any, count: int, django_assert_num_queries: Any
) -> None:
    _fill(event, organiser, count)

    # First request (cache empty): event with board, questions, answers; then only the event.
    with django_assert_num_queries(3):
        response = Client().get(f"/api/events/{event.pk}/board")
    with django_assert_num_queries(1):
        Client().get(f"/api/events/{event.pk}/board")

    assert len(response.json()["items"]) == count


@pytest.mark.usefixtures("unlimited")
@pytest.mark.parametrize("count", [1, 5])
def test_list_api_query_count_constant(
    event: Any, organiser: Any, count: int, django_assert_num_queries: Any
) -> None:
    _fill(event, organiser, count)

    with django_assert_num_queries(3):
        response = Client().get(f"/api/events/{event.pk}/questions")

    assert response.json()["count"] == count * 2


def test_snapshot_cache_follows_every_change(
    event: Any, organiser: Any, alice: Any, bob: Any
) -> None:
    question = services.question_ask(actor=alice, event=event, text="Before")
    url = f"/api/events/{event.pk}/board"
    seen = [Client().get(url).json()["items"][0]["votes"]]

    services.question_vote(actor=bob, question=question)
    seen.append(Client().get(url).json()["items"][0]["votes"])
    services.question_answer(actor=organiser, question=question, text="Answered", by="MCDC")
    seen.append(Client().get(url).json()["items"][0]["state"])
    services.question_set_hidden(actor=organiser, question=question, hidden=True)
    seen.append(len(Client().get(url).json()["items"]))

    assert seen == [0, 1, "answered_written", 0]


def test_board_settings_api(event: Any, organiser: Any, alice: Any) -> None:
    response = signed_in(organiser).patch(
        f"/api/events/{event.pk}/board",
        {"premoderation": True, "open": False},
        content_type="application/json",
    )

    assert response.json() == {
        "event_id": event.pk,
        "open": False,
        "premoderation": True,
        "allow_anonymous": False,
        "pooled": False,
    }


def test_board_settings_api_by_participant_is_403(event: Any, alice: Any) -> None:
    response = signed_in(alice).patch(
        f"/api/events/{event.pk}/board", {"open": False}, content_type="application/json"
    )

    assert response.status_code == 403


def test_ask_api_logged_out_where_anonymous_allowed(event: Any, organiser: Any) -> None:
    services.board_configure(actor=organiser, event=event, allow_anonymous=True)

    response = Client().post(
        f"/api/events/{event.pk}/questions",
        {"text": "Who decides?"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()["author"], response.json()["anonymous"]) == (
        201,
        None,
        True,
    )


def test_moderation_api_takes_the_actions_the_service_knows() -> None:
    from typing import get_args

    from convene.qa.api import ModerateIn
    from convene.qa.forms import ModerateForm

    api_actions = set(get_args(ModerateIn.model_fields["action"].annotation))
    form_actions = {value for value, _label in ModerateForm.base_fields["action"].choices}

    assert api_actions == form_actions == set(services.MODERATION_ACTIONS)


@pytest.mark.usefixtures("unlimited")
def test_snapshot_pages_carry_the_cursor(event: Any, organiser: Any) -> None:
    asked = [
        services.question_ask(actor=organiser, event=event, text=f"Question {n}") for n in range(5)
    ]
    url = f"/api/events/{event.pk}/board?sort=newest&limit=2"

    pages = [Client().get(f"{url}&offset={offset}").json() for offset in (0, 2, 4)]

    assert [[item["id"] for item in page["items"]] for page in pages] == [
        [asked[4].pk, asked[3].pk],
        [asked[2].pk, asked[1].pk],
        [asked[0].pk],
    ]
    assert [(page["total"], page["offset"], page["next"]) for page in pages] == [
        (5, 0, 2),
        (5, 2, 4),
        (5, 4, None),
    ]
    assert len({page["cursor"] for page in pages}) == 1


def test_snapshot_page_size_bounded(event: Any) -> None:
    too_many = Client().get(f"/api/events/{event.pk}/board?limit=1000")
    default = Client().get(f"/api/events/{event.pk}/board").json()

    assert (too_many.status_code, too_many.json()["field"]) == (400, "limit")
    assert (default["limit"], default["next"]) == (50, None)
