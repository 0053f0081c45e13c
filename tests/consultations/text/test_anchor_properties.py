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

from .strategies import apply, draft, edit, render


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
