import datetime as dt
from typing import Any

import pytest
from django.core import mail

from convene.core.errors import Refusal
from convene.people.models import Notice
from convene.qa import services
from convene.qa.models import Answer, Board, LogEntry, Question, Vote
from convene.qa.payloads import answer_data
from convene.qa.queries import board_of, board_snapshot, event_with_board, questions_unanswered
from tests.qa.conftest import make_body, make_person


def refused(call: Any, **kwargs: Any) -> tuple[int, str]:
    with pytest.raises(Refusal) as info:
        call(**kwargs)
    return info.value.status, info.value.code


def anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# ---------------------------------------------------------------- asking


def test_ask_signed_in_creates_open_question(event: Any, alice: Any) -> None:
    question = services.question_ask(
        actor=alice, event=event, text="  Will translation be part of it?  ", language="en"
    )

    assert (question.text, question.state, question.author, question.event) == (
        "Will translation be part of it?",
        "open",
        alice,
        event,
    )


def test_ask_logged_out_refused_when_anonymous_off(event: Any) -> None:
    assert refused(services.question_ask, actor=anonymous(), event=event, text="Hi?") == (
        401,
        "not_authenticated",
    )


def test_ask_anonymous_by_signed_in_refused_when_off(event: Any, alice: Any) -> None:
    assert refused(services.question_ask, actor=alice, event=event, text="Hi?", anonymous=True) == (
        403,
        "anonymous_off",
    )


def test_ask_logged_out_allowed_when_anonymous_on(event: Any, organiser: Any) -> None:
    services.board_configure(actor=organiser, event=event, allow_anonymous=True)

    question = services.question_ask(actor=anonymous(), event=event, text="Who decides?")

    assert (question.author, question.anonymous) == (None, True)


def test_ask_anonymous_hides_name_but_keeps_author(event: Any, organiser: Any, bob: Any) -> None:
    services.board_configure(actor=organiser, event=event, allow_anonymous=True)

    question = services.question_ask(actor=bob, event=event, text="Who decides?", anonymous=True)

    assert services.question_data(question)["author"] is None
    assert question.author == bob


def test_ask_blocked_account_refused(event: Any, db: None) -> None:
    blocked = make_person("blocked", blocked=True)

    assert refused(services.question_ask, actor=blocked, event=event, text="Hi?") == (
        403,
        "blocked",
    )


def test_ask_empty_text_refused(event: Any, alice: Any) -> None:
    assert refused(services.question_ask, actor=alice, event=event, text="   ") == (
        400,
        "required",
    )


def test_ask_too_long_refused(event: Any, alice: Any) -> None:
    assert refused(services.question_ask, actor=alice, event=event, text="x" * 1001) == (
        400,
        "too_long",
    )


def test_ask_bad_language_refused(event: Any, alice: Any) -> None:
    assert refused(services.question_ask, actor=alice, event=event, text="Hi?", language="<b>") == (
        400,
        "invalid",
    )


def test_ask_exactly_limit_accepted(event: Any, alice: Any) -> None:
    assert len(services.question_ask(actor=alice, event=event, text="x" * 1000).text) == 1000


def test_ask_closed_board_refused(event: Any, organiser: Any, alice: Any) -> None:
    services.board_set_open(actor=organiser, event=event, is_open=False)

    assert refused(services.question_ask, actor=alice, event=event, text="Late?") == (
        409,
        "closed",
    )


def test_ask_cancelled_event_refused(event: Any, alice: Any) -> None:
    event.status = "cancelled"
    event.save()

    assert refused(services.question_ask, actor=alice, event=event, text="Hi?")[0] == 409


def test_ask_premoderation_waits(event: Any, organiser: Any, alice: Any) -> None:
    services.board_configure(actor=organiser, event=event, premoderation=True)

    question = services.question_ask(actor=alice, event=event, text="Wait for me")

    assert question.state == "pending"


def test_ask_premoderation_moderator_question_open(event: Any, organiser: Any) -> None:
    services.board_configure(actor=organiser, event=event, premoderation=True)

    assert services.question_ask(actor=organiser, event=event, text="Mine").state == "open"


def test_ask_followup_and_comment_linked(event: Any, alice: Any, bob: Any) -> None:
    first = services.question_ask(actor=alice, event=event, text="About hubs?")

    followup = services.question_ask(actor=bob, event=event, text="To whom?", parent=first)
    comment = services.question_ask(
        actor=bob, event=event, text="Thanks!", parent=first, kind="comment"
    )

    assert [(q.parent_id, q.kind) for q in (followup, comment)] == [
        (first.pk, "question"),
        (first.pk, "comment"),
    ]


