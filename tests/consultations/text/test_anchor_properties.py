"""Random redrafts of a text: a quote that survives verbatim is always found exactly.

A draft is a list of paragraphs of words from a small vocabulary (so phrases repeat, the
hard case for choosing between occurrences). Items are anchored on random passages, some
cut mid-word. A redraft applies random edits: paragraphs inserted, deleted, replaced,
moved, split and merged, words inserted, deleted and replaced. The new version goes
through the real pipeline (split_text, inherit_keys, Placer) and every item is placed.
"""

from dataclasses import dataclass

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from convene.consultations.text import (
    Anchor,
    Placer,
    inherit_keys,
    make_anchor,
    split_text,
)
from convene.consultations.text.normalise import collapse

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


@dataclass(frozen=True)
class Item:
    home: str
    anchor: Anchor


@st.composite
def items_on(draw: st.DrawFn, blocks: list[tuple[str, str]]) -> list[Item]:
    items = []
    for key, text in blocks:
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            start = draw(st.integers(min_value=0, max_value=len(text) - 1))
            end = draw(st.integers(min_value=start + 1, max_value=len(text)))
            if text[start:end].strip():
                items.append(Item(key, make_anchor(text, start, end)))
    return items


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=draft,
    edits=st.lists(edit, max_size=8),
    wraps=st.integers(min_value=0, max_value=5),
    data=st.data(),
)
def test_placer_quote_surviving_verbatim_is_exact_where_it_is(
    before: list[list[str]],
    edits: list[tuple[str, int, int, list[str]]],
    wraps: int,
    data: st.DataObject,
) -> None:
    old_texts = [block.text for block in split_text(render(before, wraps), "markdown")]
    old = [(f"old{index}", text) for index, text in enumerate(old_texts)]
    items = data.draw(items_on(old))
    after = [words[:] for words in before]
    apply(after, edits)
    new_texts = [block.text for block in split_text(render(after, wraps), "markdown")]
    numbers = iter(range(1000))
    inheritance = inherit_keys(old, new_texts, lambda: f"new{next(numbers)}")
    new = list(zip(inheritance.keys, new_texts, strict=True))
    placer = Placer(new)

    for item in items:
        home = inheritance.merged_into.get(item.home, item.home)
        placement = placer.place(
            quote=item.anchor.quote,
            prefix=item.anchor.prefix,
            suffix=item.anchor.suffix,
            home=home,
        )

        event(f"{placement.state}{' at home' if placement.key == home else ''}")
        # Whitespace aside (a line may be wrapped differently), as the Placer compares.
        quote = collapse(item.anchor.quote)
        holders = {key for key, text in new if quote in collapse(text)}
        if holders:
            assert placement.state == "exact", (item, new, placement)
            assert placement.key in holders
        if placement.state in {"exact", "fuzzy"}:
            assert placement.start is not None
            text = dict(new)[placement.key]  # type: ignore[index]
            if placement.state == "exact":
                assert collapse(text[placement.start :]).startswith(quote)
        elif placement.state == "paragraph":
            assert placement.key == home
            assert home in inheritance.keys
        else:
            assert home not in inheritance.keys
        if placement.state == "exact" and home in holders:
            assert placement.key == home  # its own paragraph wins
