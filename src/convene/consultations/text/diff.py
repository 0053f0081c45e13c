"""Word-level diff of two versions of a paragraph, for showing what changed."""

import re
from difflib import SequenceMatcher
from typing import Final, Literal

DiffOp = Literal["same", "del", "ins"]

# A word (or one other character) with the whitespace after it; leading whitespace is a
# token with no word. Words are matched without their whitespace: matching whitespace
# tokens too makes the diff quadratic (the space is in every other position) and pairs
# unrelated words around it.
_TOKEN: Final = re.compile(r"(\w+|[^\w\s])?(\s*)")


def _tokens(text: str) -> list[tuple[str, str]]:
    return [
        (match.group(1) or "", match.group(2)) for match in _TOKEN.finditer(text) if match.group()
    ]


def diff_words(old: str, new: str) -> list[tuple[DiffOp, str]]:
    """Runs of unchanged, deleted and inserted text, in order; within a change the
    deletion comes before the insertion. The "same" and "del" runs rebuild ``old``, the
    "same" and "ins" runs rebuild ``new``: a word kept with other whitespace after it
    (a line break become a space) is the same word, its whitespace deleted and inserted."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    runs: list[tuple[DiffOp, str]] = []

    def add(op: DiffOp, text: str) -> None:
        if not text:
            return
        if runs and runs[-1][0] == op:
            runs[-1] = (op, runs[-1][1] + text)
        elif op == "del" and runs and runs[-1][0] == "ins":
            # Keep "deletion before insertion" when whitespace changes sit side by side.
            inserted = runs.pop()
            add("del", text)
            runs.append(inserted)
        else:
            runs.append((op, text))

    matcher = SequenceMatcher(
        None,
        [word for word, _space in old_tokens],
        [word for word, _space in new_tokens],
        autojunk=False,
    )
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag != "equal":
            add("del", "".join(word + space for word, space in old_tokens[old_start:old_end]))
            add("ins", "".join(word + space for word, space in new_tokens[new_start:new_end]))
            continue
        pairs = zip(old_tokens[old_start:old_end], new_tokens[new_start:new_end], strict=True)
        for (word, old_space), (_word, new_space) in pairs:
            add("same", word)
            if old_space == new_space:
                add("same", old_space)
            else:
                add("del", old_space)
                add("ins", new_space)
    return runs
