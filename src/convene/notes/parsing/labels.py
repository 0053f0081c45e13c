"""Prefixes ("Q:", "MCDC response:", ...) and answers that only point back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

Kind = Literal["question", "comment"]
Role = Literal["question", "comment", "followup_question", "followup_comment", "answer"]

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
