"""Write questions and answers back as wikitext, Markdown or plain text.

The notes end up on the movement's wiki, where a stray ``{{``, ``[[`` or ``~~~~`` in a
participant's question would expand a template, make a link or sign the page, and a
leading ``*`` or a line break would break the list. So every piece of user text is
escaped for the target format, and the output is written in the conventions the
parser reads (``* question``, ``** Response:``, ``** MCDC response:``, ``** Follow up
question:`` with its answers one level deeper, ``* C:``, ``** Follow up comment:``):
``parse(render_wikitext(items), "wikitext").items == items`` for any normalised items,
and the same for Markdown.

Paragraphs inside one item are written as ``<br />`` (wikitext) or a hard line break
(Markdown), which the parser reads back as ``"\\n"``, so no newline ever ends a bullet
early.

Pure Python (no Django), like :mod:`convene.notes.parsing`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from convene.notes.parsing import Answer, Item, classify

__all__ = [
    "escape_markdown",
    "escape_wikitext",
    "render_markdown",
    "render_text",
    "render_wikitext",
]


@dataclass(frozen=True)
class _Line:
    """One bullet to write: depth (0 = top), the prefix (already safe) and user text."""

    depth: int
    prefix: str
    by: str | None
    text: str


def _item_prefix(item: Item, *, nested: bool) -> str:
    if nested:
        return "Follow up comment:" if item.kind == "comment" else "Follow up question:"
    if item.kind == "comment":
        return "C:"
    # A top-level question is written bare, as people write it, unless its text would
    # be read as prefixed ("A: ...") or it is empty (an empty bullet is skipped).
    return "Q:" if not item.text or classify(item.text) is not None else ""


def _answer_line(answer: Answer, depth: int) -> _Line:
    return _Line(depth, "response:" if answer.by else "Response:", answer.by, answer.text)


def _outline(items: Iterable[Item]) -> Iterator[_Line]:
    """The bullets of ``items`` in order: each item, its answers, then its follow-ups."""

    def walk(item: Item, depth: int) -> Iterator[_Line]:
        yield _Line(depth, _item_prefix(item, nested=depth > 0), None, item.text)
        for answer in item.answers:
            yield _answer_line(answer, depth + 1)
        for followup in item.followups:
            yield from walk(followup, depth + 1)

    for item in items:
        yield from walk(item, 0)


def _render(
    items: Iterable[Item],
    *,
    bullet: Callable[[int], str],
    escape: Callable[[str, int], str],
) -> str:
    out = []
    for line in _outline(items):
        head = bullet(line.depth)
        words = []
        if line.by is not None:
            words.append(escape(line.by, line.depth))
        if line.prefix:
            words.append(line.prefix)
        if line.text:
            words.append(escape(line.text, line.depth))
        out.append(f"{head}{' '.join(words)}".rstrip())
    return "".join(f"{row}\n" for row in out)


# ---------------------------------------------------------------------------
# Wikitext
# ---------------------------------------------------------------------------

# Anything that MediaWiki (or mwparserfromhell) could read as markup: templates and
# parser functions, links, tags and entities, bold/italic, signatures, behaviour
# switches, tables, headings, rules, list markers, free links and magic links. A free
# link's protocol starts at a word boundary ("\b" in MediaWiki's PCRE, ASCII only), so
# any character other than an ASCII letter, digit or "_" before "mailto:" (a "+", a "."
# or a non-ASCII letter) still makes a link: only those three kinds are safe.
_WIKI_RISKY: Final = re.compile(
    r"""[{}\[\]<>|=]|&[#\w]|''|~~~|__|----|^[*#:;!\s-]
      | ://|(?<![a-z0-9_])(?:bitcoin|geo|magnet|mailto|news|sips?|sms|tel|urn|xmpp):
      | \b(?:ISBN|RFC|PMID)\b""",
    re.IGNORECASE | re.VERBOSE,
)


def _wiki_paragraph(text: str) -> str:
    if not _WIKI_RISKY.search(text):
        return text
    # Inside <nowiki> MediaWiki still decodes entities: escaping "&" and "<" keeps an
    # entity-like text literal and makes "</nowiki>" in the text harmless.
    return "<nowiki>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</nowiki>"


def escape_wikitext(text: str, depth: int = 0) -> str:
    """``text`` as inline wikitext that shows exactly ``text`` and never becomes markup.

    Each paragraph that could be read as markup is wrapped in ``<nowiki>`` as a whole
    (so that no markup can straddle the boundary); paragraphs are joined by ``<br />``.
    """
    del depth  # the same at every depth; the signature matches escape_markdown
    return "<br />".join(_wiki_paragraph(p) for p in text.split("\n"))


def render_wikitext(items: Iterable[Item]) -> str:
    """The items as a wikitext bulleted list (``*`` per level)."""
    return _render(items, bullet=lambda depth: "*" * (depth + 1) + " ", escape=escape_wikitext)


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

# Inline constructs of CommonMark: escapes, code, emphasis, links and images, raw HTML
# and autolinks, entities. "~" is included for renderers with strikethrough.
_MD_INLINE: Final = re.compile(r"([\\`*_\[\]<>&~])")
_MD_ORDERED: Final = re.compile(r"^(\d+)([.)])")
_ASCII_PUNCTUATION: Final = frozenset(string.punctuation)


def _md_paragraph(text: str) -> str:
    text = _MD_INLINE.sub(r"\\\1", text)
    # At the start of a line any ASCII punctuation may open a block (heading, quote,
    # list, rule, setext underline, fence): escape it; "1." would start a list too.
    if text[:1] in _ASCII_PUNCTUATION and not text.startswith("\\"):
        text = "\\" + text
    return _MD_ORDERED.sub(r"\1\\\2", text)


def escape_markdown(text: str, depth: int = 0) -> str:
    """``text`` as inline Markdown (CommonMark) that shows exactly ``text``.

    Paragraphs are joined by a hard line break (a trailing backslash) and indented to
    stay inside the list item at ``depth``.
    """
    indent = " " * (2 * depth + 2)
    return f"\\\n{indent}".join(_md_paragraph(p) for p in text.split("\n"))


def render_markdown(items: Iterable[Item]) -> str:
    """The items as a Markdown list (``-`` bullets, two spaces per level)."""
    return _render(items, bullet=lambda depth: "  " * depth + "- ", escape=escape_markdown)


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------

_GLYPHS: Final = ("•", "◦", "▪")


def _text_escape(text: str, depth: int) -> str:
    # Plain text has no escaping; later paragraphs are indented past the bullet, which
    # is how the parser tells a continuation from a new bullet.
    return ("\n" + "  " * depth + "    ").join(text.split("\n"))


def render_text(items: Iterable[Item]) -> str:
    """The items as a page shows them when copied: glyph bullets nested by indentation.

    Plain text cannot escape anything, so this is for reading and for benchmarks; use
    wikitext or Markdown where the text must come back unchanged.
    """
    return _render(
        items,
        bullet=lambda depth: "  " * (depth + 1) + _GLYPHS[depth % len(_GLYPHS)] + " ",
        escape=_text_escape,
    )
