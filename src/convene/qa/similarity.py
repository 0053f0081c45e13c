"""Words of a question, for similar-question search: lower-cased, stop words dropped,
a light plural folding. Pure Python, the same on SQLite and PostgreSQL."""

import re
import unicodedata

MAX_TERMS = 60
# The generation (core.generations) of what similar questions show, across all boards:
# the services bump it when a question's text, state or answers change.
SIMILAR = "qa.similar"
MAX_TERM_LENGTH = 40

_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset(
    """
    a about above after again all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours going get us let lot may might must
    shall ok yes like well ask question questions
    """.split()  # noqa: SIM905  (a word list reads better as text)
)


def _fold(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The distinct search terms of `text`, in order of first appearance."""
    normal = unicodedata.normalize("NFKC", text or "").casefold()
    seen: dict[str, None] = {}
    for word in _WORD.findall(normal):
        if word.isdigit() or word in _STOP:
            continue
        if len(word) < 3 and not _is_wide(word):
            continue
        seen.setdefault(_fold(word)[:MAX_TERM_LENGTH], None)
        if len(seen) >= MAX_TERMS:
            break
    return list(seen)


def _is_wide(word: str) -> bool:
    # Chinese, Japanese and similar scripts carry a whole word in one or two characters.
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in word)
