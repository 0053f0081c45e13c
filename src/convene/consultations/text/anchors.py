"""Anchors on a passage of a paragraph, and where they land in a later version.

An anchor keeps the quote with a little text either side of it (as Hypothesis does), so
that when the quote occurs several times the right occurrence can still be told. A
``Placer`` indexes the blocks of a new version once, then places each anchor:

1. exactly in its own paragraph (the one that continues it: keys are inherited);
2. exactly anywhere: several occurrences are ranked by distance from its paragraph, then
   by how much of the prefix and suffix agree;
3. approximately (a few words changed) in its paragraph, then anywhere: candidates come
   from an index of word pairs, and each is checked with a bounded word alignment;
4. else on its paragraph if that continues, else orphaned.

Exact matching is done on whitespace-normalised text with ``str.find``: in the home
paragraph first, then only in the blocks holding the rarest whole word of the quote (or,
for a quote of one or two words, in all blocks joined), so 50,000 anchors are placed on a
200-block version in a second or two.
"""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final, Literal

from .normalise import WORD_RE, collapse, normalise
from .plain import plain

PlacementState = Literal["exact", "fuzzy", "paragraph", "orphaned"]

# Characters of context kept either side of a quote.
CONTEXT: Final = 32
# An approximate match needs this many words in the quote...
FUZZY_MIN_WORDS: Final = 3
# ...and this Dice coefficient between the quote's words and the passage found (10 words
# with 3 replaced score 0.7).
FUZZY_THRESHOLD: Final = 0.7
# Bounds that keep a hostile or very common quote cheap: occurrences looked at, word
# pairs so common they say nothing, and candidate passages aligned.
_MAX_OCCURRENCES: Final = 1000
_MAX_PAIR_POSTINGS: Final = 400
_MAX_CANDIDATES: Final = 6
# A separator no normalised block contains (whitespace is collapsed to spaces).
_JOIN: Final = "\n"


@dataclass(frozen=True)
class Anchor:
    quote: str
    prefix: str  # up to 32 chars before the quote in its paragraph
    suffix: str  # up to 32 chars after
    start: int  # char offset of the quote in the paragraph text


@dataclass(frozen=True)
class Placement:
    state: PlacementState
    key: str | None  # key of the new block holding it (or its continuing paragraph)
    start: int | None  # char offset of the quote in that block (exact/fuzzy), else None


def make_anchor(paragraph: str, start: int, end: int) -> Anchor:
    """The anchor for ``paragraph[start:end]``, with surrounding whitespace left out.

    Raises ValueError when the range is out of the paragraph or holds only whitespace.
    """
    if not 0 <= start < end <= len(paragraph):
        raise ValueError(f"range {start}:{end} is not within the paragraph")
    quote = paragraph[start:end]
    stripped = quote.strip()
    if not stripped:
        raise ValueError("the quote is empty")
    start += len(quote) - len(quote.lstrip())
    end = start + len(stripped)
    return Anchor(
        quote=stripped,
        prefix=paragraph[max(0, start - CONTEXT) : start],
        suffix=paragraph[end : end + CONTEXT],
        start=start,
    )


def anchor_for_quote(paragraph: str, quote: str) -> Anchor | None:
    """The anchor for the first occurrence of ``quote`` in ``paragraph``, whitespace
    differences aside (a browser selection turns line breaks into spaces); None when the
    quote is not there.

    A quote not found in the source is looked for in the text as rendered (a selection
    has no ``[[`` or ``**``); the anchor then covers the source of what was found, markup
    included. Either way the anchor's quote is the paragraph's own text.
    """
    wanted = collapse(quote)
    if not wanted:
        return None
    text = normalise(paragraph)
    found = text.text.find(wanted)
    if found >= 0:
        end = text.offsets[found + len(wanted) - 1] + 1
        return make_anchor(paragraph, text.offsets[found], end)
    rendered = plain(paragraph)
    found = rendered.text.find(wanted)
    if found < 0:
        return None
    return make_anchor(paragraph, *rendered.source_span(found, found + len(wanted)))


