"""Consultations data for `make bench`: a 200-paragraph chapter with 50,000 anchored
feedback items on Draft 1 (made with `bulk_create`, as an import would), then the
figure the issue sets: publishing Draft 2 and carrying every item to it (the background
task's work, `services.version_reanchor`) — under 10 s — with how the items landed.

Context for page benches (`bench.consultations_pages`): `chapter` (slug), `version`
(the number of Draft 2), `paragraph` (a key with feedback on it).
"""

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from bench import consultations_text
from convene.consultations import generations, services
from convene.consultations.models import (
    Channel,
    Chapter,
    Charter,
    ConsultationPeriod,
    Feedback,
    FeedbackPlacement,
    Paragraph,
    PlacementState,
)
from convene.core.clock import now

ITEMS = 50_000
SEED = 13


def generate() -> dict[str, Any]:
    text = consultations_text.generate()
    first, second = text["markdown"]
    user_model = get_user_model()
    drafter, _ = user_model.objects.get_or_create(
        username="consultations-bench", defaults={"is_staff": True}
    )
    charter, _ = Charter.objects.get_or_create(slug="bench-charter", defaults={"title": "Bench"})
    chapter = Chapter.objects.create(charter=charter, slug="bench-chapter", title="Bench chapter")
    today = now().date()
    ConsultationPeriod.objects.create(
        charter=charter,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
    )
    draft_1 = services.version_publish(actor=drafter, chapter=chapter, label="Draft 1", text=first)
    paragraphs = list(
        Paragraph.objects.filter(version=draft_1)
        .exclude(kind="heading")
        .values_list("key", "text", "position")
    )
    rng = random.Random(SEED)
    channels = [c for c in Channel.values if c != Channel.QUESTION]
    at = now()
    with transaction.atomic():
        rows = []
        for index in range(ITEMS):
            key, body, _ = rng.choice(paragraphs)
            words = body.split(" ")
            size = rng.randint(2, 12)
            start_word = rng.randrange(max(1, len(words) - size))
            start = sum(len(w) + 1 for w in words[:start_word])
            quote = " ".join(words[start_word : start_word + size])
            with_quote = index % 3 != 0
            rows.append(
                Feedback(
                    chapter=chapter, version=draft_1, paragraph_key=key if index % 10 else "",
                    quote=quote if with_quote else "",
                    prefix=body[max(0, start - 32) : start] if with_quote else "",
                    suffix=body[start + len(quote) : start + len(quote) + 32]
                    if with_quote else "",
                    quote_start=start if with_quote else None, text=f"Point {index}",
                    channel=rng.choice(channels),
                    language=rng.choice(["en", "fr", "es", "bn", "id"]),
                    author=drafter if index % 50 == 0 else None, given_at=at, created_at=at,
                )
            )  # fmt: skip
        created = Feedback.objects.bulk_create(rows, batch_size=2000)
        positions = {key: position for key, _, position in paragraphs}
        FeedbackPlacement.objects.bulk_create(
            [
                FeedbackPlacement(
                    feedback_id=item.pk, version=draft_1,
                    state=(PlacementState.EXACT if item.quote else PlacementState.PARAGRAPH)
                    if item.paragraph_key else PlacementState.CHAPTER,
                    paragraph_key=item.paragraph_key,
                    position=positions.get(item.paragraph_key),
                    start=item.quote_start,
                )
                for item in created
            ],
            batch_size=2000,
        )  # fmt: skip
        generations.changed(chapters=[chapter.pk])  # as the import service does
    return {
        "chapter": chapter.slug,
        "drafter": drafter,
        "second": second,
        "version": 1,
        "paragraph": paragraphs[0][0],
    }


def measure(context: dict[str, Any], *, emit: Callable[..., None]) -> None:
    chapter = Chapter.objects.get(slug=context["chapter"])
    start = time.perf_counter()
    draft_2 = services.version_publish(
        actor=context["drafter"], chapter=chapter, label="Draft 2", text=context["second"]
    )
    emit("consultations.publish_200", (time.perf_counter() - start) * 1000, "ms")
    start = time.perf_counter()
    services.version_reanchor(version_id=draft_2.pk)
    emit("consultations.reanchor_50000", time.perf_counter() - start, "s")
    states = Counter(
        FeedbackPlacement.objects.filter(version=draft_2).values_list("state", flat=True)
    )
    for state, n in sorted(states.items()):
        emit(f"consultations.reanchor_{state}", n)
    context["version"] = draft_2.number
