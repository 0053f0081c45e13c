"""A realistic redraft, end to end: Draft 1 and Draft 2 of Roles & Responsibilities
(tests/consultations/text/data), split, keys inherited, feedback anchored on Draft 1
placed on Draft 2."""

import itertools
from pathlib import Path

import pytest

from convene.consultations.text import (
    Inheritance,
    Placer,
    anchor_for_quote,
    inherit_keys,
    split_text,
)

DATA = Path(__file__).parent / "data"


def _drafts() -> tuple[list[tuple[str, str]], list[str], Inheritance]:
    first = split_text((DATA / "roles_draft1.md").read_text(encoding="utf-8"), "markdown")
    second = split_text((DATA / "roles_draft2.md").read_text(encoding="utf-8"), "markdown")
    old = [(f"p{index}", block.text) for index, block in enumerate(first, start=1)]
    numbers = itertools.count(len(old) + 1)
    new = [block.text for block in second]
    return old, new, inherit_keys(old, new, lambda: f"p{next(numbers)}")


def test_redraft_paragraph_keys() -> None:
    _old, _new, result = _drafts()

    assert list(zip(result.keys, result.change, strict=True)) == [
        ("p1", "same"),  # # Roles & Responsibilities
        ("p2", "same"),  # ## Purpose
        ("p3", "same"),  # re-wrapped only
        ("p4", "same"),  # ## Hubs
        ("p5", "edited"),  # "yearly" -> "every year"
        ("p6", "edited"),  # its first sentence; the second was rewritten as...
        ("p15", "new"),  # ...a paragraph of its own
        ("p7", "same"),  # ## The Global Council
        ("p9", "same"),  # the two paragraphs swapped places
        ("p8", "same"),
        ("p10", "same"),  # ## Affiliates
        ("p12", "edited"),  # the list merged into the paragraph above, the larger part
        ("p16", "new"),  # ## Resource distribution
        ("p17", "new"),
    ]
    assert result.removed == ["p11", "p13", "p14"]
    assert result.merged_into == {"p11": "p12"}
    assert result.split_from == {}


@pytest.mark.parametrize(
    ("home", "quote", "expected", "found"),
    [
        ("p5", "reports yearly to the Global Council", ("fuzzy", "p5"), "reports every year"),
        ("p6", "Non-affiliated groups may join a hub", ("exact", "p15"), "Non-affiliated"),
        ("p6", "as observers until they are recognised", ("paragraph", "p6"), None),
        ("p8", "approves the movement's strategy", ("exact", "p8"), "approves"),
        ("p12", "Chapters work in a country", ("exact", "p12"), "Chapters work"),
        ("p12", "User groups are open and informal", ("fuzzy", "p12"), "user groups are open"),
        ("p11", "recognised by the Affiliations Committee", ("exact", "p12"), "recognised"),
        ("p14", "reviewed every three years", ("orphaned", None), None),
    ],
)
def test_redraft_feedback_placed(
    home: str, quote: str, expected: tuple[str, str | None], found: str | None
) -> None:
    old, new, result = _drafts()
    anchor = anchor_for_quote(dict(old)[home], quote)
    assert anchor is not None
    placer = Placer(list(zip(result.keys, new, strict=True)))

    placement = placer.place(
        quote=anchor.quote,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        home=result.merged_into.get(home, home),
    )

    assert (placement.state, placement.key) == expected
    if found is None:
        assert placement.start is None
    else:
        assert placement.start is not None
        text = new[result.keys.index(expected[1])]  # type: ignore[arg-type]
        assert text[placement.start :].startswith(found)
