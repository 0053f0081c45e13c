"""Hypothesis strategies for notes: hostile texts, bodies, answers and item trees.

Texts mix arbitrary Unicode with the fragments most likely to break a format (wiki and
Markdown markup, prefixes, pointer phrases, right-to-left text, emoji), and are
normalised the way the model normalises them, so that a round trip is well defined.
"""

from __future__ import annotations

from hypothesis import strategies as st

from convene.notes.parsing import Answer, Item, is_pointer, is_valid_by, normalize_text

HOSTILE_FRAGMENTS = (
    "{{",
    "}}",
    "{{subst:foo}}",
    "{{{1}}}",
    "[[",
    "]]",
    "[[Hubs|hub]]",
    "[https://example.org x]",
    "https://example.org",
    "mailto:a@example.org",
    "ISBN 978-3-16",
    "~~~~",
    "~~~",
    "__NOTOC__",
    "<script>alert(1)</script>",
    "<nowiki>",
    "</nowiki>",
    "<br />",
    "<!--",
    "-->",
    "<ref>x</ref>",
    "'''",
    "''",
    "'",
    "&amp;",
    "&lt;",
    "&#123;",
    "&",
    "|",
    "=",
    "----",
    "-{",
    "}-",
    "*",
    "**",
    "#",
    ":",
    ";",
    "!",
    "- ",
    "+ ",
    "1. ",
    "2)",
    "> ",
    "`",
    "```",
    "_",
    "\\",
    "\\*",
    "[x](https://example.org)",
    "<https://example.org>",
    "===",
    "Q:",
    "C: ",
    "A:",
    "Response:",
    "MCDC response:",
    "**Q:**",
    "'''Q:'''",
    "Follow up question:",
    "Follow-up comment:",
    "See the previous answer.",
    "שלום עליכם",
    "مرحبا بالعالم",
    "\u200f",
    "\u202e",
    "😀",
    "👩🏽\u200d💻",
    "🇮🇳",
    "e\u0301",
    "\u00a0",
    "\t",
    "\r\n",
    "\n",
    "\u2028",
    "\x00",
)

POINTERS = (
    "See the previous answer.",
    "See previous answer.",
    "Same as above",
    "See the answer above",
    "see the previous response",
)

BODIES = ("MCDC", "Support staff", "WMF Legal", "Q", "A", "C", "Follow up", "Q&A", "[[MCDC]]")


def texts(*, min_size: int = 1) -> st.SearchStrategy[str]:
    """Normalised texts (possibly several paragraphs), non-empty by default."""
    piece = st.one_of(st.text(max_size=12), st.sampled_from(HOSTILE_FRAGMENTS))
    separator = st.sampled_from(("", " ", " ", "\n"))
    raw = st.lists(st.tuples(piece, separator), max_size=6).map(
        lambda pairs: "".join(p + s for p, s in pairs)
    )
    return raw.map(normalize_text).filter(lambda t: len(t) >= min_size)


def bodies() -> st.SearchStrategy[str | None]:
    """``by`` values: none, known bodies, or short words in any script."""
    word = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=8)
    generated = st.lists(word, min_size=1, max_size=3).map(" ".join).filter(is_valid_by)
    return st.one_of(st.none(), st.sampled_from(BODIES), generated)


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    """An answer whose ``refers_to_previous`` agrees with its text, as parsing decides."""
    text = draw(st.one_of(texts(), st.sampled_from(POINTERS)))
    return Answer(by=draw(bodies()), text=text, refers_to_previous=is_pointer(text))


def items(level: int = 0, max_level: int = 2) -> st.SearchStrategy[Item]:
    """A question or comment with answers and follow-ups nested up to ``max_level``."""
    followups: st.SearchStrategy[list[Item]] = (
        st.lists(st.deferred(lambda: items(level + 1, max_level)), max_size=2)
        if level < max_level
        else st.just([])
    )
    return st.builds(
        Item,
        kind=st.sampled_from(("question", "comment")),
        text=texts(),
        answers=st.lists(answers(), max_size=3).map(tuple),
        followups=followups.map(tuple),
    )


def item_lists() -> st.SearchStrategy[list[Item]]:
    """What a page of notes holds: a list of top-level items."""
    return st.lists(items(), max_size=5)
