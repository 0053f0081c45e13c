"""Consultations text-engine figures for `make bench`: splitting a 200-block chapter,
inheriting its paragraph keys in a redraft (edits, moves, splits, merges, new and removed
paragraphs), word diffs of its edited paragraphs, reading a 2,000-comment talk page, and
placing 50,000 anchored feedback items on the redraft.

Pure Python, no database: `generate` builds two deterministic drafts and the items,
`measure` times the engine on them. Also runs on its own: `python bench/consultations_text.py`.
"""

import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run on its own: make `convene` importable from src/
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from convene.consultations.text import (
    Placer,
    diff_words,
    inherit_keys,
    make_anchor,
    parse_talk_page,
    split_text,
)

BLOCKS = 200
ITEMS = 50_000
TALK_COMMENTS = 2_000
ROUNDS = 3
SEED = 2022

_COMMON = [
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "with", "be", "on",
    "by", "this", "are", "or", "at", "from", "an", "which", "movement", "hub", "hubs",
    "council", "charter", "affiliates", "community", "communities", "regional", "global",
    "members", "shall", "may", "will", "should", "their", "each", "every", "other", "all",
]  # fmt: skip


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghiklmnoprstuvwy"
    rare = {"".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(4000)}
    return sorted(rare)


def _sentence(rng: random.Random, vocabulary: list[str], size: int) -> list[str]:
    return [
        rng.choice(_COMMON) if rng.random() < 0.45 else rng.choice(vocabulary) for _ in range(size)
    ]


def _draft(rng: random.Random, vocabulary: list[str]) -> list[list[str]]:
    """BLOCKS blocks: a heading every tenth block, else a paragraph of 30-120 words."""
    blocks = []
    for index in range(BLOCKS):
        if index % 10 == 0:
            blocks.append(["#", *_sentence(rng, vocabulary, rng.randint(1, 4))])
        else:
            blocks.append(_sentence(rng, vocabulary, rng.randint(30, 120)))
    return blocks


def _redraft(rng: random.Random, vocabulary: list[str], blocks: list[list[str]]) -> list[list[str]]:
    """About a fifth of the paragraphs edited, and a few each moved, split, merged,
    removed and new."""
    result = [block[:] for block in blocks]
    for block in result:
        if block[0] != "#" and rng.random() < 0.2:
            for _ in range(rng.randint(1, 4)):
                block[rng.randrange(len(block))] = rng.choice(vocabulary)
    for _ in range(10):  # moves
        block = result.pop(rng.randrange(len(result)))
        result.insert(rng.randrange(len(result) + 1), block)
    for _ in range(10):  # splits
        at = rng.randrange(len(result))
        if result[at][0] != "#" and len(result[at]) > 10:
            cut = rng.randrange(3, len(result[at]) - 3)
            result[at : at + 1] = [result[at][:cut], result[at][cut:]]
    for _ in range(10):  # merges
        at = rng.randrange(len(result) - 1)
        if result[at][0] != "#" and result[at + 1][0] != "#":
            result[at : at + 2] = [result[at] + result[at + 1]]
    for _ in range(10):  # removed
        result.pop(rng.randrange(len(result)))
    for _ in range(10):  # new
        result.insert(rng.randrange(len(result) + 1), _sentence(rng, vocabulary, 50))
    return result


def _markdown(blocks: list[list[str]]) -> str:
    return "\n\n".join(" ".join(block) for block in blocks)


def _wikitext(blocks: list[list[str]]) -> str:
    return "\n\n".join(
        f"== {' '.join(block[1:])} ==" if block[0] == "#" else " ".join(block) for block in blocks
    )


def generate() -> dict[str, Any]:
    """Two drafts (Markdown and wikitext) and 50,000 anchors on the first (deterministic)."""
    rng = random.Random(SEED)
    vocabulary = _vocabulary(rng)
    first = _draft(rng, vocabulary)
    second = _redraft(rng, vocabulary, first)
    keys = count(1)
    old_texts = [block.text for block in split_text(_markdown(first), "markdown")]
    old = [(f"p{next(keys)}", text) for text in old_texts]
    items = []
    paragraphs = [(key, text) for key, text in old if not text.startswith("#")]
    for _ in range(ITEMS):
        key, text = rng.choice(paragraphs)
        words = text.split(" ")
        size = rng.randint(2, 15)
        at = rng.randrange(len(words) - size)
        start = sum(len(word) + 1 for word in words[:at])
        end = start + len(" ".join(words[at : at + size]))
        items.append((key, make_anchor(text, start, end)))
    return {
        "markdown": (_markdown(first), _markdown(second)),
        "wikitext": (_wikitext(first), _wikitext(second)),
        "old": old,
        "items": items,
        "talk": _talk_page(rng, vocabulary),
        "next_key": lambda: f"p{next(keys)}",
    }


