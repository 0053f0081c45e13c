"""The formats notes are read and written in, and guessing which one a text is."""

from __future__ import annotations

import re
from typing import Final

#: The formats :func:`parse` reads, as named on the command line.
FORMATS: Final = ("text", "wikitext", "markdown")
ALIASES: Final = {
    "text": "text",
    "plain": "text",
    "wikitext": "wikitext",
    "wiki": "wikitext",
    "markdown": "markdown",
    "md": "markdown",
}


_GLYPH_LINE: Final = re.compile(r"^[ \t]*[•◦▪‣·○●■□▫▸►](?:\s|$)")
_WIKI_LINE: Final = re.compile(
    r"^(?:[*#]+[#:]|#\*|\*\*+[ \t]|\*\*+$)|'''|\[\[|\{\{|<nowiki|<br\s*/?>|^=+[^=].*=+\s*$"
)
_MD_LINE: Final = re.compile(
    r"^[ \t]*[-+][ \t]+\S|^[ \t]+\*[ \t]+\S|^[ \t]*\d{1,9}[.)][ \t]+\S|"
    r"\*\*[^*\s][^*]*\*\*|\[[^\]\n]+\]\([^)\n]*\)|`[^`\n]+`|\\[\\`*_{}\[\]()#+\-.!<>&]"
)
_STAR_LINE: Final = re.compile(r"^[*#][ \t]*\S")


def detect_format(text: str) -> str:
    """Guess whether ``text`` is plain text, wikitext or Markdown.

    Lines are counted, not just spotted, because notes mix cues (a Markdown file may
    quote a ``[[link]]``). Bullet glyphs mean text copied from a rendered page; nested
    ``**``/``#*`` markers, ``'''``, ``[[``, ``{{`` mean wikitext; ``-`` bullets,
    indented ``*``, ``1.``, ``**bold**``, ``[t](u)`` mean Markdown. A flat ``* item``
    list reads the same either way and is taken as wikitext.
    """
    glyph = wiki = md = star = 0
    for line in text.splitlines():
        if _GLYPH_LINE.match(line):
            glyph += 1
            continue
        if _WIKI_LINE.search(line):
            wiki += 1
        if _MD_LINE.search(line):
            md += 1
        if _STAR_LINE.match(line):
            star += 1
    if glyph and glyph >= max(wiki, md):
        return "text"
    if wiki != md:
        return "wikitext" if wiki > md else "markdown"
    return "wikitext" if star else "text"
