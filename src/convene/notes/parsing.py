"""Read session notes (plain text, wikitext or Markdown) into questions and answers.

Session notes are written by many hands: a note-taker in an etherpad, a staff member on
the wiki, someone pasting from a rendered page. They all write the same shape, a
bulleted list of questions with their responses and follow-ups, so this module reads
the three spellings of that list into one model (:class:`Item`, :class:`Answer`) and
never refuses a document: whatever cannot be placed is reported as a :class:`Problem`
with its line number, so an organiser can fix the notes instead of losing them.

The work is done in two stages:

1. a reader per format turns the document into *entries*: one per bullet, with its
   1-based line number, its nesting depth (0 = top level) and its text reduced to what
   a reader of the rendered page sees (markup removed, paragraphs joined by ``"\\n"``);
2. :func:`_build` places the entries: the prefix of each entry (``Q:``, ``Response:``,
   ``MCDC response:``, ``Follow up question:`` ...) decides its role, and its depth
   decides what it belongs to.

Placement rules (what the notes mean, as organisers write them):

- a bullet without a prefix is a question at the top level and an answer when it sits
  under a question or comment;
- a bullet without a prefix under an answer continues that answer: it is appended to
  the answer's text as a new paragraph (note-takers split long responses that way);
- a prefixed answer under an answer is another answer to the same question, and a
  question or comment under an answer is a follow-up of that question;
- a top-level ``Follow up question:`` belongs to the top-level item before it (its
  answers, written under it, stay with it); with nothing before it, it is kept as a
  top-level question and reported;
- a top-level answer is attached to the top-level item before it (flat ``Q:``/``A:``
  notes); with nothing before it, it is reported and skipped;
- a bullet nested deeper than the bullet above it allows is placed one level below
  that bullet and reported; nesting beyond 40 levels is flattened and reported.

Markdown lists are read line by line (indentation compared as in plain text) with
markdown-it for the inline text only: this is many times faster than a full CommonMark
block parse on long notes, at the price of small differences on exotic documents (a
bullet indented by one space nests here, where CommonMark makes it a sibling).

This module is pure Python (no Django) so that it can run in a command, a task or a
test without settings.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final, Literal

import mwparserfromhell
from markdown_it import MarkdownIt
from markdown_it.token import Token
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

__all__ = [
    "FORMATS",
    "Answer",
    "Item",
    "Label",
    "ParseResult",
    "Problem",
    "classify",
    "detect_format",
    "generate_sample_items",
    "generate_sample_notes",
    "is_pointer",
    "is_valid_by",
    "items_from_json",
    "normalize_text",
    "parse",
]

Kind = Literal["question", "comment"]
Role = Literal["question", "comment", "followup_question", "followup_comment", "answer"]

#: The formats :func:`parse` reads, as named on the command line.
FORMATS: Final = ("text", "wikitext", "markdown")
_FORMAT_ALIASES: Final = {
    "text": "text",
    "plain": "text",
    "wikitext": "wikitext",
    "wiki": "wikitext",
    "markdown": "markdown",
    "md": "markdown",
}

# Follow-ups can nest without end in a hostile document; the model is a tree walked
# recursively (equality, to_dict), so depth is capped far above anything real notes use.
_MAX_NESTING: Final = 40


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------


def normalize_text(text: str) -> str:
    """Return ``text`` as the model stores it.

    Notes arrive with every kind of whitespace (non-breaking spaces from a browser,
    tabs from an etherpad, CRLF from Windows); comparing or round-tripping them is only
    well defined once that is settled. Each paragraph (any line break counts) has its
    whitespace runs collapsed to one space and is stripped; empty paragraphs are
    dropped; paragraphs are joined by ``"\\n"``. Control characters are removed, since
    no format can carry them faithfully (Markdown turns NUL into U+FFFD, for one).
    """
    if _CONTROL_RE.search(text):
        text = _CONTROL_RE.sub("", text)
    lines = text.splitlines()
    if len(lines) == 1:  # the common case, kept fast: this runs for every text parsed
        return " ".join(lines[0].split())
    return "\n".join(filter(None, [" ".join(line.split()) for line in lines]))


# Control characters that are not whitespace (C0 and C1), and lone surrogates.
_CONTROL_RE: Final = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class Answer:
    """One response to a question or comment.

    ``by`` is the body named in the prefix as written ("MCDC", "Support staff"), or
    None for a bare "Response:". ``refers_to_previous`` marks answers that only point
    back ("See the previous answer"), so a reader can be shown the answer meant.
    """

    by: str | None
    text: str
    refers_to_previous: bool = False

    def __post_init__(self) -> None:
        # Normalised here so that equal notes compare equal however they were built.
        object.__setattr__(self, "text", normalize_text(self.text))
        if self.by is not None:
            by = normalize_text(self.by)
            if not is_valid_by(by):
                raise ValueError(f"cannot be written as '<body> response:': {self.by!r}")
            object.__setattr__(self, "by", by)

    def to_dict(self) -> dict[str, Any]:
        """The answer in the notes JSON shape."""
        return {"by": self.by, "text": self.text, "refers_to_previous": self.refers_to_previous}


@dataclass(frozen=True)
class Item:
    """A question or comment, its answers and its follow-ups (which are items too)."""

    kind: Kind
    text: str
    answers: tuple[Answer, ...] = ()
    followups: tuple[Item, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("question", "comment"):
            raise ValueError(f"kind must be 'question' or 'comment', not {self.kind!r}")
        object.__setattr__(self, "text", normalize_text(self.text))
        # Accept lists from callers but store tuples, so items stay hashable and frozen.
        object.__setattr__(self, "answers", tuple(self.answers))
        object.__setattr__(self, "followups", tuple(self.followups))

    def to_dict(self) -> dict[str, Any]:
        """The item in the notes JSON shape (see DESIGN.md, "The notes JSON")."""
        return {
            "kind": self.kind,
            "text": self.text,
            "answers": [a.to_dict() for a in self.answers],
            "followups": [f.to_dict() for f in self.followups],
        }


@dataclass(frozen=True)
class Problem:
    """A line that could not be placed as written (1-based ``line``, source ``text``)."""

    line: int
    message: str
    text: str


@dataclass
class ParseResult:
    """What :func:`parse` found: the items, the problems, and the format it read."""

    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fmt: str = "text"

    def to_json(self) -> dict[str, Any]:
        """The notes JSON as a ``json.dumps``-ready dict: ``{"items": [...]}``."""
        return {"items": [item.to_dict() for item in self.items]}


def items_from_json(data: Mapping[str, Any] | Sequence[Any]) -> list[Item]:
    """Rebuild items from the notes JSON (the dict, or just its ``items`` list).

    Raises ``ValueError`` with the path of the offending value, because this reads
    stored or posted data, where a clear message is worth more than a KeyError.
    """
    raw = data.get("items") if isinstance(data, Mapping) else data
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        raise ValueError("items: expected a list")
    return [_item_from_json(entry, f"items[{i}]") for i, entry in enumerate(raw)]


def _item_from_json(data: Any, path: str) -> Item:
    if not isinstance(data, Mapping):
        raise ValueError(f"{path}: expected an object")
    kind, text = data.get("kind"), data.get("text")
    if kind not in ("question", "comment"):
        raise ValueError(f"{path}.kind: expected 'question' or 'comment'")
    if not isinstance(text, str):
        raise ValueError(f"{path}.text: expected a string")
    answers_raw = data.get("answers", [])
    followups_raw = data.get("followups", [])
    if not isinstance(answers_raw, list) or not isinstance(followups_raw, list):
        raise ValueError(f"{path}: answers and followups must be lists")
    answers = []
    for i, a in enumerate(answers_raw):
        where = f"{path}.answers[{i}]"
        if not isinstance(a, Mapping):
            raise ValueError(f"{where}: expected an object")
        by, a_text, refers = a.get("by"), a.get("text"), a.get("refers_to_previous", False)
        if by is not None and not isinstance(by, str):
            raise ValueError(f"{where}.by: expected a string or null")
        if not isinstance(a_text, str) or not isinstance(refers, bool):
            raise ValueError(f"{where}: text must be a string, refers_to_previous a bool")
        answers.append(Answer(by=by, text=a_text, refers_to_previous=refers))
    followups = [_item_from_json(f, f"{path}.followups[{i}]") for i, f in enumerate(followups_raw)]
    return Item(kind=kind, text=text, answers=tuple(answers), followups=tuple(followups))


# ---------------------------------------------------------------------------
# Prefixes ("Q:", "MCDC response:", ...) and pointing-back answers
# ---------------------------------------------------------------------------

# One pattern for every prefix, so that the parser and the renderers agree on what a
# prefix is: the renderers add an explicit "Q:" exactly when a text would otherwise be
# read as prefixed. The prefix may be bold ('''Q:''', **Q:**, **Q**:), as people write.
_LABEL_RE: Final = re.compile(
    r"""
    ^(?P<b>\*\*|__|'''|'')?[ \t]*
    (?:
        (?P<fq>follow[\s-]*up(?:[ \t]+question)?)
      | (?P<fc>follow[\s-]*up[ \t]+comment)
      | (?P<q>q|question)
      | (?P<c>c|comment)
      | (?P<a>a|answer|response)
      | (?P<by>[^\s:*'_,;?!][^:\n,;?!]{0,59}?)[ \t]+response
    )[ \t]*
    (?(b)(?:(?P=b)[ \t]*:|:[ \t]*(?P=b))|:)
    \s*(?P<rest>.*)\Z
    """,
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)

# "<Body> response:" must not swallow a question such as "What was the response: ...".
_NOT_A_BODY: Final = frozenset(
    {"what", "who", "whom", "whose", "how", "why", "when", "where", "which", "whether"}
    | {"is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would"}
)
_MAX_BY_WORDS: Final = 6


@dataclass(frozen=True)
class Label:
    """The role a prefix gives a line, the body it names, and the text after it."""

    role: Role
    by: str | None
    rest: str


_GROUP_ROLES: Final[tuple[tuple[str, Role], ...]] = (
    ("fc", "followup_comment"),
    ("fq", "followup_question"),
    ("q", "question"),
    ("c", "comment"),
    ("a", "answer"),
)


def classify(text: str) -> Label | None:
    """Return the prefix of ``text`` (case-insensitive, bold or not), or None."""
    m = _LABEL_RE.match(text)
    if m is None:
        return None
    rest = m.group("rest")
    for group, role in _GROUP_ROLES:
        if m.group(group):
            return Label(role, None, rest)
    by = " ".join(m.group("by").split())
    words = by.split(" ")
    if words[0].lower() in _NOT_A_BODY or len(words) > _MAX_BY_WORDS:
        return None
    return Label("answer", by, rest)


@lru_cache(maxsize=1024)  # bodies repeat ("MCDC"), and every Answer checks its own
def is_valid_by(by: str) -> bool:
    """Whether ``by`` can be written as "<by> response:" and read back unchanged."""
    label = classify(f"{by} response: x")
    return label is not None and label.by == by and label.rest == "x"


_POINTER_RE: Final = re.compile(
    r"""
    ^(?:please[ ]+)?(?:
        (?:see|refer[ ]+to|same[ ]+as)[ ]+(?:the[ ]+)?
            (?:previous|prior|earlier|above|last)(?:[ ]+(?:answer|response|reply|one))?
      | (?:see|refer[ ]+to|same[ ]+as)[ ]+(?:the[ ]+)?(?:answer|response|reply)[ ]+
            (?:above|before)
      | (?:see|same[ ]+as|as)[ ]+(?:above|before)
      | answered[ ]+(?:above|before|previously)
    )$
    """,
    re.IGNORECASE | re.VERBOSE,
)


_MAX_POINTER_LENGTH: Final = 60


def is_pointer(text: str) -> bool:
    """Whether an answer only points back to an earlier one ("See the previous answer").

    Such answers carry no content of their own; flagging them lets a page show the
    answer meant. Only whole, short answers count, so that an answer that merely
    mentions "the previous answer" keeps ``refers_to_previous`` false.
    """
    core = " ".join(text.split()).rstrip(" .!")
    return len(core) <= _MAX_POINTER_LENGTH and _POINTER_RE.match(core) is not None


# ---------------------------------------------------------------------------
# Entries: the per-format readers
# ---------------------------------------------------------------------------


@dataclass
class _Entry:
    """One bullet: where it is, how deep, and its readable text (paragraphs by \\n)."""

    line: int
    depth: int
    text: str


@dataclass
class _Read:
    entries: list[_Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


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
        self.read = _Read()
        self.indents: list[int] = []  # indentation of the open bullets, outermost first
        self.last: _Entry | None = None
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
        self.last = _Entry(number, len(indents) - 1, text)
        self.paragraphs = [[text]]
        self.last_indent = indent
        self.read.entries.append(self.last)

    def finish(self) -> None:
        if self.last is not None and self.markdown:
            self.last.text = "\n".join(_md_inline_text("\n".join(p)) for p in self.paragraphs)


def _read_lines(lines: Sequence[str], *, markdown: bool) -> _Read:
    reader = _LineReader(markdown=markdown)
    for number, raw in enumerate(lines, 1):
        reader.feed(number, raw)
    reader.finish()
    return reader.read


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
        self.read = _Read()
        self.number = 1
        self.start = 1  # the line where the current (logical) line started
        self.markers = self.line_markers[0] if self.fast else ""
        self.parts: list[str] = []
        self.outside = False  # the line holds a heading or rule: never a note
        self.last: _Entry | None = None
        self.by_depth: dict[int, _Entry] = {}  # the last entry at each depth, for ":" lines

    def run(self) -> _Read:
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
                    self.last = _Entry(self.start, 0, content)
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
            entry = _Entry(self.start, stars - 1, content)
            self.read.entries.append(entry)
            for depth in [d for d in self.by_depth if d >= entry.depth]:
                del self.by_depth[depth]
            self.by_depth[entry.depth] = self.last = entry


def _read_wikitext(text: str) -> _Read:
    return _WikiLines(text).run()


# CommonMark only (no tables, strikethrough or linkify): the renderer escapes for exactly
# this dialect. Only the inline parser is used; the list structure is read line by line
# (see _read_lines), which is many times faster on long notes than a full block parse.
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


# ---------------------------------------------------------------------------
# Format detection
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Placing entries
# ---------------------------------------------------------------------------


@dataclass
class _ItemB:
    kind: Kind
    text: str
    answers: list[_AnswerB] = field(default_factory=list)
    followups: list[_ItemB] = field(default_factory=list)

    def freeze(self) -> Item:
        return Item(
            kind=self.kind,
            text=self.text,
            answers=tuple(a.freeze() for a in self.answers),
            followups=tuple(f.freeze() for f in self.followups),
        )


@dataclass
class _AnswerB:
    by: str | None
    parts: list[str]

    def freeze(self) -> Answer:
        text = normalize_text("\n".join(self.parts))
        return Answer(by=self.by, text=text, refers_to_previous=is_pointer(text))


class _Placer:
    """Places entries by role and depth (the rules are in the module docstring)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.roots: list[_ItemB] = []
        self.problems: list[Problem] = []
        # Open bullets: (depth, the item or answer it made, the item that owns it).
        self.stack: list[tuple[int, _ItemB | _AnswerB, _ItemB]] = []
        self.last_top: _ItemB | None = None  # the item made by the last top-level bullet

    def report(self, entry: _Entry, message: str) -> None:
        lines = self.lines
        source = lines[entry.line - 1].strip() if 0 < entry.line <= len(lines) else ""
        self.problems.append(Problem(entry.line, message, source))

    def place(self, entry: _Entry) -> None:
        stack = self.stack
        depth = entry.depth
        while stack and stack[-1][0] >= depth:
            stack.pop()
        limit = stack[-1][0] + 1 if stack else 0
        if depth > limit:
            self.report(entry, "nested deeper than the bullet above it; placed one level below it")
            depth = limit
        if len(stack) >= _MAX_NESTING:
            self.report(entry, f"nested over {_MAX_NESTING} levels; placed beside the one above")
            depth = stack.pop()[0]
        label = classify(entry.text)
        text = normalize_text(label.rest if label else entry.text)
        if stack:
            self.place_nested(depth, label, text)
        else:
            self.place_top(entry, depth, label, text)

    def place_top(self, entry: _Entry, depth: int, label: Label | None, text: str) -> None:
        role = label.role if label else None
        if label is not None and role == "answer":
            if self.last_top is None:
                self.report(entry, "answer with no question before it; skipped")
                return
            answer = _AnswerB(label.by, [text])
            self.last_top.answers.append(answer)
            self.stack.append((depth, answer, self.last_top))
            return
        item = _ItemB(_kind_of(role), text)
        if role in ("followup_question", "followup_comment"):
            if self.roots:
                self.roots[-1].followups.append(item)
            else:
                self.report(entry, f"follow-up with nothing before it; kept as a {item.kind}")
                self.roots.append(item)
        else:
            self.roots.append(item)
        self.last_top = item
        self.stack.append((depth, item, item))

    def place_nested(self, depth: int, label: Label | None, text: str) -> None:
        _, parent, owner = self.stack[-1]
        if isinstance(parent, _AnswerB) and label is None:
            parent.parts.append(text)  # an unprefixed bullet under an answer continues it
            self.stack.append((depth, parent, owner))
            return
        target = owner if isinstance(parent, _AnswerB) else parent
        if label is None or label.role == "answer":
            answer = _AnswerB(label.by if label else None, [text])
            target.answers.append(answer)
            self.stack.append((depth, answer, target))
        else:
            item = _ItemB(_kind_of(label.role), text)
            target.followups.append(item)
            self.stack.append((depth, item, item))


def _kind_of(role: Role | None) -> Kind:
    return "comment" if role in ("comment", "followup_comment") else "question"


def _build(entries: Iterable[_Entry], lines: Sequence[str]) -> tuple[list[Item], list[Problem]]:
    placer = _Placer(lines)
    for entry in entries:
        placer.place(entry)
    return [root.freeze() for root in placer.roots], placer.problems


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def parse(text: str, fmt: str = "auto") -> ParseResult:
    """Read notes in ``fmt`` ("auto", "text", "wikitext" or "markdown").

    Never raises for any ``str`` input (an unknown ``fmt`` is a programming error and
    raises ``ValueError``): notes are pasted by people, and a parser that gives up
    loses their work. If a third-party parser fails on a pathological document, the
    text is read as plain text and the failure reported as a problem on line 1.
    """
    if fmt != "auto" and fmt not in _FORMAT_ALIASES:
        raise ValueError(f"unknown notes format {fmt!r}; expected auto, {', '.join(FORMATS)}")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    name = detect_format(text) if fmt == "auto" else _FORMAT_ALIASES[fmt]
    problems: list[Problem] = []
    try:
        if name == "wikitext":
            read = _read_wikitext(text)
        elif name == "markdown":
            read = _read_lines(lines, markdown=True)
        else:
            read = _read_lines(lines, markdown=False)
    # Third-party parsers on pathological input are the one place this could fail.
    except Exception as exc:  # pragma: no cover
        problems.append(Problem(1, f"could not read as {name} ({exc!r}); read as plain text", ""))
        name, read = "text", _read_lines(lines, markdown=False)
    items, placed = _build(read.entries, lines)
    return ParseResult(items=items, problems=problems + read.problems + placed, fmt=name)


# ---------------------------------------------------------------------------
# Sample notes (for `make bench` and tests)
# ---------------------------------------------------------------------------

_SAMPLE_QUESTIONS: Final = (
    "How will hub {n} be accountable to the communities it serves?",
    "Can individuals without affiliation become ambassadors in region {n}?",
    "When will chapter {n} of the Movement Charter be published for feedback?",
    "Is a regional meetup grant possible for {n} participants?",
    "Will the translation of chapter {n} be done by ambassadors? 🌍",
    "هل سيتم ترجمة الفصل {n} إلى العربية؟",
)
_SAMPLE_ANSWERS: Final = (
    "The Roles and Responsibilities drafting group is working on it (item {n}).",
    "Yes, but that will not be the only thing.",
    "Work is ongoing to find a solution for item {n}.",
    "Members can read about the Hubs Dialogue and join pilot {n}.\nThe next round is in 2023.",
)
_SAMPLE_BODIES: Final = (None, "MCDC", None, "Support staff")
_SAMPLE_POINTER: Final = "See the previous answer."


def generate_sample_items(n: int) -> list[Item]:
    """``n`` deterministic top-level items shaped like real notes (for benchmarks).

    Every seventh has a follow-up answered by pointing back, every thirteenth is a
    comment, answers alternate between bare and named bodies and one has two paragraphs.
    The texts need no escaping in any format, so :func:`generate_sample_notes` can write
    them without the renderers.
    """
    items = []
    for i in range(n):
        answers = tuple(
            Answer(_SAMPLE_BODIES[(i + j) % 4], _SAMPLE_ANSWERS[(i + j) % 4].format(n=i))
            for j in range(1 + i % 2)
        )
        followups: tuple[Item, ...] = ()
        if i % 7 == 0:
            pointer = Answer(None, _SAMPLE_POINTER, refers_to_previous=True)
            followups = (Item("question", f"To whom is hub {i} answerable?", (pointer,)),)
        kind: Kind = "comment" if i % 13 == 0 else "question"
        text = _SAMPLE_QUESTIONS[i % len(_SAMPLE_QUESTIONS)].format(n=i)
        items.append(Item(kind, text, answers, followups))
    return items


def generate_sample_notes(n: int, fmt: str = "text") -> str:
    """:func:`generate_sample_items` written in ``fmt`` ("text", "wikitext", "markdown").

    Written here rather than with :mod:`convene.notes.rendering` (which imports this
    module) so that the benchmark input depends on the parser alone; the output is the
    same as the renderers' for these texts, which a test checks.
    """
    name = _FORMAT_ALIASES[fmt]
    glyphs = ("•", "◦", "▪")
    bullets: dict[str, Callable[[int], str]] = {
        "text": lambda d: "  " * (d + 1) + glyphs[d % 3] + " ",
        "wikitext": lambda d: "*" * (d + 1) + " ",
        "markdown": lambda d: "  " * d + "- ",
    }
    breaks = {"text": "\n    ", "wikitext": "<br />", "markdown": "\\\n  "}
    bullet, paragraph_break = bullets[name], breaks[name]
    out: list[str] = []

    def write(depth: int, prefix: str, text: str) -> None:
        indent = "  " * depth if name != "wikitext" else ""
        body = text.replace("\n", paragraph_break + indent)
        out.append(f"{bullet(depth)}{prefix}{body}\n")

    def walk(item: Item, depth: int) -> None:
        if depth:
            prefix = "Follow up comment: " if item.kind == "comment" else "Follow up question: "
        else:
            prefix = "C: " if item.kind == "comment" else ""
        write(depth, prefix, item.text)
        for answer in item.answers:
            write(depth + 1, f"{answer.by} response: " if answer.by else "Response: ", answer.text)
        for followup in item.followups:
            walk(followup, depth + 1)

    for item in generate_sample_items(n):
        walk(item, 0)
    return "".join(out)
