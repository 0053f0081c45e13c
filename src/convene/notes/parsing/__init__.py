"""Read session notes (plain text, wikitext or Markdown) into questions and answers.

Session notes are written by many hands: a note-taker in an etherpad, a staff member on
the wiki, someone pasting from a rendered page. They all write the same shape, a
bulleted list of questions with their responses and follow-ups, so this package reads
the three spellings of that list into one model (:class:`Item`, :class:`Answer`) and
never refuses a document: whatever cannot be placed is reported as a :class:`Problem`
with its line number, so an organiser can fix the notes instead of losing them.

The work is done in two stages:

1. a reader per format (``lines`` for plain text and Markdown, ``wikitext``) turns the
   document into *entries* (``entries``): one per bullet, with its
   1-based line number, its nesting depth (0 = top level) and its text reduced to what
   a reader of the rendered page sees (markup removed, paragraphs joined by ``"\\n"``);
2. ``placing.build`` places the entries: the prefix of each entry (``Q:``, ``Response:``,
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

Modules: ``model`` (items, answers, the notes JSON), ``labels`` (prefixes and
pointing-back answers), ``formats`` (names and detection), ``entries``, ``lines``,
``wikitext``, ``placing``, ``samples`` (for ``make bench``). Other code imports from the
package (``from convene.notes.parsing import parse, Item``).

This package is pure Python (no Django) so that it can run in a command, a task or a
test without settings.
"""

from __future__ import annotations

from convene.notes.parsing.formats import ALIASES, FORMATS, detect_format
from convene.notes.parsing.labels import Label, classify, is_pointer, is_valid_by
from convene.notes.parsing.lines import read_lines
from convene.notes.parsing.model import (
    Answer,
    Item,
    ParseResult,
    Problem,
    items_from_json,
    normalize_text,
)
from convene.notes.parsing.placing import build
from convene.notes.parsing.samples import generate_sample_items, generate_sample_notes
from convene.notes.parsing.wikitext import read_wikitext

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


def parse(text: str, fmt: str = "auto") -> ParseResult:
    """Read notes in ``fmt`` ("auto", "text", "wikitext" or "markdown").

    Never raises for any ``str`` input (an unknown ``fmt`` is a programming error and
    raises ``ValueError``): notes are pasted by people, and a parser that gives up
    loses their work. If a third-party parser fails on a pathological document, the
    text is read as plain text and the failure reported as a problem on line 1.
    """
    if fmt != "auto" and fmt not in ALIASES:
        raise ValueError(f"unknown notes format {fmt!r}; expected auto, {', '.join(FORMATS)}")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    name = detect_format(text) if fmt == "auto" else ALIASES[fmt]
    problems: list[Problem] = []
    try:
        if name == "wikitext":
            read = read_wikitext(text)
        elif name == "markdown":
            read = read_lines(lines, markdown=True)
        else:
            read = read_lines(lines, markdown=False)
    # Third-party parsers on pathological input are the one place this could fail.
    except Exception as exc:  # pragma: no cover
        problems.append(Problem(1, f"could not read as {name} ({exc!r}); read as plain text", ""))
        name, read = "text", read_lines(lines, markdown=False)
    items, placed = build(read.entries, lines)
    return ParseResult(items=items, problems=problems + read.problems + placed, fmt=name)
