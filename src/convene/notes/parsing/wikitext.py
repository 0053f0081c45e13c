"""Reading wikitext notes: mwparserfromhell's nodes back into lines of list items."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any, Final

import mwparserfromhell
from mwparserfromhell.nodes import (
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from convene.notes.parsing.entries import Entry, Read
from convene.notes.parsing.labels import classify
from convene.notes.parsing.model import normalize_text

_LIST_MARKUP: Final = frozenset("*#:;")
_DROPPED_TAGS: Final = frozenset(
    {"ref", "references", "gallery", "templatestyles", "indicator", "graph", "timeline"}
    | {"score", "mapframe", "maplink", "section", "categorytree", "inputbox"}
)
_LITERAL_TAGS: Final = frozenset(
    {"nowiki", "pre", "code", "tt", "kbd", "samp", "syntaxhighlight", "source", "math"}
)
_FORMATTING_TAGS: Final = frozenset(
    {"b", "i", "u", "s", "strike", "del", "ins", "small", "big", "span", "font", "sup"}
    | {"sub", "em", "strong", "abbr", "q", "mark", "cite", "dfn", "bdi", "bdo", "p", "div"}
    | {"center", "blockquote", "poem", "var", "ruby", "rb", "rt", "rp", "time", "data"}
)
# Templates whose first unnamed parameter is what a reader sees ({{u|Name}}, {{tq|...}}).
_FIRST_PARAM_TEMPLATES: Final = frozenset(
    {"u", "user", "ping", "noping", "re", "reply to", "replyto", "yo", "tq", "tqi"}
    | {"talk quote", "talkquote", "quote", "nowrap", "small", "smaller", "big", "em"}
    | {"strong", "code", "mono", "kbd"}
)
_LITERAL_TEMPLATES: Final = {"!": "|", "=": "=", "!!": "||"}
_SKIPPED_NAMESPACES: Final = ("category:", "file:", "image:")


def _wiki_text(code: Wikicode | None) -> str:
    """Readable text of nested wikicode (inside a link, tag or template parameter)."""
    if code is None:
        return ""
    return "".join(_wiki_node(node, nested=True) for node in code.nodes)


def _strip_quotes(text: str) -> str:
    # Runs of 2+ apostrophes are bold/italic toggles that mwparserfromhell left as text
    # (unbalanced); MediaWiki would not show them either.
    return re.sub(r"'{2,}", "", text) if "''" in text else text


def _wiki_node(node: Node, *, nested: bool) -> str:
    """What a reader of the rendered page sees for one node.

    Links show their label, templates vanish unless they merely wrap text, ``<nowiki>``
    shows its literal content, ``<br />`` becomes a paragraph break; an unknown tag
    (``<script>``) is shown as written, as MediaWiki escapes it.
    """
    if isinstance(node, Text):
        value = _strip_quotes(node.value)
        return value.replace("\n", " ") if nested else value
    reader = _NODE_READERS.get(type(node))
    return str(node) if reader is None else reader(node)


def _wiki_link(node: Wikilink) -> str:
    if node.text is not None:
        return _wiki_text(node.text)
    if str(node.title).strip().lower().startswith(_SKIPPED_NAMESPACES):
        return ""  # category and file links show nothing in the text
    return _wiki_text(node.title).strip().lstrip(":")


def _wiki_external_link(node: ExternalLink) -> str:
    return _wiki_text(node.title) if node.title is not None else str(node.url)


def _wiki_template(node: Template) -> str:
    name = " ".join(str(node.name).replace("_", " ").split()).lower()
    if name in _LITERAL_TEMPLATES:
        return _LITERAL_TEMPLATES[name]
    if name == "lang":
        args = [p for p in node.params if not p.showkey]
        return _wiki_text(args[1].value).strip() if len(args) > 1 else ""
    if name in _FIRST_PARAM_TEMPLATES:
        args = [p for p in node.params if not p.showkey]
        return _wiki_text(args[0].value).strip() if args else ""
    return ""


def _wiki_tag(node: Tag) -> str:
    tag = str(node.tag).strip().lower()
    if node.wiki_markup is not None and tag in ("li", "dd", "dt", "hr"):
        return ""  # list markup inside nested code: structure, not text
    if tag == "br":
        return "\n"
    if tag in _LITERAL_TAGS:
        # MediaWiki decodes entities inside <nowiki>; the renderer relies on that to
        # escape "</nowiki>" and "&" inside it.
        return "" if node.contents is None else html.unescape(str(node.contents))
    if tag in _DROPPED_TAGS:
        return ""
    if tag in _FORMATTING_TAGS or node.wiki_markup is not None:
        return _wiki_text(node.contents)
    return str(node)


_NODE_READERS: Final[dict[type[Node], Callable[[Any], str]]] = {
    HTMLEntity: lambda node: str(node.normalize()),
    Wikilink: _wiki_link,
    ExternalLink: _wiki_external_link,
    Template: _wiki_template,
    Tag: _wiki_tag,
    Comment: lambda _node: "",
    Heading: lambda node: _wiki_text(node.title).strip(),
}


_WIKI_MARKERS_RE: Final = re.compile(r"^[*#:;]+", re.MULTILINE)
# Stands in for the list markers of a line while mwparserfromhell reads the document.
_SENTINEL: Final = "\ue000"


class _WikiLines:
    """Rebuilds the lines of a wikitext document from mwparserfromhell's node stream.

    List depth is the number of ``*``/``#`` markers at line start. A template or
    comment may span lines without ending one. ``*:`` / ``#:`` lines continue the item
    of their depth even after its children, ``:`` lines inside a list continue the last
    item; headings, rules, paragraphs and ``;`` lines are not notes (a paragraph that
    starts with a prefix, "Q:", is).

    The list markers are taken off each line before mwparserfromhell reads it (and
    replaced by a private-use character, so that the rest of the line is still not at
    a line start): building a Tag node per marker costs most of the time on long
    notes. Text that already holds that character is read the slow way, with markers
    as Tag nodes.
    """

    def __init__(self, text: str) -> None:
        self.fast = _SENTINEL not in text
        self.line_markers: list[str] = []
        if self.fast:
            self.line_markers = [
                m.group() if (m := _WIKI_MARKERS_RE.match(ln)) else "" for ln in text.split("\n")
            ]
            text = _WIKI_MARKERS_RE.sub(_SENTINEL, text)
        self.text = text
        self.read = Read()
        self.number = 1
        self.start = 1  # the line where the current (logical) line started
        self.markers = self.line_markers[0] if self.fast else ""
        self.parts: list[str] = []
        self.outside = False  # the line holds a heading or rule: never a note
        self.last: Entry | None = None
        self.by_depth: dict[int, Entry] = {}  # the last entry at each depth, for ":" lines

    def run(self) -> Read:
        for node in mwparserfromhell.parse(self.text, skip_style_tags=False).nodes:
            if isinstance(node, Text):
                self.add_text(node.value)
            elif isinstance(node, Tag) and node.wiki_markup in _LIST_MARKUP and not self.parts:
                self.markers += str(node.wiki_markup)
            else:
                if isinstance(node, Heading) or (
                    isinstance(node, Tag) and node.wiki_markup == "----"
                ):
                    self.outside = True
                reduced = _wiki_node(node, nested=False)
                self.parts.append(reduced.replace(_SENTINEL, "") if self.fast else reduced)
                self.number += str(node).count("\n")  # a template or comment may span lines
        self.flush()
        return self.read

    def add_text(self, value: str) -> None:
        for i, chunk in enumerate(value.split("\n")):
            if i:
                self.flush()
                self.number += 1
                self.start, self.parts, self.outside = self.number, [], False
                self.markers = self.line_markers[self.number - 1] if self.fast else ""
            if chunk:
                self.parts.append(
                    _strip_quotes(chunk.replace(_SENTINEL, "") if self.fast else chunk)
                )

    def end_list(self) -> None:
        self.last = None
        self.by_depth.clear()

    def flush(self) -> None:
        if self.outside:
            self.end_list()
            return
        content = normalize_text("".join(self.parts))
        markers = self.markers
        if not markers:
            if content:  # a paragraph ends the list; a blank line does not
                self.end_list()
                if classify(content) is not None:
                    self.last = Entry(self.start, 0, content)
                    self.read.entries.append(self.last)
            return
        stars = sum(1 for ch in markers if ch in "*#")
        if markers.endswith(":"):
            target = self.by_depth.get(stars - 1) if stars else self.last
            if target is not None and self.last is not None and content:
                target.text += "\n" + content
        elif not stars or markers.endswith(";"):
            self.end_list()  # a "; term" line: a pseudo-heading
        elif content:
            entry = Entry(self.start, stars - 1, content)
            self.read.entries.append(entry)
            for depth in [d for d in self.by_depth if d >= entry.depth]:
                del self.by_depth[depth]
            self.by_depth[entry.depth] = self.last = entry


def read_wikitext(text: str) -> Read:
    return _WikiLines(text).run()
