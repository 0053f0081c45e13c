"""Hypothesis strategies for the text engine: drafts of paragraphs and random redrafts.

A draft is a list of paragraphs of words from a small vocabulary (so phrases repeat, the
hard case for telling paragraphs and occurrences apart). A redraft applies random edits:
paragraphs inserted, deleted, replaced, moved, split and merged, words inserted,
deleted and replaced.
"""

from hypothesis import strategies as st

VOCABULARY = [
    "hub", "hubs", "council", "the", "of", "and", "region", "charter", "affiliate", "shall",
    "may", "report", "year", "value", "open", "group", "a", "communities", "global",
]  # fmt: skip

word = st.sampled_from(VOCABULARY)
paragraph = st.lists(word, min_size=1, max_size=14)
draft = st.lists(paragraph, min_size=1, max_size=8)

# (operation, position, another position, words): positions are taken modulo the length.
edit = st.tuples(
    st.sampled_from(
        [
            "insert_paragraph",
            "delete_paragraph",
            "replace_paragraph",
            "move_paragraph",
            "split_paragraph",
            "merge_paragraphs",
            "insert_word",
            "delete_word",
            "replace_word",
        ]
    ),
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=0, max_value=1000),
    paragraph,
)


def apply(paragraphs: list[list[str]], edits: list[tuple[str, int, int, list[str]]]) -> None:
    for operation, first, second, words in edits:
        if operation == "insert_paragraph" or not paragraphs:
            paragraphs.insert(first % (len(paragraphs) + 1), words)
            continue
        at = first % len(paragraphs)
        target = paragraphs[at]
        if operation == "delete_paragraph":
            del paragraphs[at]
        elif operation == "replace_paragraph":
            paragraphs[at] = words
        elif operation == "move_paragraph":
            paragraphs.insert(second % len(paragraphs), paragraphs.pop(at))
        elif operation == "split_paragraph" and len(target) > 1:
            cut = 1 + second % (len(target) - 1)
            paragraphs[at : at + 1] = [target[:cut], target[cut:]]
        elif operation == "merge_paragraphs" and at + 1 < len(paragraphs):
            paragraphs[at : at + 2] = [target + paragraphs[at + 1]]
        elif operation == "insert_word":
            target.insert(second % (len(target) + 1), words[0])
        elif operation == "delete_word" and len(target) > 1:
            del target[second % len(target)]
        elif operation == "replace_word":
            target[second % len(target)] = words[0]


def render(paragraphs: list[list[str]], wraps: int) -> str:
    """Markdown; every ``wraps``-th word boundary is a line break inside the paragraph."""
    rendered = []
    for words in paragraphs:
        text = ""
        for index, each in enumerate(words):
            if index:
                text += "\n" if wraps and index % wraps == 0 else " "
            text += each
        rendered.append(text)
    return "\n\n".join(rendered)
