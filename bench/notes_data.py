"""Notes figures for `make bench`: parsing a 10,000-item page of notes (plain text, as
pasted from a rendered page), and the same in wikitext and Markdown."""

import statistics
import time
from collections.abc import Callable
from typing import Any

from convene.notes.parsing import generate_sample_notes, parse

ITEMS = 10_000
ROUNDS = 3


def generate() -> dict[str, Any]:
    """The three sample documents (deterministic), written once."""
    return {fmt: generate_sample_notes(ITEMS, fmt) for fmt in ("text", "wikitext", "markdown")}


def _median_ms(text: str, fmt: str) -> tuple[float, int]:
    timings, count = [], 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        result = parse(text, fmt)
        timings.append((time.perf_counter() - start) * 1000)
        count = len(result.items)
    return statistics.median(timings), count


def measure(context: dict[str, Any], *, emit: Callable[..., None]) -> None:
    ms, count = _median_ms(context["text"], "text")
    emit("notes.parse_10k", round(ms), "ms")
    emit("notes.parse_10k_items", count)
    for fmt in ("wikitext", "markdown"):
        ms, _count = _median_ms(context[fmt], fmt)
        emit(f"notes.parse_10k_{fmt}", round(ms), "ms")
