"""A paragraph's text as a reader sees it, with a map back to its source.

A passage selected in the browser is rendered text: no ``'''bold'''``, no
``[[Hub|hub]]`` brackets, no ``**``. To anchor it, the passage is looked for in the
paragraph's plain projection (Markdown and wikitext inline markup removed, link labels
kept), and what is found is mapped back to the source, widened to whole markup
constructs, so that the anchor's quote is the source text itself.

Both formats are handled in one pass: their inline markup hardly overlaps, and this is
only used once an exact search has failed.
"""

import html
import re
from dataclasses import dataclass
from typing import Final

from .normalise import normalise

# Each alternative either keeps one labelled group (a link's label) or drops everything.
# Lengths are bounded so that unclosed markup in a long paragraph stays linear.
_MARKUP: Final = re.compile(
    r"\[\[(?:[^\[\]|\n]{0,300}\|)?(?P<wiki_link>[^\[\]|\n]{0,300})\]\]"
    r"|\[(?:https?:|//|mailto:)[^\s\]]{0,500}\s+(?P<external>[^\]\n]{0,300})\]"
    r"|!\[(?P<image>[^\]\n]{0,300})\]\([^)\s]{0,500}\)"
    r"|\[(?P<md_link>[^\]\n]{0,300})\](?:\([^)\s]{0,500}\)|\[[^\]\n]{0,100}\])"
    r"|<ref\b[^>]{0,200}/>|<ref\b[^>]{0,200}>.{0,2000}?</ref>"
    r"|<!--.{0,2000}?-->"
    r"|\{\{[^{}]{0,1000}\}\}"
    r"|(?P<entity>&(?:[a-zA-Z]{1,30}|#\d{1,7}|#x[0-9a-fA-F]{1,6});)"
    r"|(?P<wrap><[^<>\n]{1,300}>|'{2,}|\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|`+|~~)"
    r"|^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-+][ \t]+|\d{1,9}[.)][ \t]+|[*#:;]+[ \t]*|={1,6}[ \t]*)"
    r"|[ \t]*={1,6}[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_KEPT: Final = ("wiki_link", "external", "image", "md_link")


@dataclass(frozen=True)
class Plain:
    """``text`` with whitespace collapsed; a passage ``text[i:j]`` comes from
    ``source[starts[i]:ends[j - 1]]``."""

    text: str
    starts: list[int]
    ends: list[int]
    # Emphasis and tags around a passage belong to it: where one ends -> where it starts,
    # and where one starts -> where it ends.
    opening: dict[int, int]
    closing: dict[int, int]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``text[start:end]`` comes from, widened over emphasis and tags around it."""
        source_start, source_end = self.starts[start], self.ends[end - 1]
        while source_start in self.opening:
            source_start = self.opening[source_start]
        while source_end in self.closing:
            source_end = self.closing[source_end]
        return source_start, source_end


def plain(source: str) -> Plain:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def keep(text: str, start: int, *, first: int | None = None, last: int | None = None) -> None:
        """Characters of ``text`` found at ``start`` in the source; the first one starts
        at ``first`` and the last one ends at ``last`` when they open or close a construct."""
        for offset, char in enumerate(text):
            chars.append(char)
            starts.append(first if offset == 0 and first is not None else start + offset)
            ends.append(
                last if offset == len(text) - 1 and last is not None else start + offset + 1
            )

    opening: dict[int, int] = {}
    closing: dict[int, int] = {}
    position = 0
    for match in _MARKUP.finditer(source):
        keep(source[position : match.start()], position)
        position = match.end()
        label = next((name for name in _KEPT if match.group(name) is not None), None)
        if label is not None:
            keep(match.group(label), match.start(label), first=match.start(), last=match.end())
        elif match.group("entity") is not None:
            keep(html.unescape(match.group()), match.start(), first=match.start(), last=match.end())
        elif match.group("wrap") is not None:
            opening[match.end()] = match.start()
            closing[match.start()] = match.end()
    keep(source[position:], position)

    collapsed = normalise("".join(chars))
    mapped = collapsed.offsets[:-1]
    return Plain(
        collapsed.text,
        [starts[index] for index in mapped],
        [ends[index] for index in mapped],
        opening,
        closing,
    )
