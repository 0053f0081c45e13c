"""Bulk data for `make bench`: one board with 1,000 questions and 20,000 votes (the size
adhocracy+'s live-question list is compared at), answers and follow-ups; then the board
snapshot's query count and its rate (requests per second, one thread, no network)."""

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from convene.core.clock import now
from convene.events.models import Event
from convene.qa import similarity
from convene.qa.models import Answer, Board, Question, State, Term, Vote

WORDS = [
    "hubs",
    "charter",
    "ambassadors",
    "grants",
    "regional",
    "meetup",
    "translation",
    "community",
    "affiliates",
    "governance",
    "chapter",
    "feedback",
    "language",
    "roles",
    "responsibilities",
    "drafting",
    "committee",
    "funding",
    "support",
    "volunteers",
    "legal",
    "entity",
    "pilot",
    "dialogue",
    "conversation",
    "strategy",
]


def generate(*, questions: int = 1000, votes: int = 20000, voters: int = 400) -> dict[str, Any]:
    rng = random.Random(5)
    at = now().replace(microsecond=0)
    users = get_user_model().objects
    with transaction.atomic():
        people = users.bulk_create(
            [get_user_model()(username=f"bench-qa-{i}", email="") for i in range(voters)]
        )
        start = at + dt.timedelta(hours=2)
        event = Event.objects.create(
            title="Bench live board",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            sort_start=start,
            sort_end=start + dt.timedelta(hours=1),
            is_sample=True,
        )
        board = Board.objects.create(event=event)
        rows = []
        for index in range(questions):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20))) + "?"
            rows.append(
                Question(
                    board=board,
                    event=event,
                    text=f"{index}: {text}",
                    language="en",
                    author=people[index % voters],
                    state=State.ANSWERED_LIVE if index % 4 == 0 else State.OPEN,
                    created_at=at + dt.timedelta(seconds=index),
                    updated_at=at + dt.timedelta(seconds=index),
                )
            )
        made = Question.objects.bulk_create(rows, batch_size=500)
        followups = [
            Question(
                board=board,
                event=event,
                parent=made[i],
                text=f"Follow-up to {i}: and the grants?",
                created_at=at,
                updated_at=at,
            )
            for i in range(0, questions, 10)
        ]
        Question.objects.bulk_create(followups, batch_size=500)
        Answer.objects.bulk_create(
            [
                Answer(question=made[i], by="MCDC", text="An answer given live.", created_at=at)
                for i in range(0, questions, 4)
            ],
            batch_size=500,
        )
        pairs: set[tuple[int, int]] = set()
        votes = min(votes, questions * voters // 2)  # one vote a voter and question
        while len(pairs) < votes:
            pairs.add((rng.randrange(questions), rng.randrange(voters)))
        counts = [0] * questions
        vote_rows = []
        for q_index, v_index in pairs:
            counts[q_index] += 1
            vote_rows.append(Vote(question=made[q_index], voter=people[v_index], created_at=at))
        Vote.objects.bulk_create(vote_rows, batch_size=2000)
        for question, count in zip(made, counts, strict=True):
            question.vote_count = count
        Question.objects.bulk_update(made, ["vote_count"], batch_size=500)
        Term.objects.bulk_create(
            [Term(question=q, term=t) for q in made for t in similarity.terms(q.text)],
            batch_size=2000,
            ignore_conflicts=True,
        )
    return {"event_id": event.pk, "questions": questions, "votes": votes}


def _timed(call: Callable[[], Any], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        begin = time.perf_counter()
        call()
        out.append(time.perf_counter() - begin)
    return out


def measure(context: dict[str, Any], *, emit: Callable[..., None]) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/api/events/{context['event_id']}/board"
    response = client.get(url)
    emit("board.snapshot_status", response.status_code)
    emit("board.snapshot_items", len(response.json().get("items", [])))
    from django.core.cache import cache

    from convene.qa import queries as qa_queries

    def forget() -> None:  # as after a change: the next request builds the snapshot again
        cache.clear()
        qa_queries._LOCAL.clear()

    forget()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)  # built from the database
    emit("board.snapshot_queries", len(queries.captured_queries))
    with CaptureQueriesContext(connection) as queries:
        client.get(url)  # its public part from the cache
    emit("board.snapshot_queries_cached", len(queries.captured_queries))
    timings = _timed(lambda: client.get(url), 30)
    median = statistics.median(timings)
    emit("board.snapshot_p50", median * 1000, "ms")
    # One thread through the WSGI handler, no network: requests per second per core.
    emit("board.snapshot_rps", 1 / median, "req/s")
    emit("board.snapshot_kb", len(response.content) / 1024, "KB")

    def rebuilt() -> None:
        forget()
        client.get(url)

    emit("board.snapshot_build_p50", statistics.median(_timed(rebuilt, 10)) * 1000, "ms")
    from convene.qa.queries import similar_questions

    similar = _timed(
        lambda: similar_questions(text="How will hubs get grants for regional meetups?"), 30
    )
    emit("qa.similar_p50", statistics.median(similar) * 1000, "ms")
    _measure_http(context, emit=emit)


def _database_url() -> str | None:
    """The bench database as a URL for a server process ("" for the default SQLite)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        return None
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _measure_http(
    context: dict[str, Any], *, emit: Callable[..., None], clients: int = 8, seconds: float = 5
) -> None:
    """The snapshot's rate through `convene serve` (one address, real HTTP, keep-alive),
    with the load generator on the same machine: what a board's viewers would see."""
    import http.client
    import os
    import socket
    import subprocess
    import sys
    import threading

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "INSECURE_HTTP": "true", "ALLOWED_HOSTS": "127.0.0.1"}
    url = _database_url()
    if url:
        env["DATABASE_URL"] = url
    workers = "2" if os.environ.get("REDIS_URL") else "1"
    command = [sys.executable, "-m", "convene", "serve", "--port", str(port), "--workers", workers]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    path = f"/api/events/{context['event_id']}/board"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                probe.request("GET", path)
                if probe.getresponse().read() and True:
                    break
            except OSError:
                time.sleep(0.3)
        counts = [0] * clients
        stop = time.monotonic() + seconds

        def load(index: int) -> None:
            connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < stop:
                connection_.request("GET", path)
                response = connection_.getresponse()
                response.read()
                if response.status == 200:
                    counts[index] += 1

        threads = [threading.Thread(target=load, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        emit(f"board.snapshot_rps_http_{workers}proc", sum(counts) / seconds, "req/s")
    except OSError as exc:
        print(f"bench: board.snapshot_rps_http skipped ({exc})", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
