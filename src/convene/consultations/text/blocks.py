"""A version's text as a list of blocks: headings, paragraphs, lists, quotes, code, tables.

Both formats are read line by line, the way their renderers see blocks: a blank line ends
a paragraph, a heading is a block of its own, and a list, quote, table or code block is
one block however many lines it has. Constructs that can span blank lines (code fences,
``<pre>``, wiki tables, templates, HTML comments) are followed to their end; when the
end never comes, TextError names the line where the construct began, since a version
whose blocks cannot be told apart cannot be given paragraph keys.

Thematic breaks (``---`` in Markdown, ``----`` in wikitext) and lines that show nothing
(a comment alone on a line; in wikitext also ``<translate>``, ``<languages/>`` and magic
words, which wrap the charter pages on Meta) separate blocks and are not blocks
themselves: there is nothing in them to give feedback on.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

BlockKind = Literal["heading", "paragraph", "list", "quote", "code", "table"]
Format = Literal["markdown", "wikitext"]


class TextError(ValueError):
    """Unreadable input; ``line`` is 1-based (or None), ``message`` plain English (the app
    translates the sentence it wraps this in)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message if line is None else f"line {line}: {message}")
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str  # the block's source text, markup kept, trimmed, internal newlines kept
    level: int = 0  # heading level (1..6), else 0


