"""Votes and questions arriving on the bench's board while `make bench` measures the pages
again (issue 15: pages under concurrent writes).

`python bench/writes.py EVENT_ID SECONDS` writes, into the bench database, 20 votes and 2
questions a second through qa's services (what the API and the pages call: each write
commits, bumps the board's version and publishes to the live stream), by the bench's
voters in turn, for SECONDS at most; it stops sooner when its standard input closes (the
bench ends it so). It prints `writes ready` once set up, then on its way out
`writes votes=N questions=N refused=N seconds=S`.
"""

import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PYTHONTZPATH", "")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault(
    "CONVENE_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "bench")
)

VOTES_PER_S = 20
QUESTIONS_PER_S = 2
TOPICS = ["hubs", "grants", "the charter", "ambassadors", "regional meetups", "translation"]


def main(event_id: int, seconds: float) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from convene.core.errors import Refusal
    from convene.events.models import Event
    from convene.qa import services
    from convene.qa.models import Question

    event = Event.objects.get(pk=event_id)
    voters = list(get_user_model().objects.filter(username__startswith="bench-qa-"))
    questions = list(Question.objects.filter(board__event=event).values_list("pk", flat=True))
    rng = random.Random(11)
    stop = threading.Event()
    # The bench closes our standard input to end us (and so does its death).
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    print("writes ready", flush=True)
    per_s = VOTES_PER_S + QUESTIONS_PER_S
    every = VOTES_PER_S // QUESTIONS_PER_S + 1  # one write in 11 is a question
    votes = asked = refused = 0
    start = time.monotonic()
    n = 0
    while not stop.is_set() and time.monotonic() - start < seconds:
        voter = voters[n % len(voters)]
        try:
            if n % every == 0:
                topic = TOPICS[n % len(TOPICS)]
                services.question_ask(
                    actor=voter, event=event, text=f"How will {topic} work, question {n}?"
                )
                asked += 1
            else:
                question = Question.objects.get(pk=rng.choice(questions))
                services.question_vote(actor=voter, question=question)
                votes += 1
        except Refusal:
            refused += 1
        n += 1
        stop.wait(max(0.0, start + n / per_s - time.monotonic()))
    took = time.monotonic() - start
    print(
        f"writes votes={votes} questions={asked} refused={refused} seconds={took:.1f}", flush=True
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]))
