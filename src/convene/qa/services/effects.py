"""What every write does besides its own rows: the log, the similarity index, the
live announcements after commit, the asker's notice.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import F
from django.urls import reverse

from convene.core.clock import now
from convene.core.generations import bump
from convene.core.types import Actor
from convene.people.notices import notice_send
from convene.qa import live, similarity
from convene.qa.models import Board, LogEntry, Question, Term
from convene.qa.payloads import question_data
from convene.qa.queries import board_event_ids, public_item
from convene.qa.services.rules import is_public, signed_in
from convene.qa.similarity import SIMILAR


def log_action(
    board: Board,
    action: str,
    *,
    actor: Actor,
    question: Question | None = None,
    **detail: Any,
) -> None:
    LogEntry.objects.create(
        board=board,
        question=question,
        actor=actor if signed_in(actor) else None,
        action=action,
        detail=detail,
        at=now(),
    )


def index_terms(question: Question) -> None:
    Term.objects.filter(question=question).delete()
    Term.objects.bulk_create(
        [Term(question=question, term=term) for term in similarity.terms(question.text)]
    )


def announce_question(question: Question, *, was_public: bool) -> None:
    """The question to moderators (`question` event); to everyone its public form, with
    its answers and follow-ups when it comes (back) on the board, or only that it left
    the board (`removed`, so open pages drop it), or nothing when it was and stays off."""
    data = question_data(question)
    public: dict[str, Any] | None = None
    if is_public(question):
        public = data if was_public else public_item(question=question)
    elif was_public:  # one never shown publicly leaves nothing there, not even its id
        public = {"id": question.pk, "removed": True}
    announce(question.board, "question", data, public_data=public)


def announce(
    board: Board,
    kind: str,
    data: dict[str, Any],
    *,
    public_data: dict[str, Any] | bool | None = True,
) -> None:
    """A change the board shows: bump its version (so cached snapshots are not served
    again) and announce it on its live channels after the commit."""
    Board.objects.filter(pk=board.pk).update(version=F("version") + 1)
    if kind not in ("vote", "pinned"):  # what similar questions show: texts, states, answers
        bump(SIMILAR)
    live.announce(board_event_ids(board), kind, data, public_data=public_data)


def lock(question: Question) -> Question:
    """The question's row, locked until the transaction ends (PostgreSQL), fresh."""
    return Question.objects.select_for_update().select_related("board").get(pk=question.pk)


def tell_asker(
    question: Question,
    *,
    actor: Actor,
    kind: str,
    subject: str,
    body: str,
    params: Mapping[str, Any],
    about: Question | None = None,
) -> None:
    """Tell the asker (if known, and not the one acting) through people's notices: on
    the site, and by e-mail after commit if they chose e-mail. The notice points at the
    question (or at `about`, the one it was merged into or answered by)."""
    if question.author is None or question.author_id == actor.pk:
        return
    notice_send(
        recipient=question.author,
        kind=f"qa.{kind}",
        url=reverse("qa:question", args=[(about or question).pk]),
        subject=subject,
        body=body,
        params=params,
    )