def split_text(text: str, fmt: Format) -> list[Block]:
    """A version's text as an ordered list of blocks; empty text gives ``[]``.

    Raises TextError (with the line) for input whose blocks cannot be told apart: an
    unclosed code fence, ``<pre>``, table, template or comment.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if fmt == "markdown":
        return _Splitter(lines, _markdown_rules()).run()
    if fmt == "wikitext":
        return _Splitter(lines, _wikitext_rules()).run()
    raise ValueError(f"unknown format {fmt!r}")


# ---------------------------------------------------------------------------
# Shared machinery: a rule recognises the first line of a block and says where it ends.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    kind: BlockKind
    # (lines, index) -> whether a block of this kind starts on that line.
    starts: Callable[[Sequence[str], int], bool]
    # (lines, index of the first line) -> index just past the block's last line.
    end: Callable[[Sequence[str], int], int]
    level: Callable[[str], int] = lambda _line: 0


def _on(pattern: re.Pattern[str]) -> Callable[[Sequence[str], int], bool]:
    """A start test: ``pattern`` matches at the beginning of the line."""
    return lambda lines, index: pattern.match(lines[index]) is not None


def _one_line(_lines: Sequence[str], start: int) -> int:
    return start + 1


def _blank(line: str) -> bool:
    return not line.strip()


class _Splitter:
    def __init__(self, lines: Sequence[str], rules: "_Rules") -> None:
        self.lines = lines
        self.rules = rules

    def run(self) -> list[Block]:
        blocks: list[Block] = []
        lines, index = self.lines, 0
        while index < len(lines):
            line = lines[index]
            if _blank(line) or self.rules.separator(line):
                index += 1
                continue
            rule = next((rule for rule in self.rules.blocks if rule.starts(lines, index)), None)
            if rule is not None:
                end = rule.end(lines, index)
                blocks.append(_block(rule.kind, lines[index:end], rule.level(line)))
                index = end
                continue
            end, heading_level = self.paragraph_end(index)
            if heading_level:  # a Markdown setext heading: the underline ends it
                blocks.append(_block("heading", lines[index:end], heading_level))
            else:
                blocks.append(_block("paragraph", lines[index:end]))
            index = end
        return blocks

    def starts_block(self, index: int) -> bool:
        return any(rule.starts(self.lines, index) for rule in self.rules.blocks)

    def paragraph_end(self, start: int) -> tuple[int, int]:
        """Where the paragraph starting at ``start`` ends, and a setext heading level (or 0)."""
        lines, index = self.lines, start + 1
        index = self.rules.skip_open(lines, start, index)
        while index < len(lines):
            line = lines[index]
            level = self.rules.underline(line)
            if level:
                return index + 1, level
            if _blank(line) or self.rules.separator(line) or self.starts_block(index):
                break
            index = self.rules.skip_open(lines, index, index + 1)
        return index, 0


@dataclass(frozen=True)
class _Rules:
    blocks: Sequence[_Rule]
    separator: Callable[[str], bool]
    # Setext underline level for a line under a paragraph (Markdown), else 0.
    underline: Callable[[str], int]
    # (lines, line index, next index) -> next index, past any construct left open on
    # that line (a template or comment that runs over blank lines).
    skip_open: Callable[[Sequence[str], int, int], int]


def _block(kind: BlockKind, lines: Sequence[str], level: int = 0) -> Block:
    text = "\n".join(lines)
    # Leading spaces of a code block are its content (and, in wikitext, its markup).
    return Block(kind, text.strip("\n").rstrip() if kind == "code" else text.strip(), level)


def _while(
    continues: Callable[[str], bool], *, across_blank: Callable[[str], bool] | None = None
) -> Callable[[Sequence[str], int], int]:
    """End rule for a run of lines where ``continues`` holds; a blank line ends the run
    unless ``across_blank`` holds for the next non-blank line."""

    def end(lines: Sequence[str], start: int) -> int:
        index = start + 1
        while index < len(lines):
            if _blank(lines[index]):
                following = index
                while following < len(lines) and _blank(lines[following]):
                    following += 1
                if (
                    across_blank is not None
                    and following < len(lines)
                    and across_blank(lines[following])
                ):
                    index = following
                    continue
                return index
            if not continues(lines[index]):
                return index
            index += 1
        return index

    return end


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

_MD_HEADING: Final = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_MD_FENCE: Final = re.compile(r" {0,3}(`{3,}|~{3,})")
_MD_LIST: Final = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_MD_QUOTE: Final = re.compile(r" {0,3}>")
_MD_BREAK: Final = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_MD_TABLE_DELIMITER: Final = re.compile(
    r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$"
)
_MD_SETEXT: Final = re.compile(r" {0,3}(=+|-+)[ \t]*$")
# A line that shows nothing: a comment alone on it (a note, or a translation unit marker
# <!--T:12--> on Meta).
_HIDDEN_LINE: Final = re.compile(r"\s*(?:<!--.*?-->\s*)+$")
_HTML_COMMENT_OPEN: Final = "<!--"
_HTML_COMMENT_CLOSE: Final = "-->"


def _md_fence_end(lines: Sequence[str], start: int) -> int:
    match = _MD_FENCE.match(lines[start])
    assert match is not None  # the rule only starts on a fence
    fence = match.group(1)
    closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for index in range(start + 1, len(lines)):
        if closing.match(lines[index]):
            return index + 1
    raise TextError("a code fence opened here is never closed", start + 1)


def _md_list_continues(line: str) -> bool:
    return bool(_MD_LIST.match(line)) or line.startswith((" ", "\t")) or not _md_interrupts(line)


def _md_quote_continues(line: str) -> bool:
    # Lazy continuation: a plain line right after a quote line still belongs to it.
    return bool(_MD_QUOTE.match(line)) or not _md_interrupts(line)


def _md_interrupts(line: str) -> bool:
    return bool(
        _MD_HEADING.match(line)
        or _MD_FENCE.match(line)
        or _MD_LIST.match(line)
        or _MD_QUOTE.match(line)
        or _MD_BREAK.match(line)
    )


def _md_underline(line: str) -> int:
    match = _MD_SETEXT.match(line)
    if match is None:
        return 0
    return 1 if match.group(1).startswith("=") else 2


def _comment_skip(lines: Sequence[str], at: int, following: int) -> int:
    """Past an HTML comment opened (and not closed) on line ``at``."""
    line = lines[at]
    opened = line.rfind(_HTML_COMMENT_OPEN)
    if opened < 0 or _HTML_COMMENT_CLOSE in line[opened + 4 :]:
        return following
    for index in range(at + 1, len(lines)):
        if _HTML_COMMENT_CLOSE in lines[index]:
            return index + 1
    raise TextError("a comment (<!--) opened here is never closed", at + 1)


def _md_table_starts(lines: Sequence[str], index: int) -> bool:
    """A pipe table starts on a line with a pipe, directly above its delimiter row."""
    return (
        "|" in lines[index]
        and index + 1 < len(lines)
        and bool(_MD_TABLE_DELIMITER.match(lines[index + 1]))
    )


def _markdown_rules() -> _Rules:
    return _Rules(
        blocks=[
            _Rule("code", starts=_on(_MD_FENCE), end=_md_fence_end),
            _Rule(
                "heading",
                starts=_on(_MD_HEADING),
                end=_one_line,
                level=lambda line: len(line.lstrip(" ")) - len(line.lstrip(" ").lstrip("#")),
            ),
            _Rule("table", starts=_md_table_starts, end=_while(lambda line: "|" in line)),
            _Rule(
                "list",
                starts=_on(_MD_LIST),
                end=_while(
                    _md_list_continues,
                    across_blank=lambda line: (
                        bool(_MD_LIST.match(line)) or line.startswith(("  ", "\t"))
                    ),
                ),
            ),
            _Rule("quote", starts=_on(_MD_QUOTE), end=_while(_md_quote_continues)),
        ],
        separator=lambda line: bool(_MD_BREAK.match(line) or _HIDDEN_LINE.match(line)),
        underline=_md_underline,
        skip_open=_comment_skip,
    )


# ---------------------------------------------------------------------------
# Wikitext
# ---------------------------------------------------------------------------

_WIKI_HEADING: Final = re.compile(r"(={1,6})(.+?)(={1,6})\s*(?:<!--.*?-->\s*)*$")
_WIKI_LIST: Final = re.compile(r"[*#:;]")
_WIKI_BREAK: Final = re.compile(r"-{4,}\s*$")
# Lines that show nothing, or only wrap the page for translation (Meta's Translate
# extension), or are magic words.
_WIKI_HIDDEN_LINE: Final = re.compile(
    r"\s*(?:(?:<!--.*?-->|</?translate\b[^>]*>|<languages\s*/>|__[A-Z]+__)\s*)+$",
    re.IGNORECASE,
)
_WIKI_TABLE_OPEN: Final = re.compile(r"\s*(?::*)\{\|")
_WIKI_TABLE_CLOSE: Final = re.compile(r"\s*\|\}")
_WIKI_PRE_OPEN: Final = re.compile(r"\s*<(pre|syntaxhighlight|source)\b[^>]*>", re.IGNORECASE)
_WIKI_QUOTE_OPEN: Final = re.compile(
    r"\s*(?:<blockquote\b[^>]*>|\{\{\s*(?:quote|blockquote|cquote|quotation)\s*[|}])",
    re.IGNORECASE,
)
_WIKI_SPACE_PRE: Final = re.compile(r" +\S")
_TEMPLATE_PARTS: Final = re.compile(r"\{\{|\}\}")


def _wiki_heading_level(line: str) -> int:
    match = _WIKI_HEADING.match(line)
    assert match is not None
    return min(len(match.group(1)), len(match.group(3)))


def _wiki_table_end(lines: Sequence[str], start: int) -> int:
    depth = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if _WIKI_TABLE_OPEN.match(line):
            depth += 1
        elif _WIKI_TABLE_CLOSE.match(line):
            depth -= 1
            if depth == 0:
                return index + 1
    raise TextError("a table ({|) opened here is never closed", start + 1)


def _wiki_tag_end(lines: Sequence[str], start: int) -> int:
    match = _WIKI_PRE_OPEN.match(lines[start]) or re.match(
        r"\s*<(blockquote)\b", lines[start], re.IGNORECASE
    )
    assert match is not None
    tag = match.group(1).lower()
    closing = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
    if closing.search(lines[start], match.end()):
        return start + 1
    for index in range(start + 1, len(lines)):
        if closing.search(lines[index]):
            return index + 1
    raise TextError(f"a <{tag}> opened here is never closed", start + 1)


def _template_depth(line: str, depth: int) -> int:
    for part in _TEMPLATE_PARTS.findall(line):
        depth = depth + 1 if part == "{{" else max(0, depth - 1)
    return depth


def _wiki_skip_open(lines: Sequence[str], at: int, following: int) -> int:
    """Past a template or comment opened on line ``at`` and closed on a later line."""
    following = _comment_skip(lines, at, following)
    depth = _template_depth(lines[at], 0)
    if depth == 0:
        return following
    for index in range(at + 1, len(lines)):
        depth = _template_depth(lines[index], depth)
        if depth == 0:
            return index + 1
    raise TextError("a template ({{) opened here is never closed", at + 1)


def _wiki_quote_end(lines: Sequence[str], start: int) -> int:
    if re.match(r"\s*<blockquote\b", lines[start], re.IGNORECASE):
        return _wiki_tag_end(lines, start)
    return _wiki_skip_open(lines, start, start + 1)


def _wiki_stray_close(_lines: Sequence[str], start: int) -> int:
    raise TextError("a table end (|}) without a table", start + 1)


def _wikitext_rules() -> _Rules:
    return _Rules(
        blocks=[
            _Rule("heading", starts=_on(_WIKI_HEADING), end=_one_line, level=_wiki_heading_level),
            _Rule("table", starts=_on(_WIKI_TABLE_OPEN), end=_wiki_table_end),
            _Rule("table", starts=_on(_WIKI_TABLE_CLOSE), end=_wiki_stray_close),
            _Rule("code", starts=_on(_WIKI_PRE_OPEN), end=_wiki_tag_end),
            _Rule("quote", starts=_on(_WIKI_QUOTE_OPEN), end=_wiki_quote_end),
            _Rule(
                "list",
                starts=_on(_WIKI_LIST),
                end=_while(lambda line: bool(_WIKI_LIST.match(line))),
            ),
            # A line starting with a space is preformatted text in wikitext.
            _Rule(
                "code",
                starts=_on(_WIKI_SPACE_PRE),
                end=_while(lambda line: bool(_WIKI_SPACE_PRE.match(line))),
            ),
        ],
        separator=lambda line: bool(_WIKI_BREAK.match(line) or _WIKI_HIDDEN_LINE.match(line)),
        underline=lambda _line: 0,
        skip_open=_wiki_skip_open,
    )