def test_ask_followup_of_other_board_refused(
    event: Any, admin: Any, organiser: Any, alice: Any
) -> None:
    from tests.qa.conftest import make_event

    other = make_event(admin, organiser, title="Other")
    first = services.question_ask(actor=alice, event=other, text="Elsewhere")

    assert refused(
        services.question_ask, actor=alice, event=event, text="Follow", parent=first
    ) == (400, "invalid")


def test_ask_markup_stored_as_written_and_logged(event: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="<script>x</script>")

    assert question.text == "<script>x</script>"
    assert list(LogEntry.objects.values_list("action", flat=True)) == ["asked"]


# ---------------------------------------------------------------- rate limits


def test_ask_rate_limited_per_person(event: Any, alice: Any, settings: Any) -> None:
    settings.QA_RATE_LIMITS = {"ask": (2, 60)}
    services.question_ask(actor=alice, event=event, text="One")
    services.question_ask(actor=alice, event=event, text="Two")

    assert refused(services.question_ask, actor=alice, event=event, text="Three") == (
        429,
        "rate_limited",
    )
    assert Question.objects.count() == 2


def test_ask_rate_limited_per_address(event: Any, alice: Any, bob: Any, settings: Any) -> None:
    settings.QA_RATE_LIMITS = {"ask": (1, 60)}
    services.question_ask(actor=alice, event=event, text="One", ip="10.0.0.1")

    assert refused(services.question_ask, actor=bob, event=event, text="Two", ip="10.0.0.1") == (
        429,
        "rate_limited",
    )


def test_ask_rate_limit_window_passes(event: Any, alice: Any, settings: Any, clock: Any) -> None:
    settings.QA_RATE_LIMITS = {"ask": (1, 60)}
    clock.set(dt.datetime(2030, 1, 1, 12, 0, 5, tzinfo=dt.UTC))
    services.question_ask(actor=alice, event=event, text="One")
    clock.advance(dt.timedelta(seconds=60))

    assert services.question_ask(actor=alice, event=event, text="Two").text == "Two"


def test_vote_rate_limited(event: Any, alice: Any, bob: Any, settings: Any) -> None:
    settings.QA_RATE_LIMITS = {"vote": (1, 60)}
    question = services.question_ask(actor=alice, event=event, text="One")
    services.question_vote(actor=bob, question=question)

    assert refused(services.question_unvote, actor=bob, question=question)[0] == 429


# ---------------------------------------------------------------- votes


