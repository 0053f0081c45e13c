"""Reading plain text and Markdown notes line by line (bullets nest by indentation)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.token import Token

from convene.notes.parsing.entries import Entry, Read
from convene.notes.parsing.labels import classify

# Bullets as a browser copies them from a rendered page, plus typed ones and numbers.
_PLAIN_BULLET_RE: Final = re.compile(
    r"^(?:[•◦▪‣·○●■□▫▸►\u2013](?=\s|$)|[-*+](?=\s|$)|\d{1,3}[.)](?=\s))"
    r"[ \t\u00a0]*(?P<text>.*)$"
)
_MD_BULLET_RE: Final = re.compile(r"^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<text>.*))?$")
_MD_RULE_RE: Final = re.compile(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_MD_FENCE_RE: Final = re.compile(r"^(`{3,}|~{3,})")
# A line that starts a block of its own, so it cannot lazily continue a paragraph.
_MD_BLOCK_START_RE: Final = re.compile(r"^(?:#{1,6}(?:\s|$)|>|`{3,}|~{3,}|<)")


class _LineReader:
    """Reads plain text or Markdown line by line: bullets nest by indentation.

    Indentation is compared, not measured: a bullet indented more than the one above
    it is one level deeper, whatever the number of spaces, because pasted text indents
    inconsistently. A non-bullet line indented past the last bullet continues it; a
    non-bullet line that starts with a prefix ("Q:", "A:") is an entry of its own, so
    flat Q/A notes are read too; anything else (headings, intro paragraphs) is skipped.

    In plain text every continuation line is a paragraph of its own. In Markdown a
    continuation line joins the paragraph (a soft break, or a hard break after a
    trailing backslash), a blank line starts a new paragraph, an unindented line right
    after an item continues it (CommonMark's lazy continuation), fenced code outside
    the list and thematic breaks are skipped, and the text of each paragraph goes
    through markdown-it's inline parser (emphasis, links, escapes, entities). Reading
    Markdown lists this way, rather than with a full block parse, is many times faster
    on long notes.
    """

    def __init__(self, *, markdown: bool) -> None:
        self.markdown = markdown
        self.bullet_re = _MD_BULLET_RE if markdown else _PLAIN_BULLET_RE
        self.read = Read()
        self.indents: list[int] = []  # indentation of the open bullets, outermost first
        self.last: Entry | None = None
        self.paragraphs: list[list[str]] = []  # the last entry's paragraphs, as source lines
        self.last_indent = 0
        self.blank_before = False
        self.fence = ""

    def feed(self, number: int, raw: str) -> None:
        line = raw.expandtabs(4)
        body = line.lstrip()
        if not body:
            self.blank_before = True
            return
        indent = len(line) - len(body)  # any leading space counts, NBSP from browsers too
        if self.fence:
            if body.startswith(self.fence):
                self.fence = ""
            return
        m = self.bullet_re.match(body)
        if self.markdown and m is not None and _MD_RULE_RE.match(body):
            m = None
        if m is None and self.continues(indent, body):
            self.add_continuation(body)
        elif m is not None:
            self.start(number, indent, m.group("text") or "")
        else:
            self.outside(number, indent, body)
        self.blank_before = False

    def continues(self, indent: int, body: str) -> bool:
        if self.last is None:
            return False
        if indent > self.last_indent:
            return True
        return self.markdown and not self.blank_before and not _MD_BLOCK_START_RE.match(body)

    def add_continuation(self, body: str) -> None:
        if not self.markdown and self.last is not None:
            self.last.text += "\n" + body
        elif self.blank_before:
            self.paragraphs.append([body])
        else:
            self.paragraphs[-1].append(body)

    def outside(self, number: int, indent: int, body: str) -> None:
        fence = _MD_FENCE_RE.match(body) if self.markdown else None
        self.finish()
        self.last = None
        if fence is not None:
            self.fence = fence.group(1)
        elif classify(body.rstrip()) is not None:
            self.start(number, indent, body)
        # anything else is a heading, intro line or paragraph: not part of the notes

    def start(self, number: int, indent: int, text: str) -> None:
        if not text.strip():
            return  # an empty bullet holds nothing to place
        self.finish()
        indents = self.indents
        while indents and indent < indents[-1]:
            indents.pop()
        if not indents or indent > indents[-1]:
            indents.append(indent)
        self.last = Entry(number, len(indents) - 1, text)
        self.paragraphs = [[text]]
        self.last_indent = indent
        self.read.entries.append(self.last)

    def finish(self) -> None:
        if self.last is not None and self.markdown:
            self.last.text = "\n".join(_md_inline_text("\n".join(p)) for p in self.paragraphs)


def read_lines(lines: Sequence[str], *, markdown: bool) -> Read:
    reader = _LineReader(markdown=markdown)
    for number, raw in enumerate(lines, 1):
        reader.feed(number, raw)
    reader.finish()
    return reader.read


# CommonMark only (no tables, strikethrough or linkify): the renderer escapes for exactly
# this dialect. Only the inline parser is used; the list structure is read line by line
# (see read_lines), which is many times faster on long notes than a full block parse.
_MD: Final = MarkdownIt("commonmark")
# Characters that can make inline Markdown differ from its source; text without any of
# them is taken as it is, which keeps large plain notes fast.
_MD_INLINE_SPECIAL: Final = re.compile(r"[\\`*_\[\]<>&!~]| {2,}\n")


def _md_inline_text(source: str) -> str:
    """Readable text of one Markdown paragraph: soft breaks are spaces, hard breaks \\n."""
    if not _MD_INLINE_SPECIAL.search(source):
        return source.replace("\n", " ")
    tokens = _MD.parseInline(source)
    return " ".join(_md_inline(tokens[0].children or [] if tokens else []))


def _md_inline(children: Sequence[Token]) -> list[str]:
    """Readable text of an inline token's children, split at soft line breaks."""
    lines = [""]
    for tok in children:
        if tok.type in ("text", "text_special", "code_inline"):
            lines[-1] += tok.content
        elif tok.type == "softbreak":
            lines.append("")
        elif tok.type == "hardbreak":
            lines[-1] += "\n"
        elif tok.type == "image":
            lines[-1] += "".join(_md_inline(tok.children or []))
        elif tok.type == "html_inline" and re.fullmatch(r"<br\s*/?>", tok.content, re.I):
            lines[-1] += "\n"
    return lines
