"""Questions with visibility applied: one question, its thread, the lists a moderator
works through, the board's public Q&A for export.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet

from convene.core.actors import signed_in
from convene.core.types import Actor
from convene.events.models import Event
from convene.qa.models import Answer, Board, Kind, Question, State, Vote
from convene.qa.queries.boards import can_moderate
from convene.qa.states import ANSWERED, PUBLIC, UNANSWERED


def visible_questions(*, board: Board, viewer: Actor, moderator: bool) -> QuerySet[Question]:
    """The board's questions that `viewer` may see: the public ones, their own (also
    waiting or declined), and for moderators everything but merged duplicates."""
    rows = Question.objects.filter(board=board)
    if moderator:
        rows = rows.exclude(state=State.MERGED)
    elif signed_in(viewer):
        rows = rows.filter(Q(state__in=PUBLIC, hidden=False) | Q(author=viewer))
        rows = rows.exclude(state=State.MERGED)
    else:
        rows = rows.filter(state__in=PUBLIC, hidden=False)
    rows = rows.select_related("author__profile", "event")
    if signed_in(viewer):
        rows = rows.annotate(
            viewer_voted=Exists(Vote.objects.filter(question=OuterRef("pk"), voter=viewer))
        )
    return rows


@dataclass
class Item:
    """A question or comment on the board, with its answers and follow-ups."""

    question: Question
    answers: list[Answer] = field(default_factory=list)
    children: list["Item"] = field(default_factory=list)

    @property
    def voted(self) -> bool:
        return bool(getattr(self.question, "viewer_voted", False))

    @property
    def answered_elsewhere(self) -> Answer | None:
        """The answer this question was marked answered by, when anyone may read it."""
        return readable_answer(self.question.answered_elsewhere)

    @property
    def answers_with_references(self) -> list[tuple[Answer, Answer | None]]:
        """Each answer with the earlier answer it refers to, when anyone may read it."""
        return [(answer, readable_answer(answer.points_to)) for answer in self.answers]


def readable_answer(answer: Answer | None) -> Answer | None:
    """`answer` when every reader may open its question (on its board, not hidden), so
    a page may show its text where another question refers to it; else None."""
    if answer is None:
        return None
    question = answer.question
    return answer if question.state in PUBLIC and not question.hidden else None


def question_get(*, pk: int, viewer: Actor) -> Question:
    """One question with its board and event; raises Question.DoesNotExist when `viewer`
    may not see it."""
    question = Question.objects.select_related(
        "board",
        "board__event",
        "board__series",
        "event",
        "event__series",
        "author__profile",
        "parent",
        "merged_into",
        "answered_elsewhere__question",
    ).get(pk=pk)
    if question.state in PUBLIC and not question.hidden:
        return question
    if question.state == State.MERGED:
        return question  # shown as "merged into …"
    if signed_in(viewer) and question.author_id == viewer.pk:
        return question
    if signed_in(viewer) and can_moderate(
        user=viewer, event=question_event(question), board=question.board
    ):
        return question
    raise Question.DoesNotExist


def question_event(question: Question) -> Event:
    """The event a question belongs to: where it was asked, else its board's event."""
    if question.event is not None:
        return question.event
    board = question.board
    if board.event is not None:
        return board.event
    series_id = board.series_id
    first = (
        Event.objects.filter(series_id=series_id).order_by("sort_start").first()
        if series_id is not None
        else None
    )
    if first is None:
        raise Question.DoesNotExist
    return first


def question_thread(*, question: Question, viewer: Actor, moderator: bool) -> Item:
    """A question with its answers and its follow-ups and comments (visible ones)."""
    children = list(
        visible_questions(board=question.board, viewer=viewer, moderator=moderator).filter(
            parent=question
        )
    )
    ids = [question.pk] + [c.pk for c in children]
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(question_id__in=ids).select_related(
        "points_to__question", "author__profile", "organisation"
    ):
        answers[answer.question_id].append(answer)
    return Item(
        question=question,
        answers=answers.get(question.pk, []),
        children=[Item(question=c, answers=answers.get(c.pk, [])) for c in children],
    )


def questions_unanswered(*, board: Board) -> QuerySet[Question]:
    """Questions and follow-ups still waiting for an answer, most votes first."""
    return (
        Question.objects.filter(board=board, kind=Kind.QUESTION, state__in=UNANSWERED, hidden=False)
        .select_related("author__profile", "assignee__profile", "parent", "event")
        .order_by("-vote_count", "created_at", "pk")
    )


def questions_assigned(*, user: User) -> QuerySet[Question]:
    return (
        Question.objects.filter(assignee=user, state__in=UNANSWERED)
        .select_related("board__event", "board__series", "event")
        .order_by("due_on", "pk")
    )


# A question entered from a session's notes has its place in the notes (1, 2, …); one
# asked on the board has none (0). `services.notes_import` keeps this convention.
FROM_NOTES = Q(position__gt=0)


def questions_from_notes(*, event: Event) -> list[Question]:
    """The questions (and follow-ups and comments) imported from `event`'s notes, in the
    notes' order: all of them, whatever their state, so that a re-import never
    duplicates a hidden one. One query."""
    return list(Question.objects.filter(FROM_NOTES, event=event).order_by("position", "pk"))


def items_from_notes(*, event: Event) -> tuple[list[Item], list[Question]]:
    """`questions_from_notes` as a tree of items (question, answers in order, follow-ups)
    and the flat list. Two queries."""
    questions = questions_from_notes(event=event)
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(question__in=questions)
        .select_related("organisation")
        .order_by("position", "pk")
    ):
        answers[answer.question_id].append(answer)
    nodes = {q.pk: Item(question=q, answers=answers.get(q.pk, [])) for q in questions}
    top: list[Item] = []
    for node in nodes.values():
        parent = node.question.parent_id
        if parent is not None and parent in nodes:
            nodes[parent].children.append(node)
        elif parent is None:
            top.append(node)
    return top, questions


def export_items(*, board: Board) -> list[Item]:
    """The board's public Q&A for export: questions and comments in order, with their
    answers and follow-ups (three queries)."""
    questions = list(
        Question.objects.filter(board=board, state__in=PUBLIC, hidden=False)
        .select_related("author__profile", "event")
        .order_by("position", "created_at", "pk")
    )
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(question__board=board)
        .select_related("organisation")
        .order_by("position", "created_at", "pk")
    ):
        answers[answer.question_id].append(answer)
    by_id = {q.pk: Item(question=q, answers=answers.get(q.pk, [])) for q in questions}
    top: list[Item] = []
    for item in by_id.values():
        parent_id = item.question.parent_id
        if parent_id is None:
            top.append(item)
        elif parent_id in by_id:
            by_id[parent_id].children.append(item)
    return top


def answered(question: Question) -> bool:
    return question.state in ANSWERED


def flatten(items: Sequence[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        out.append(item)
        out.extend(flatten(item.children))
    return out