def test_vote_counts_once_idempotent(event: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Vote me")

    services.question_vote(actor=bob, question=question)
    again = services.question_vote(actor=bob, question=question)

    assert (again.vote_count, Vote.objects.count()) == (1, 1)


def test_vote_withdraw_idempotent(event: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Vote me")
    services.question_vote(actor=bob, question=question)

    services.question_unvote(actor=bob, question=question)
    after = services.question_unvote(actor=bob, question=question)

    assert (after.vote_count, Vote.objects.count()) == (0, 0)


def test_vote_logged_out_refused(event: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Vote me")

    assert refused(services.question_vote, actor=anonymous(), question=question)[0] == 401


def test_vote_pending_question_refused(event: Any, organiser: Any, alice: Any, bob: Any) -> None:
    services.board_configure(actor=organiser, event=event, premoderation=True)
    question = services.question_ask(actor=alice, event=event, text="Pending")

    assert refused(services.question_vote, actor=bob, question=question) == (409, "not_votable")


def test_vote_comment_refused(event: Any, alice: Any, bob: Any) -> None:
    comment = services.question_ask(actor=alice, event=event, text="Nice", kind="comment")

    assert refused(services.question_vote, actor=bob, question=comment)[0] == 409


def test_vote_blocked_refused(event: Any, alice: Any, db: None) -> None:
    question = services.question_ask(actor=alice, event=event, text="Vote me")
    blocked = make_person("blocked", blocked=True)

    assert refused(services.question_vote, actor=blocked, question=question)[0] == 403


# ---------------------------------------------------------------- moderation


def test_moderation_by_participant_refused(event: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hide me?")

    assert refused(services.question_set_hidden, actor=bob, question=question, hidden=True) == (
        403,
        "forbidden",
    )


def test_moderation_by_named_moderator_allowed(
    event: Any, organiser: Any, alice: Any, bob: Any
) -> None:
    services.board_add_moderator(actor=organiser, event=event, user=bob)
    question = services.question_ask(actor=alice, event=event, text="Hide me?")

    assert services.question_set_hidden(actor=bob, question=question, hidden=True).hidden is True


def test_moderator_cannot_name_moderators(event: Any, organiser: Any, alice: Any, bob: Any) -> None:
    services.board_add_moderator(actor=organiser, event=event, user=bob)

    assert refused(services.board_add_moderator, actor=bob, event=event, user=alice)[0] == 403


def test_approve_with_typo_fixed(event: Any, organiser: Any, alice: Any) -> None:
    services.board_configure(actor=organiser, event=event, premoderation=True)
    question = services.question_ask(actor=alice, event=event, text="Wil hubs be defined?")

    approved = services.question_approve(
        actor=organiser, question=question, text="Will hubs be defined?"
    )

    assert (approved.state, approved.text) == ("open", "Will hubs be defined?")
    assert LogEntry.objects.filter(action="edited").get().detail == {
        "before": "Wil hubs be defined?"
    }


def test_approve_not_pending_refused(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Open already")

    assert refused(services.question_approve, actor=organiser, question=question)[0] == 409


def test_decline_with_reason_told_to_asker(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Off topic")

    declined = services.question_decline(actor=organiser, question=question, reason="Off topic")

    assert (declined.state, declined.decline_reason) == ("declined", "Off topic")
    assert list(Notice.objects.values_list("recipient__username", "subject")) == [
        ("alice", "Your question was declined")
    ]


def test_decline_without_reason_refused(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Off topic")

    assert refused(services.question_decline, actor=organiser, question=question, reason=" ") == (
        400,
        "invalid",
    )


def test_set_state_every_state(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Cycle")
    other = services.question_ask(actor=alice, event=event, text="Other")
    elsewhere = services.question_answer(actor=organiser, question=other, text="Here.")
    seen = [
        services.question_set_state(actor=organiser, question=question, state=state).state
        for state in ("answered_live", "answered_written", "deferred", "open")
    ]
    seen.append(
        services.question_set_state(
            actor=organiser, question=question, state="answered_elsewhere", answer=elsewhere
        ).answered_elsewhere_id
    )

    assert seen == ["answered_live", "answered_written", "deferred", "open", elsewhere.pk]


def test_set_state_unknown_refused(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Cycle")

    assert refused(
        services.question_set_state, actor=organiser, question=question, state="bogus"
    ) == (400, "invalid")


def test_hide_removes_from_public_board_keeps_votes(
    event: Any, organiser: Any, alice: Any, bob: Any
) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hide")
    services.question_vote(actor=bob, question=question)

    services.question_set_hidden(actor=organiser, question=question, hidden=True)
    snap = board_snapshot(event=event_with_board(event_id=event.pk, viewer=bob), viewer=bob)

    assert (snap.items, Question.objects.get().vote_count) == ([], 1)


def test_pin_and_unpin(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Now")

    board = services.question_pin(actor=organiser, event=event, question=question)
    pinned = board.pinned_id
    board = services.question_pin(actor=organiser, event=event, question=None)

    assert (pinned, board.pinned_id) == (question.pk, None)


def test_pin_by_participant_refused(event: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Now")

    assert refused(services.question_pin, actor=alice, event=event, question=question)[0] == 403


def test_hide_pinned_unpins(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Now")
    services.question_pin(actor=organiser, event=event, question=question)

    services.question_set_hidden(actor=organiser, question=question, hidden=True)

    assert Board.objects.get().pinned_id is None


# ---------------------------------------------------------------- merge


def test_merge_combines_votes_nothing_lost(event: Any, organiser: Any, alice: Any) -> None:
    voters = [make_person(f"voter{i}") for i in range(5)]
    original = services.question_ask(actor=alice, event=event, text="Hubs?")
    duplicate = services.question_ask(actor=alice, event=event, text="Hubs??")
    for voter in voters[:3]:
        services.question_vote(actor=voter, question=original)
    for voter in voters[2:]:
        services.question_vote(actor=voter, question=duplicate)
    answer = services.question_answer(actor=organiser, question=duplicate, text="Soon.")
    followup = services.question_ask(actor=alice, event=event, text="When?", parent=duplicate)

    into = services.question_merge(actor=organiser, question=duplicate, into=original)

    duplicate.refresh_from_db()
    followup.refresh_from_db()
    answer.refresh_from_db()
    assert into.vote_count == 5
    assert sorted(
        Vote.objects.filter(question=original).values_list("voter__username", flat=True)
    ) == [f"voter{i}" for i in range(5)]
    assert (duplicate.state, duplicate.merged_into_id, duplicate.vote_count) == (
        "merged",
        original.pk,
        1,
    )
    assert (answer.question_id, followup.parent_id) == (original.pk, original.pk)
    assert Vote.objects.count() == 6


def test_merge_into_itself_refused(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Same")

    assert refused(services.question_merge, actor=organiser, question=question, into=question) == (
        400,
        "invalid",
    )


def test_merge_twice_refused(event: Any, organiser: Any, alice: Any) -> None:
    first = services.question_ask(actor=alice, event=event, text="A")
    second = services.question_ask(actor=alice, event=event, text="B")
    services.question_merge(actor=organiser, question=second, into=first)
    second.refresh_from_db()

    assert refused(services.question_merge, actor=organiser, question=second, into=first)[0] == 409


def test_merge_pinned_duplicate_moves_pin(event: Any, organiser: Any, alice: Any) -> None:
    first = services.question_ask(actor=alice, event=event, text="A")
    second = services.question_ask(actor=alice, event=event, text="B")
    services.question_pin(actor=organiser, event=event, question=second)

    services.question_merge(actor=organiser, question=second, into=first)

    assert Board.objects.get().pinned_id == first.pk


# ---------------------------------------------------------------- answers, assignment


def test_answer_marks_answered_and_tells_asker(
    event: Any, organiser: Any, alice: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://convene.example.org"
    question = services.question_ask(actor=alice, event=event, text="Grants?")

    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(
            actor=organiser, question=question, text="Work is ongoing.", by="MCDC", mode="live"
        )

    question.refresh_from_db()
    assert question.state == "answered_live"
    assert list(Notice.objects.values_list("recipient__username", "subject")) == [
        ("alice", "Your question was answered")
    ]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["alice@example.org"], "Your question was answered")
    ]
    assert mail.outbox[0].body.endswith(f"\n\nhttps://convene.example.org/questions/{question.pk}/")


def test_answer_pointing_to_previous(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hubs?")
    followup = services.question_ask(actor=alice, event=event, text="To whom?", parent=question)
    first = services.question_answer(actor=organiser, question=question, text="Long answer.")

    pointer = services.question_answer(
        actor=organiser, question=followup, text="See the previous answer.", points_to=first
    )

    assert (pointer.refers_to_previous, pointer.points_to_id) == (True, first.pk)


def test_answer_by_participant_refused(event: Any, alice: Any, bob: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Grants?")

    assert refused(services.question_answer, actor=bob, question=question, text="I know")[0] == 403


def test_answer_several_per_question(event: Any, organiser: Any, alice: Any) -> None:
    make_body(organiser, "Support staff", kind="staff_team")
    question = services.question_ask(actor=alice, event=event, text="Hubs?")
    services.question_answer(actor=organiser, question=question, text="One", by="MCDC")
    services.question_answer(actor=organiser, question=question, text="Two", by="Support staff")

    assert list(Answer.objects.values_list("by", "position")) == [("MCDC", 0), ("Support staff", 1)]


def test_assign_unanswered_then_assignee_answers(
    event: Any, organiser: Any, alice: Any, bob: Any, clock: Any
) -> None:
    clock.set(dt.datetime(2030, 11, 5, 12, tzinfo=dt.UTC))
    question = services.question_ask(actor=alice, event=event, text="Meetup grant for India?")
    followup = services.question_ask(actor=alice, event=event, text="How?", parent=question)
    answered = services.question_ask(actor=alice, event=event, text="Done")
    services.question_answer(actor=organiser, question=answered, text="Yes")

    unanswered = list(questions_unanswered(board=board_of(event)))
    followup = services.question_assign(
        actor=organiser, question=followup, assignee=bob, due_on=dt.date(2030, 11, 20)
    )
    services.question_answer(actor=bob, question=followup, text="Yes you can.")

    assert [q.pk for q in unanswered] == [question.pk, followup.pk]
    followup.refresh_from_db()
    assert (followup.state, followup.assignee, followup.due_on) == (
        "answered_written",
        bob,
        dt.date(2030, 11, 20),
    )
    assert [q.pk for q in questions_unanswered(board=board_of(event))] == [question.pk]


def test_assign_due_in_past_refused(event: Any, organiser: Any, alice: Any, clock: Any) -> None:
    clock.set(dt.datetime(2030, 11, 5, 12, tzinfo=dt.UTC))
    question = services.question_ask(actor=alice, event=event, text="Q")

    assert refused(
        services.question_assign,
        actor=organiser,
        question=question,
        assignee=alice,
        due_on=dt.date(2030, 11, 1),
    ) == (400, "invalid")


# ---------------------------------------------------------------- series pool


def test_series_pool_shared_by_editions(
    series_editions: list[Any], organiser: Any, alice: Any, bob: Any
) -> None:
    first, second = series_editions
    services.question_ask(actor=alice, event=first, text="Asked before pooling")
    services.board_configure(actor=organiser, event=first, pooled=True)

    asked_second = services.question_ask(actor=bob, event=second, text="Asked at the second")
    snap_first = board_snapshot(
        event=event_with_board(event_id=first.pk, viewer=alice), viewer=alice, sort="newest"
    )

    assert [(i.question.text, i.question.event_id) for i in snap_first.items] == [
        ("Asked at the second", second.pk),
        ("Asked before pooling", first.pk),
    ]
    assert asked_second.board.series_id == first.series_id
    assert Board.objects.count() == 1
    assert LogEntry.objects.filter(action="asked").count() == 2  # the history moved too


def test_series_pool_for_event_without_series_refused(event: Any, organiser: Any) -> None:
    assert refused(services.board_configure, actor=organiser, event=event, pooled=True) == (
        400,
        "invalid",
    )


# ---------------------------------------------------------------- notes


def test_notes_import_holds_notes_json(event: Any, organiser: Any) -> None:
    items = [
        {
            "kind": "question",
            "text": "Hubs?",
            "answers": [{"by": "MCDC", "text": "Later.", "refers_to_previous": False}],
            "followups": [
                {
                    "kind": "question",
                    "text": "To whom?",
                    "answers": [
                        {"by": None, "text": "See the previous answer.", "refers_to_previous": True}
                    ],
                    "followups": [],
                },
                {"kind": "question", "text": "Grant?", "answers": [], "followups": []},
            ],
        },
        {"kind": "comment", "text": "Thanks", "answers": [], "followups": []},
    ]

    made = services.notes_import(actor=organiser, event=event, items=items)
    again = services.notes_import(actor=organiser, event=event, items=items, replace=True)

    rows = [(q.kind, q.text, q.state, q.parent.text if q.parent else None) for q in again]
    assert len(made) == 4
    assert rows == [
        ("question", "Hubs?", "answered_written", None),
        ("question", "To whom?", "answered_written", "Hubs?"),
        ("question", "Grant?", "open", "Hubs?"),
        ("comment", "Thanks", "open", None),
    ]
    pointer = Answer.objects.get(text="See the previous answer.")
    assert pointer.points_to.text == "Later."
    assert Question.objects.count() == 4


# ---------------------------------------------------------------- notes_extend


def test_notes_extend_adds_answers_and_followups_to_known_questions(
    event: Any, organiser: Any
) -> None:
    (known,) = services.notes_import(
        actor=organiser, event=event, items=[{"kind": "question", "text": "Q1?"}]
    )

    created = services.notes_extend(
        actor=organiser,
        event=event,
        items=[
            {
                "id": known.pk,
                "answers": [{"by": "MCDC", "text": "Yes.", "refers_to_previous": False}],
                "followups": [{"kind": "question", "text": "Who decides?"}],
            },
            {"kind": "question", "text": "Q2?"},
        ],
    )

    known.refresh_from_db()
    assert [(q.text, q.parent_id, q.position) for q in created] == [
        ("Who decides?", known.pk, 2),
        ("Q2?", None, 3),
    ]
    assert (known.state, list(known.answers.values_list("by", "text"))) == (
        "answered_written",
        [("MCDC", "Yes.")],
    )


def test_notes_extend_refuses_a_question_of_another_event(
    event: Any, organiser: Any, alice: Any
) -> None:
    other = services.question_ask(actor=alice, event=event, text="On the board")

    with pytest.raises(Refusal) as raised:
        services.notes_extend(
            actor=organiser, event=event, items=[{"id": other.pk + 1000, "answers": []}]
        )

    assert (raised.value.status, raised.value.field) == (400, "id")


def test_notes_extend_by_a_participant_is_refused(event: Any, alice: Any) -> None:
    with pytest.raises(Refusal) as raised:
        services.notes_extend(actor=alice, event=event, items=[{"kind": "question", "text": "Q"}])

    assert raised.value.status == 403
    assert Question.objects.count() == 0


def test_answer_for_an_organisation_links_it(event: Any, organiser: Any, alice: Any) -> None:
    committee = make_body(organiser)
    question = services.question_ask(actor=alice, event=event, text="Hubs?")

    answer = services.question_answer(
        actor=organiser, question=question, text="Yes.", organisation=committee
    )

    assert (answer.by, answer.organisation_id) == ("MCDC", committee.pk)
    assert answer_data(answer)["by_url"] == "/directory/mcdc/"


def test_answer_for_an_organisation_not_joined_400(
    event: Any, organiser: Any, alice: Any, bob: Any
) -> None:
    other = make_body(bob, "Drafting group", kind="drafting_group")
    question = services.question_ask(actor=alice, event=event, text="Hubs?")

    refusal = refused(
        services.question_answer, actor=organiser, question=question, text="Y", organisation=other
    )
    free_text = refused(
        services.question_answer, actor=organiser, question=question, text="Y", by="Anyone"
    )

    assert (refusal[0], free_text[0]) == (400, 400)
    assert Answer.objects.count() == 0


def test_answer_free_text_body_by_staff(event: Any, admin: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Hubs?")

    answer = services.question_answer(actor=admin, question=question, text="Y", by="Support")

    assert (answer.by, answer.organisation_id) == ("Support", None)


def test_merge_tells_asker_with_the_question_it_joined(
    event: Any, organiser: Any, alice: Any, bob: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first = services.question_ask(actor=bob, event=event, text="Who decides hub funding?")
    duplicate = services.question_ask(actor=alice, event=event, text="Who funds hubs?")

    with django_capture_on_commit_callbacks(execute=True):
        services.question_merge(actor=organiser, question=duplicate, into=first)

    notice = Notice.objects.get()
    assert (notice.recipient.username, notice.kind, notice.url) == (
        "alice",
        "qa.merged",
        f"/questions/{first.pk}/",
    )
    assert "“Who funds hubs?”" in notice.text
    assert "“Who decides hub funding?”" in notice.text
    assert [m.subject for m in mail.outbox] == ["Your question was merged with a similar one"]


def test_answered_elsewhere_tells_asker_the_answer(
    event: Any, organiser: Any, alice: Any, bob: Any
) -> None:
    first = services.question_ask(actor=bob, event=event, text="Who decides hub funding?")
    answer = services.question_answer(actor=organiser, question=first, text="The hub council.")
    duplicate = services.question_ask(actor=alice, event=event, text="Who funds hubs?")

    services.question_set_state(
        actor=organiser, question=duplicate, state="answered_elsewhere", answer=answer
    )

    notice = Notice.objects.get(recipient=alice)
    assert (notice.subject, notice.url) == ("Your question was answered", f"/questions/{first.pk}/")
    assert notice.text.endswith("\n\nThe hub council.")


def test_decline_notice_in_the_asker_language_no_mail_when_opted_out(
    event: Any, organiser: Any, django_capture_on_commit_callbacks: Any
) -> None:
    asker = make_person("carmen", language="fr", email_notices=False)
    question = services.question_ask(actor=asker, event=event, text="Hors sujet ?")

    with django_capture_on_commit_callbacks(execute=True):
        services.question_decline(actor=organiser, question=question, reason="Hors sujet")

    notice = Notice.objects.get()
    assert notice.text.endswith("Hors sujet")
    assert mail.outbox == []


def test_marked_answered_live_tells_asker(event: Any, organiser: Any, alice: Any) -> None:
    question = services.question_ask(actor=alice, event=event, text="Grants?")

    services.question_set_state(actor=organiser, question=question, state="answered_live")

    notice = Notice.objects.get()
    assert (notice.kind, notice.text) == (
        "qa.answered",
        "Your question “Grants?” was marked answered: answered live",
    )


def test_own_decision_tells_no_one(event: Any, organiser: Any) -> None:
    question = services.question_ask(actor=organiser, event=event, text="Mine")

    services.question_set_state(actor=organiser, question=question, state="answered_live")

    assert Notice.objects.count() == 0
