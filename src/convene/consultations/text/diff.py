"""Word-level diff of two versions of a paragraph, for showing what changed."""

import re
from difflib import SequenceMatcher
from typing import Final, Literal

DiffOp = Literal["same", "del", "ins"]

# Words, runs of whitespace, and each other character on its own: joining the tokens
# gives the text back, so the "same" and "del" parts rebuild the old text and the "same"
# and "ins" parts the new one.
_TOKEN: Final = re.compile(r"\w+|\s+|[^\w\s]")


def diff_words(old: str, new: str) -> list[tuple[DiffOp, str]]:
    """Runs of unchanged, deleted and inserted text, in order; within a change the
    deletion comes before the insertion. A lone space between two changes is folded
    into them, so that "shall coordinate" -> "must lead" reads as one replacement."""
    old_tokens = _TOKEN.findall(old)
    new_tokens = _TOKEN.findall(new)
    opcodes = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes()
    runs: list[tuple[DiffOp, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            runs.append(("del", "".join(deleted)))
        if inserted:
            runs.append(("ins", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, (tag, old_start, old_end, new_start, new_end) in enumerate(opcodes):
        if tag != "equal":
            deleted.extend(old_tokens[old_start:old_end])
            inserted.extend(new_tokens[new_start:new_end])
            continue
        same = "".join(old_tokens[old_start:old_end])
        between_changes = (deleted or inserted) and index + 1 < len(opcodes)
        if between_changes and not same.strip():
            deleted.append(same)
            inserted.append(same)
            continue
        flush()
        runs.append(("same", same))
    flush()
    return runs
