"""Anchors and the Placer: where a quoted passage sits in a later version."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from convene.consultations.text import Anchor, Placement, Placer, anchor_for_quote, make_anchor
from convene.consultations.text.plain import plain

HUB = "The hub shall coordinate regional activity and report yearly to the global council."
OTHER = "Affiliates may form hubs by agreement among themselves in a region or a theme."


def test_make_anchor_keeps_context_either_side() -> None:
    paragraph = "x" * 40 + "QUOTE" + "y" * 40

    anchor = make_anchor(paragraph, 40, 45)

    assert anchor == Anchor(quote="QUOTE", prefix="x" * 32, suffix="y" * 32, start=40)


def test_make_anchor_short_context_at_the_edges() -> None:
    assert make_anchor("ab cd", 0, 2) == Anchor("ab", "", " cd", 0)


def test_make_anchor_leaves_surrounding_whitespace_out() -> None:
    anchor = make_anchor("one  two three", 3, 9)

    assert anchor == Anchor("two", "one  ", " three", 5)


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 3), (4, 2), (0, 99), (3, 5)])
def test_make_anchor_bad_range_is_a_value_error(start: int, end: int) -> None:
    with pytest.raises(ValueError, match=r"range|empty"):
        make_anchor("one  two", start, end)


def test_anchor_for_quote_matches_whitespace_normalised() -> None:
    paragraph = "We, the members\nof the  movement, agree."

    anchor = anchor_for_quote(paragraph, "members of the movement")

    assert anchor == Anchor("members\nof the  movement", "We, the ", ", agree.", 8)


def test_anchor_for_quote_first_occurrence() -> None:
    anchor = anchor_for_quote("a b a b", "a b")

    assert anchor is not None
    assert anchor.start == 0


@pytest.mark.parametrize(
    ("paragraph", "selected", "quote"),
    [
        (
            "'''Hubs''' are [[Regional hub|regional groups]] of affiliates.",
            "Hubs are regional groups",
            "'''Hubs''' are [[Regional hub|regional groups]]",
        ),
        (
            "**Hubs** are [regional groups](https://example.org) of *affiliates*.",
            "regional groups of affiliates",
            "[regional groups](https://example.org) of *affiliates*",
        ),
        (
            "See [https://example.org the site] now.",
            "the site now",
            "[https://example.org the site] now",
        ),
        ("* One with ''stress''\n* Two", "stress Two", "''stress''\n* Two"),
        (
            "Fish &amp; chips{{efn|x}}<ref>Note</ref>.",
            "Fish & chips.",
            "Fish &amp; chips{{efn|x}}<ref>Note</ref>.",
        ),
        (
            'A <span class="x">marked</span> word',
            "A marked word",
            'A <span class="x">marked</span> word',
        ),
        ("snake_case and __init__ stay", "snake_case and", "snake_case and"),
    ],
)
def test_anchor_for_quote_finds_a_rendered_selection_in_the_source(
    paragraph: str, selected: str, quote: str
) -> None:
    anchor = anchor_for_quote(paragraph, selected)

    assert anchor is not None
    assert anchor.quote == quote
    assert paragraph[anchor.start : anchor.start + len(quote)] == quote


def test_anchor_for_quote_source_text_wins_over_rendered() -> None:
    anchor = anchor_for_quote("''x'' and x", "x")

    assert anchor == Anchor("x", "''", "'' and x", 2)


@pytest.mark.parametrize("quote", ["absent", "", "   "])
def test_anchor_for_quote_absent_is_none(quote: str) -> None:
    assert anchor_for_quote(HUB, quote) is None


def _place(placer: Placer, anchor: Anchor, home: str | None) -> Placement:
    return placer.place(quote=anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix, home=home)


def test_placer_exact_in_home_gives_offset_in_the_source_text() -> None:
    anchor = make_anchor(HUB, HUB.index("regional"), HUB.index(" and"))
    rewrapped = "Now: the hub shall coordinate\nregional   activity and more."

    placement = _place(Placer([("o", OTHER), ("h", rewrapped)]), anchor, "h")

    assert placement == Placement("exact", "h", rewrapped.index("regional"))


def test_placer_exact_across_rewrapped_whitespace() -> None:
    anchor = make_anchor(HUB, HUB.index("coordinate"), HUB.index(" and"))

    placement = Placer([("h", "coordinate\n  regional activity")]).place(
        quote=anchor.quote, home="h"
    )

    assert placement == Placement("exact", "h", 0)


def test_placer_exact_elsewhere_when_moved_out_of_its_paragraph() -> None:
    first, second = HUB.split(" and ")
    anchor = make_anchor(HUB, HUB.index("report"), len(HUB))

    placement = _place(Placer([("h", first + "."), ("new", "And " + second)]), anchor, "h")

    assert placement == Placement("exact", "new", 4)


def test_placer_exact_in_home_wins_over_an_earlier_block() -> None:
    placer = Placer([("a", "same words here"), ("b", "x"), ("h", "and same words here")])

    assert placer.place(quote="same words", home="h") == Placement("exact", "h", 4)


def test_placer_exact_nearest_home_wins() -> None:
    blocks = [("a", "the quote"), ("h", "home"), ("b", "x"), ("c", "x"), ("d", "the quote")]

    placement = Placer(blocks).place(quote="the quote", home="h")

    assert placement == Placement("exact", "a", 0)


def test_placer_exact_prefix_and_suffix_decide_between_equals() -> None:
    blocks = [
        ("a", "Before one: the quote, after one."),
        ("h", "home"),
        ("b", "Before two: the quote, after two."),
    ]
    anchor = make_anchor(blocks[2][1], 12, 21)

    assert _place(Placer(blocks), anchor, "h") == Placement("exact", "b", 12)
    assert _place(Placer(blocks), anchor, None) == Placement("exact", "b", 12)


def test_placer_exact_prefix_decides_within_one_paragraph() -> None:
    text = "In region A the hub decides. In region B the hub decides."
    anchor = make_anchor(text, text.rindex("the hub"), text.rindex(" decides"))

    placement = _place(Placer([("h", text)]), anchor, "h")

    assert placement == Placement("exact", "h", text.rindex("the hub"))


def test_placer_fuzzy_in_home_when_a_word_changed() -> None:
    anchor = make_anchor(HUB, HUB.index("coordinate"), HUB.index(" to the"))
    edited = HUB.replace("regional", "national")

    placement = _place(Placer([("o", OTHER), ("h", edited)]), anchor, "h")

    assert placement == Placement("fuzzy", "h", HUB.index("coordinate"))


def test_placer_fuzzy_first_word_changed_starts_at_its_replacement() -> None:
    edited = HUB.replace("coordinate", "lead")

    placement = Placer([("h", edited)]).place(
        quote="coordinate regional activity and report yearly", home="h"
    )

    assert placement == Placement("fuzzy", "h", edited.index("lead"))


def test_placer_fuzzy_with_a_word_inserted() -> None:
    edited = HUB.replace("regional activity", "regional and thematic activity")

    placement = Placer([("h", edited)]).place(
        quote="shall coordinate regional activity and report yearly", home="h"
    )

    assert placement == Placement("fuzzy", "h", edited.index("shall"))


def test_placer_fuzzy_anywhere_when_moved_and_edited() -> None:
    moved = "Elsewhere: the hub must coordinate regional activity and report yearly."

    placement = Placer([("h", OTHER), ("x", moved)]).place(
        quote="The hub shall coordinate regional activity and report yearly", home="h"
    )

    assert placement == Placement("fuzzy", "x", moved.index("the hub"))


def test_placer_too_many_words_changed_is_not_fuzzy() -> None:
    placement = Placer([("h", HUB)]).place(
        quote="The body may direct national work and report daily", home="h"
    )

    assert placement == Placement("paragraph", "h", None)


def test_placer_short_quote_changed_is_not_fuzzy() -> None:
    placement = Placer([("h", HUB)]).place(quote="global committee", home="h")

    assert placement == Placement("paragraph", "h", None)


def test_placer_quote_gone_and_paragraph_gone_is_orphaned() -> None:
    placement = Placer([("o", OTHER)]).place(quote="report yearly to the council", home="h")

    assert placement == Placement("orphaned", None, None)


@pytest.mark.parametrize("quote", [None, "", "  "])
def test_placer_no_quote_sits_on_its_paragraph_or_is_orphaned(quote: str | None) -> None:
    placer = Placer([("h", HUB)])

    assert placer.place(quote=quote, home="h") == Placement("paragraph", "h", None)
    assert placer.place(quote=quote, home="gone") == Placement("orphaned", None, None)
    assert placer.place(quote=quote, home=None) == Placement("orphaned", None, None)


def test_placer_quote_never_spans_two_blocks() -> None:
    placement = Placer([("a", "end of one"), ("b", "start of two")]).place(
        quote="one start", home=None
    )

    assert placement == Placement("orphaned", None, None)


def test_placer_empty_version() -> None:
    assert Placer([]).place(quote="x y z", home="h") == Placement("orphaned", None, None)


_MARKED = st.lists(
    st.sampled_from(
        ["hub", "council", " ", "\n", "'''", "''", "**", "*", "_", "[[", "]]", "|", "[", "]",
         "(https://x.org)", "{{t|a}}", "<b>", "</b>", "&amp;", "<ref>n</ref>", "# ", ": ", "=="]
    ),
    max_size=25,
).map("".join)  # fmt: skip


@given(_MARKED, st.data())
def test_anchor_for_quote_any_rendered_passage_maps_into_the_source(
    paragraph: str, data: st.DataObject
) -> None:
    rendered = plain(paragraph).text
    assume(rendered.strip())
    start = data.draw(st.integers(0, len(rendered) - 1))
    end = data.draw(st.integers(start + 1, len(rendered)))
    assume(rendered[start:end].strip())

    anchor = anchor_for_quote(paragraph, rendered[start:end])

    assert anchor is not None
    assert paragraph[anchor.start : anchor.start + len(anchor.quote)] == anchor.quote
    assert anchor.quote == anchor.quote.strip()
