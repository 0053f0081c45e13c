"""Whitespace normalisation with a map back to the source, and word tokens.

Every comparison in the engine (identity of paragraphs, finding a quote) is made on text
whose whitespace runs are collapsed to one space, so that re-wrapping a paragraph or a
browser turning a newline into a space changes nothing; offsets found there are mapped
back to the source text through ``Normalised.offsets``.
"""

import re
from collections import Counter
from dataclasses import dataclass
from typing import Final

_SPACE_RE: Final = re.compile(r"\s+")
WORD_RE: Final = re.compile(r"\w+")


def collapse(text: str) -> str:
    """``text`` stripped, each whitespace run made one space."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Normalised:
    """``text`` collapsed; ``offsets[i]`` is where ``text[i]`` comes from in the source
    (one more entry, for the end of the text, maps to the end of the source)."""

    text: str
    offsets: list[int]


def normalise(source: str) -> Normalised:
    """``source`` collapsed like ``collapse``, with the offset of each character kept."""
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _SPACE_RE.finditer(source):
        start, end = match.span()
        if start > position:
            if parts:
                parts.append(" ")
                offsets.append(position - 1)
            parts.append(source[position:start])
            offsets.extend(range(position, start))
        position = end
    if position < len(source):
        if parts:
            parts.append(" ")
            offsets.append(position - 1)
        parts.append(source[position:])
        offsets.extend(range(position, len(source)))
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return Normalised("".join(parts), offsets)


def words(text: str) -> list[str]:
    """The words of ``text``, case-folded (punctuation and markup characters dropped)."""
    return [word.casefold() for word in WORD_RE.findall(text)]


def word_counts(text: str) -> Counter[str]:
    return Counter(words(text))
