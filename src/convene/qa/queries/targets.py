"""What a moderator picks from instead of typing numbers: the questions of the board a
question may be merged into, and the answers that may say it was answered elsewhere,
those most like the question (or like what the moderator searched for) first.

Three queries whatever the board's size: the shared words, the candidates, their answers.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from convene.qa import similarity
from convene.qa.models import Answer, Question, State, Term
from convene.qa.states import PUBLIC

TARGETS_SHOWN = 20


@dataclass
class Target:
    question: Question
    similar: bool
    answers: list[Answer] = field(default_factory=list)


def _ranked(rows: QuerySet[Question], *, text: str, limit: int) -> list[tuple[int, bool]]:
    """Ids of `rows` sharing words with `text` (most shared weight first, marked similar),
    then, to fill `limit`, those containing `text` and then the most voted."""
    wanted = similarity.terms(text)
    scores: dict[int, float] = defaultdict(float)
    if wanted:
        pairs = list(
            Term.objects.filter(term__in=wanted, question__in=rows).values_list(
                "question_id", "term"
            )[: 500 * len(wanted)]
        )
        frequency = Counter(term for _qid, term in pairs)
        for qid, term in pairs:  # a rare shared word weighs more than a common one
            scores[qid] += math.log(1 + len(pairs) / frequency[term])
    ranked = [(qid, True) for qid in sorted(scores, key=lambda q: (-scores[q], q))[:limit]]
    if len(ranked) < limit:
        seen = {qid for qid, _similar in ranked}
        rest = rows.exclude(pk__in=seen).order_by("-vote_count", "-created_at", "pk")
        needle = text.strip().lstrip("#")
        if needle.isdigit():
            rest = rest.filter(pk=int(needle))
        elif needle and not wanted:
            rest = rest.filter(text__icontains=needle)
        ranked += [(qid, False) for qid in rest.values_list("pk", flat=True)[: limit - len(ranked)]]
    return ranked


def _targets(rows: QuerySet[Question], *, question: Question, search: str) -> list[Target]:
    text = search.strip() or question.text
    ranked = _ranked(rows, text=text, limit=TARGETS_SHOWN)
    found = {q.pk: q for q in rows.filter(pk__in=[qid for qid, _s in ranked])}
    return [Target(question=found[qid], similar=sim) for qid, sim in ranked if qid in found]


def merge_targets(*, question: Question, search: str = "") -> list[Target]:
    """Questions on `question`'s board it may be merged into (not merged, not itself or
    a follow-up of it): those like `search` (or, without one, like the question) first."""
    rows = (
        Question.objects.filter(board_id=question.board_id)
        .exclude(pk=question.pk)
        .exclude(state=State.MERGED)
        .exclude(parent_id=question.pk)
        .select_related("event")
    )
    return _targets(rows, question=question, search=search)


def answer_targets(*, question: Question, search: str = "") -> list[Target]:
    """Public questions with answers on `question`'s board, each with its answers, for
    "answered elsewhere": those like `search` (or like the question) first."""
    rows = (
        Question.objects.filter(board_id=question.board_id, state__in=PUBLIC, hidden=False)
        .exclude(pk=question.pk)
        .filter(Q(answers__isnull=False))
        .distinct()
        .select_related("event")
    )
    targets = _targets(rows, question=question, search=search)
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(question_id__in=[t.question.pk for t in targets]).order_by(
        "position", "created_at", "pk"
    ):
        answers[answer.question_id].append(answer)
    for target in targets:
        target.answers = answers[target.question.pk]
    return targets
