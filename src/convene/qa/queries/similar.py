"""Questions already asked, in any session, whose words are closest to a text."""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from convene.qa import similarity
from convene.qa.models import Answer, Question, Term
from convene.qa.states import PUBLIC


@dataclass
class Similar:
    question: Question
    score: float
    answers: list[Answer]


def similar_questions(
    *, text: str, limit: int = 5, exclude: Iterable[int] = (), candidates: int = 500
) -> list[Similar]:
    """Public questions asked in any session whose words are closest to `text` (TF-IDF
    weights of shared words, normalised by both lengths), with their answers.

    Three queries: document frequencies, candidate terms, then the winners with answers.
    """
    wanted = similarity.terms(text)
    if not wanted:
        return []
    public = Question.objects.filter(state__in=PUBLIC, hidden=False).exclude(pk__in=list(exclude))
    matches = list(
        Term.objects.filter(term__in=wanted, question__in=public).values_list(
            "question_id", "term"
        )[: candidates * len(wanted)]
    )
    if not matches:
        return []
    frequency = Counter(term for _, term in matches)
    total = max(len({qid for qid, _ in matches}), 1) + 10  # smooth small corpora
    weight = {term: math.log(1 + total / count) for term, count in frequency.items()}
    shared: dict[int, list[str]] = defaultdict(list)
    for qid, term in matches:
        shared[qid].append(term)
    query_norm = math.sqrt(sum(weight.get(t, math.log(1 + total)) ** 2 for t in wanted))
    scored = []
    for qid, found in shared.items():
        overlap = sum(weight[t] ** 2 for t in found)
        scored.append((overlap / query_norm, qid))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    top = [qid for _, qid in scored[: limit * 3]]
    rows = {
        q.pk: q
        for q in Question.objects.filter(pk__in=top).select_related(
            "event", "board__event", "board__series"
        )
    }
    lengths = Counter(
        Term.objects.filter(question_id__in=top).values_list("question_id", flat=True)
    )
    results = []
    for raw, qid in scored[: limit * 3]:
        question = rows.get(qid)
        if question is None:
            continue
        # Cosine-like: long questions that share one word rank below short close ones.
        score = raw / math.sqrt(max(lengths.get(qid, 1), 1)) * math.sqrt(len(wanted))
        results.append(Similar(question=question, score=min(score, 1.0), answers=[]))
    results.sort(key=lambda s: (-s.score, s.question.pk))
    results = results[:limit]
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(
        question_id__in=[s.question.pk for s in results]
    ).select_related("organisation"):
        answers[answer.question_id].append(answer)
    for found_one in results:
        found_one.answers = answers.get(found_one.question.pk, [])
    return results