@dataclass
class _Block:
    key: str
    normal: str
    offsets: list[int]
    words: list[str]  # case-folded
    word_starts: list[int]  # offset of each word in ``text``

    def source_start(self, normal_start: int) -> int:
        return self.offsets[normal_start]

    def context_score(self, start: int, length: int, prefix: str, suffix: str) -> int:
        """How many characters of the prefix and suffix agree around an occurrence."""
        score = 0
        if prefix:
            before = self.normal[max(0, start - len(prefix) - 1) : start].rstrip()
            score += _agreeing(before[::-1], prefix[::-1])
        if suffix:
            after = self.normal[start + length : start + length + len(suffix) + 1].lstrip()
            score += _agreeing(after, suffix)
        return score


@dataclass(frozen=True)
class _Found:
    block: int
    start: int  # in the block's source text
    score: float  # context score (exact) or similarity (fuzzy)


class Placer:
    def __init__(self, blocks: Sequence[tuple[str, str]]) -> None:
        """(key, text) of the NEW version, in order. Builds its indexes once."""
        self._blocks: list[_Block] = []
        self._position: dict[str, int] = {}
        self._pairs: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        self._holding: dict[str, set[int]] = defaultdict(set)  # word -> blocks
        starts: list[int] = []
        cursor = 0
        for index, (key, text) in enumerate(blocks):
            normal = normalise(text)
            matches = list(WORD_RE.finditer(text))
            block = _Block(
                key=key,
                normal=normal.text,
                offsets=normal.offsets,
                words=[match.group().casefold() for match in matches],
                word_starts=[match.start() for match in matches],
            )
            self._blocks.append(block)
            self._position.setdefault(key, index)
            for at, word in enumerate(block.words):
                self._holding[word].add(index)
                if at:
                    self._pairs[block.words[at - 1], word].append((index, at - 1))
            starts.append(cursor)
            cursor += len(normal.text) + len(_JOIN)
        self._starts = starts
        self._joined = _JOIN.join(block.normal for block in self._blocks)

    def place(
        self, *, quote: str | None, prefix: str = "", suffix: str = "", home: str | None
    ) -> Placement:
        """Where an anchor sits in this version (see the module docstring for the order).

        ``home`` is the key of the item's paragraph; the caller first maps merged_into.
        """
        home_index = self._position.get(home) if home is not None else None
        wanted = collapse(quote) if quote else ""
        if wanted:
            quote_words = [word.casefold() for word in WORD_RE.findall(wanted)]
            found = self._exact(wanted, quote_words, collapse(prefix), collapse(suffix), home_index)
            if found is not None:
                return Placement("exact", self._blocks[found.block].key, found.start)
            found = self._fuzzy(quote_words, home_index)
            if found is not None:
                return Placement("fuzzy", self._blocks[found.block].key, found.start)
        if home_index is not None:
            return Placement("paragraph", home, None)
        return Placement("orphaned", None, None)

    # -- exact ---------------------------------------------------------------------

    def _exact(
        self,
        wanted: str,
        quote_words: list[str],
        prefix: str,
        suffix: str,
        home_index: int | None,
    ) -> _Found | None:
        if home_index is not None:
            block = self._blocks[home_index]
            best = self._best_exact(
                ((home_index, at) for at in _occurrences(block.normal, wanted)),
                wanted,
                prefix,
                suffix,
                home_index,
            )
            if best is not None:
                return best
        return self._best_exact(
            self._occurrences_anywhere(wanted, quote_words), wanted, prefix, suffix, home_index
        )

    def _occurrences_anywhere(
        self, wanted: str, quote_words: list[str]
    ) -> Iterator[tuple[int, int]]:
        # Words inside the quote (not at its ends, which may be cut) are whole words of any
        # block holding the quote: search only the blocks holding the rarest of them.
        inside = quote_words[1:-1]
        if inside:
            holding = min((self._holding.get(word, set()) for word in inside), key=len)
            for index in sorted(holding):
                for at in _occurrences(self._blocks[index].normal, wanted):
                    yield index, at
            return
        for at in _occurrences(self._joined, wanted):
            index = bisect_right(self._starts, at) - 1
            yield index, at - self._starts[index]

    def _best_exact(
        self,
        occurrences: Iterator[tuple[int, int]],
        wanted: str,
        prefix: str,
        suffix: str,
        home_index: int | None,
    ) -> _Found | None:
        best: tuple[tuple[int, int], _Found] | None = None
        for index, at in occurrences:
            block = self._blocks[index]
            score = block.context_score(at, len(wanted), prefix, suffix)
            distance = abs(index - home_index) if home_index is not None else 0
            rank = (distance, -score)
            if best is None or rank < best[0]:
                best = (rank, _Found(index, block.source_start(at), score))
        return best[1] if best is not None else None

    # -- fuzzy ---------------------------------------------------------------------

    def _fuzzy(self, quote_words: list[str], home_index: int | None) -> _Found | None:
        if len(quote_words) < FUZZY_MIN_WORDS:
            return None
        spots = self._spots(quote_words)
        if home_index is not None:
            at_home = [spot for spot in spots if spot[0] == home_index]
            found = self._best_aligned(at_home, quote_words, home_index)
            if found is not None:
                return found
        elsewhere = [spot for spot in spots if spot[0] != home_index]
        return self._best_aligned(elsewhere, quote_words, home_index)

    def _spots(self, quote_words: list[str]) -> list[tuple[int, int]]:
        """(block, word offset) where the quote may start, most likely first: voted for by
        the word pairs of the quote found there."""
        votes: dict[tuple[int, int], int] = defaultdict(int)
        for at in range(len(quote_words) - 1):
            postings = self._pairs.get((quote_words[at], quote_words[at + 1]), ())
            if len(postings) > _MAX_PAIR_POSTINGS:
                continue
            for index, word_at in postings:
                votes[index, word_at - at] += 1
        needed = max(1, (len(quote_words) - 1) // 4)
        ranked = sorted(
            ((count, spot) for spot, count in votes.items() if count >= needed), reverse=True
        )
        return [spot for _count, spot in ranked]

    def _best_aligned(
        self, spots: list[tuple[int, int]], quote_words: list[str], home_index: int | None
    ) -> _Found | None:
        """Of the first few spots, the passage that aligns (nearest the home paragraph, then
        most similar)."""
        best: tuple[tuple[int, float], _Found] | None = None
        for index, offset in spots[:_MAX_CANDIDATES]:
            found = self._align(index, offset, quote_words)
            if found is None:
                continue
            rank = (abs(index - home_index) if home_index is not None else 0, -found.score)
            if best is None or rank < best[0]:
                best = (rank, found)
        return best[1] if best is not None else None

    def _align(self, index: int, offset: int, quote_words: list[str]) -> _Found | None:
        """The quote aligned with the words of block ``index`` around word ``offset``."""
        block = self._blocks[index]
        size = len(quote_words)
        if 0 <= offset <= len(block.words) - size:
            # Fast path for the usual case, words replaced but none added or left out.
            same = sum(map(str.__eq__, quote_words, block.words[offset : offset + size]))
            if same >= FUZZY_THRESHOLD * size:
                return _Found(index, block.word_starts[offset], same / size)
        slack = max(2, size // 4)
        low = max(0, offset - slack)
        window = block.words[low : offset + size + slack]
        matches = [
            match
            for match in SequenceMatcher(
                None, quote_words, window, autojunk=False
            ).get_matching_blocks()
            if match.size
        ]
        if not matches:
            return None
        matched = sum(match.size for match in matches)
        # Stretch the passage over quote words replaced at either end.
        first = max(0, matches[0].b - matches[0].a)
        last = min(
            len(window),
            matches[-1].b + matches[-1].size + (size - matches[-1].a - matches[-1].size),
        )
        score = 2 * matched / (size + last - first)
        if score < FUZZY_THRESHOLD:
            return None
        return _Found(index, block.word_starts[low + first], score)


def _occurrences(text: str, wanted: str) -> Iterator[int]:
    at = text.find(wanted)
    count = 0
    while at >= 0 and count < _MAX_OCCURRENCES:
        yield at
        count += 1
        at = text.find(wanted, at + 1)


def _agreeing(one: str, other: str) -> int:
    """Length of the common start of two strings."""
    for at, (first, second) in enumerate(zip(one, other, strict=False)):
        if first != second:
            return at
    return min(len(one), len(other))
