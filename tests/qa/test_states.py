from convene.qa.models import State
from convene.qa.states import state_after_answer, transition_error


def test_transition_open_to_answered_live_allowed() -> None:
    assert transition_error("open", "answered_live", has_answer=False, has_reason=False) == ""


def test_transition_decline_without_reason_refused() -> None:
    assert transition_error("open", "declined", has_answer=False, has_reason=False) == (
        "needs_reason"
    )


def test_transition_answered_elsewhere_without_answer_refused() -> None:
    assert transition_error("open", "answered_elsewhere", has_answer=False, has_reason=False) == (
        "needs_answer"
    )


def test_transition_from_merged_refused() -> None:
    assert transition_error("merged", "open", has_answer=False, has_reason=False) == "merged"


def test_transition_to_pending_refused() -> None:
    assert transition_error("open", "pending", has_answer=False, has_reason=False) == (
        "not_settable"
    )


def test_transition_to_same_state_refused() -> None:
    assert transition_error("deferred", "deferred", has_answer=False, has_reason=False) == "same"


def test_transition_every_settable_pair_from_open() -> None:
    allowed = [
        target
        for target in State.values
        if not transition_error("open", target, has_answer=True, has_reason=True)
    ]
    assert allowed == [
        "answered_live",
        "answered_written",
        "answered_elsewhere",
        "deferred",
        "declined",
    ]


def test_state_after_answer_open_live() -> None:
    assert state_after_answer("open", live=True) == "answered_live"


def test_state_after_answer_deferred_written() -> None:
    assert state_after_answer("deferred", live=False) == "answered_written"


def test_state_after_answer_keeps_answered_elsewhere() -> None:
    assert state_after_answer("answered_elsewhere", live=False) == "answered_elsewhere"
