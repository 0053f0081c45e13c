"""Which paragraph of a new version continues which paragraph of the previous one.

Three passes, each only over the blocks the previous passes left:

1. **Same**: identical text (whitespace aside). Blocks that keep their order are paired
   first (a longest-common-subsequence match), then identical blocks that moved, each
   with the nearest one left.
2. **Continued**: pairs whose words overlap enough: similar as wholes (an edit), or one
   mostly made of the other (the larger part of a split, the result of a merge). Pairs
   are taken greedily by the number of shared words, so that of a split paragraph the
   part carrying most of its text keeps the key, and of a merge the paragraph that
   brought most of the text gives its key.
3. **Split and merged**: a new block left over that is mostly made of an old one whose
   key went elsewhere was split from it; an old block left over that mostly went into a
   new one was merged into it (and is removed).

Words are compared as multisets of case-folded ``\\w+`` tokens; the overlap of two blocks
is the size of the multiset intersection. An inverted index from word to blocks keeps
this well under a second for 200 x 200 blocks, even when every block changed.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final, Literal

from .normalise import collapse, word_counts

Change = Literal["same", "edited", "new"]

# Two blocks are "the same paragraph, edited" when their Dice coefficient over words
# (2 x shared / total) reaches this.
EDITED: Final = 0.5
# One block is "mostly made of" another when this share of its words come from it...
MOSTLY: Final = 0.6
# ...and, to continue it, carries at least this share of the other's words (so a short
# new sentence quoting a long paragraph does not take that paragraph's key).
PART: Final = 0.2


@dataclass(frozen=True)
class Inheritance:
    keys: list[str]  # one key per new block, in order
    change: list[Change]  # per new block (moved but identical = "same")
    removed: list[str]  # old keys not carried to any new block
    merged_into: dict[str, str]  # old key -> new key of the block its text was merged into
    # new block index -> old key it was split from (the part that did NOT keep the key)
    split_from: dict[int, str]


def inherit_keys(
    old: Sequence[tuple[str, str]], new: Sequence[str], new_key: Callable[[], str]
) -> Inheritance:
    """Keys for the blocks ``new`` of a new version, continuing those of ``old``.

    ``old`` is (key, text) of the previous version in order; ``new_key`` is called once
    for each new block that continues none, in order.
    """
    matcher = _Matcher([collapse(text) for _key, text in old], [collapse(text) for text in new])
    matcher.match_same()
    matcher.match_continued()
    matcher.find_splits_and_merges()

    keys: list[str] = []
    change: list[Change] = []
    for index, source in enumerate(matcher.source):
        if source is None:
            keys.append(new_key())
            change.append("new")
        else:
            keys.append(old[source][0])
            change.append("same" if matcher.old[source] == matcher.new[index] else "edited")
    carried = set(matcher.source)
    return Inheritance(
        keys=keys,
        change=change,
        removed=[key for index, (key, _text) in enumerate(old) if index not in carried],
        merged_into={old[o][0]: keys[n] for o, n in matcher.merged.items()},
        split_from={n: old[o][0] for n, o in matcher.split.items()},
    )


class _Matcher:
    def __init__(self, old: list[str], new: list[str]) -> None:
        self.old = old
        self.new = new
        self.source: list[int | None] = [None] * len(new)  # new index -> old index
        self.taken = [False] * len(old)
        self.merged: dict[int, int] = {}  # old index -> new index
        self.split: dict[int, int] = {}  # new index -> old index
        self.old_sizes: dict[int, int] = {}
        self.new_sizes: dict[int, int] = {}
        self.overlaps: dict[tuple[int, int], int] = {}  # (old, new) -> shared words

    def pair(self, old_index: int, new_index: int) -> None:
        self.source[new_index] = old_index
        self.taken[old_index] = True

    def match_same(self) -> None:
        blocks = SequenceMatcher(None, self.old, self.new, autojunk=False).get_matching_blocks()
        for block in blocks:
            for offset in range(block.size):
                self.pair(block.a + offset, block.b + offset)
        left: dict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self.old):
            if not self.taken[index]:
                left[text].append(index)
        for index, text in enumerate(self.new):
            candidates = left.get(text)
            if self.source[index] is None and candidates:
                nearest = min(candidates, key=lambda old_index: abs(old_index - index))
                candidates.remove(nearest)
                self.pair(nearest, index)

    def match_continued(self) -> None:
        old_left = [index for index, taken in enumerate(self.taken) if not taken]
        new_left = [index for index, source in enumerate(self.source) if source is None]
        if not old_left or not new_left:
            return
        old_counts = {index: word_counts(self.old[index]) for index in old_left}
        new_counts = {index: word_counts(self.new[index]) for index in new_left}
        self.old_sizes = {index: counts.total() for index, counts in old_counts.items()}
        self.new_sizes = {index: counts.total() for index, counts in new_counts.items()}
        self.overlaps = _overlaps(old_counts, new_counts)

        candidates = [
            (shared, -abs(o - n), o, n)
            for (o, n), shared in self.overlaps.items()
            if self.continues(o, n, shared)
        ]
        for _shared, _distance, o, n in sorted(candidates, reverse=True):
            if not self.taken[o] and self.source[n] is None:
                self.pair(o, n)

    def continues(self, o: int, n: int, shared: int) -> bool:
        old_size, new_size = self.old_sizes[o], self.new_sizes[n]
        if 2 * shared >= EDITED * (old_size + new_size):
            return True
        small, large = sorted((shared / old_size, shared / new_size))
        return large >= MOSTLY and small >= PART

    def find_splits_and_merges(self) -> None:
        best_old: dict[int, tuple[int, int]] = {}  # new -> (shared, old)
        best_new: dict[int, tuple[int, int]] = {}  # old -> (shared, new)
        for (o, n), shared in self.overlaps.items():
            if self.source[n] is None and self.taken[o] and shared >= MOSTLY * self.new_sizes[n]:
                best_old[n] = max(best_old.get(n, (0, -1)), (shared, o))
            if not self.taken[o] and shared >= MOSTLY * self.old_sizes[o]:
                best_new[o] = max(best_new.get(o, (0, -1)), (shared, n))
        self.split = {n: o for n, (_shared, o) in best_old.items()}
        self.merged = {o: n for o, (_shared, n) in best_new.items()}


def _overlaps(
    old_counts: dict[int, Counter[str]], new_counts: dict[int, Counter[str]]
) -> dict[tuple[int, int], int]:
    """(old, new) -> number of words they share, for every pair sharing any."""
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for o, counts in old_counts.items():
        for word, count in counts.items():
            index[word].append((o, count))
    overlaps: dict[tuple[int, int], int] = defaultdict(int)
    for n, counts in new_counts.items():
        for word, count in counts.items():
            for o, old_count in index.get(word, ()):
                overlaps[o, n] += min(count, old_count)
    return overlaps