def _talk_page(rng: random.Random, vocabulary: list[str]) -> str:
    """TALK_COMMENTS signed comments in threads of up to five, a section every 20."""
    lines = []
    for index in range(TALK_COMMENTS):
        if index % 20 == 0:
            lines.append(f"== Topic {index // 20} ==")
        name = f"User {rng.randrange(300)}"
        text = " ".join(_sentence(rng, vocabulary, rng.randint(5, 60)))
        stamp = (
            f"{rng.randint(0, 23):02}:{rng.randint(0, 59):02}, {rng.randint(1, 28)} November 2022"
        )
        lines.append(
            f"{':' * (index % 5)}{text} [[User:{name}|{name}]] ([[User talk:{name}|talk]]) "
            f"{stamp} (UTC)"
        )
    return "\n".join(lines)


def _median_ms(action: Callable[[], object]) -> float:
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def measure(context: dict[str, Any], *, emit: Callable[..., None]) -> None:
    for fmt in ("markdown", "wikitext"):
        text = context[fmt][1]
        ms = _median_ms(lambda text=text, fmt=fmt: split_text(text, fmt))
        emit(f"consultations_text.split_200_{fmt}", ms, "ms")
    new_texts = [block.text for block in split_text(context["markdown"][1], "markdown")]
    emit("consultations_text.blocks_after_redraft", len(new_texts))
    old = context["old"]
    emit(
        "consultations_text.inherit_200",
        _median_ms(lambda: inherit_keys(old, new_texts, context["next_key"])),
        "ms",
    )
    inheritance = inherit_keys(old, new_texts, context["next_key"])
    changes = Counter(inheritance.change)
    for change in ("same", "edited", "new"):
        emit(f"consultations_text.inherit_200_{change}", changes[change])
    emit("consultations_text.inherit_200_removed", len(inheritance.removed))

    pairs = [
        (old_text, new_texts[index])
        for index, key in enumerate(inheritance.keys)
        if inheritance.change[index] == "edited"
        for old_key, old_text in old
        if old_key == key
    ]
    emit(
        "consultations_text.diff_edited",
        _median_ms(lambda: [diff_words(before, after) for before, after in pairs]),
        "ms",
    )
    emit(
        "consultations_text.talk_2k",
        _median_ms(lambda: parse_talk_page(context["talk"])),
        "ms",
    )

    blocks = list(zip(inheritance.keys, new_texts, strict=True))
    items = [
        (inheritance.merged_into.get(home, home), anchor.quote, anchor)
        for home, anchor in context["items"]
    ]
    _place(blocks, items, "place_50k", emit=emit)
    # The slow path: every quote has one word changed, so none is found exactly.
    rng = random.Random(SEED)
    changed = []
    for home, quote, anchor in items:
        words = quote.split(" ")
        words[rng.randrange(len(words))] = "changed"
        changed.append((home, " ".join(words), anchor))
    _place(blocks, changed, "place_50k_all_changed", emit=emit)


def _place(
    blocks: list[tuple[str, str]],
    items: list[tuple[str, str, Any]],
    name: str,
    *,
    emit: Callable[..., None],
) -> None:
    start = time.perf_counter()
    placer = Placer(blocks)
    states: Counter[str] = Counter()
    for home, quote, anchor in items:
        placement = placer.place(quote=quote, prefix=anchor.prefix, suffix=anchor.suffix, home=home)
        states[placement.state] += 1
    emit(f"consultations_text.{name}", time.perf_counter() - start, "s")
    for state in ("exact", "fuzzy", "paragraph", "orphaned"):
        emit(f"consultations_text.{name}_{state}", states[state])


if __name__ == "__main__":

    def _emit(name: str, value: float | int, unit: str = "") -> None:
        shown = f"{value:.1f}" if isinstance(value, float) else str(value)
        print(f"bench {name}: {shown} {unit}".rstrip(), flush=True)

    measure(generate(), emit=_emit)
