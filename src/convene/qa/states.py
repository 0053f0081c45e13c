"""The moderation state machine, as pure functions (no database)."""

from convene.qa.models import State

ANSWERED = frozenset({State.ANSWERED_LIVE, State.ANSWERED_WRITTEN, State.ANSWERED_ELSEWHERE})
# Still waiting for an answer: the unanswered list after the session.
UNANSWERED = frozenset({State.OPEN, State.DEFERRED})
# Shown on the public board (hidden questions aside).
PUBLIC = frozenset({State.OPEN, State.DEFERRED} | ANSWERED)
# What a moderator may set with "set state"; PENDING is only where pre-moderation starts,
# MERGED only comes from a merge.
SETTABLE = frozenset(
    {
        State.OPEN,
        State.ANSWERED_LIVE,
        State.ANSWERED_WRITTEN,
        State.ANSWERED_ELSEWHERE,
        State.DEFERRED,
        State.DECLINED,
    }
)


def transition_error(current: str, target: str, *, has_answer: bool, has_reason: bool) -> str:
    """Why `current` → `target` is refused ("" when it is allowed).

    Returns a message key: "merged" (a merged question is final), "not_settable",
    "same", "needs_answer" (answered elsewhere must point at the answer), "needs_reason"
    (a decline must say why, the asker sees it).
    """
    if current == State.MERGED:
        return "merged"
    if target not in SETTABLE:
        return "not_settable"
    if current == target and target != State.ANSWERED_ELSEWHERE:
        return "same"
    if target == State.ANSWERED_ELSEWHERE and not has_answer:
        return "needs_answer"
    if target == State.DECLINED and not has_reason:
        return "needs_reason"
    return ""


def state_after_answer(current: str, *, live: bool) -> str:
    """The state a question moves to when an answer is added to it."""
    if current in (State.OPEN, State.DEFERRED, State.PENDING):
        return State.ANSWERED_LIVE if live else State.ANSWERED_WRITTEN
    return current
