"""inherit_keys: which paragraph of a new version continues which of the previous one."""

import itertools
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from convene.consultations.text import Inheritance, inherit_keys

from .strategies import apply, draft, edit

HUB = "The hub shall coordinate regional activity and report yearly to the global council."
AFFILIATES = "Affiliates may form hubs by agreement among themselves in a region or a theme."
COUNCIL = (
    "The council approves the budgets of the movement each year after an open review. "
    "It also reviews every hub once a year and publishes that review for everyone to read."
)
SHORT = "Short paragraph."

OLD = [("hub", HUB), ("aff", AFFILIATES), ("council", COUNCIL), ("short", SHORT)]


def counter() -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"new{next(numbers)}"


def test_inherit_keys_same_text_keeps_every_key() -> None:
    result = inherit_keys(OLD, [text for _key, text in OLD], counter())

    assert result == Inheritance(
        keys=["hub", "aff", "council", "short"],
        change=["same"] * 4,
        removed=[],
        merged_into={},
        split_from={},
    )


def test_inherit_keys_whitespace_only_change_is_same() -> None:
    result = inherit_keys([("a", "One  line\nwrapped.")], ["One line wrapped. "], counter())

    assert (result.keys, result.change) == (["a"], ["same"])


def test_inherit_keys_edited_paragraph_keeps_its_key() -> None:
    edited = HUB.replace("yearly", "every year").replace("global ", "")

    result = inherit_keys(OLD, [edited, AFFILIATES, COUNCIL, SHORT], counter())

    assert result.keys == ["hub", "aff", "council", "short"]
    assert result.change == ["edited", "same", "same", "same"]


def test_inherit_keys_moved_paragraph_keeps_its_key_and_is_same() -> None:
    result = inherit_keys(OLD, [SHORT, COUNCIL, HUB, AFFILIATES], counter())

    assert result.keys == ["short", "council", "hub", "aff"]
    assert result.change == ["same"] * 4
    assert result.removed == []


def test_inherit_keys_moved_and_edited_keeps_its_key() -> None:
    edited = AFFILIATES.replace("a theme", "a shared theme")

    result = inherit_keys(OLD, [edited, HUB, COUNCIL, SHORT], counter())

    assert result.keys == ["aff", "hub", "council", "short"]
    assert result.change == ["edited", "same", "same", "same"]


def test_inherit_keys_new_and_removed() -> None:
    fresh = "A completely different sentence about ambassadors."

    result = inherit_keys(OLD, [HUB, fresh, COUNCIL], counter())

    assert result.keys == ["hub", "new1", "council"]
    assert result.change == ["same", "new", "same"]
    assert result.removed == ["aff", "short"]
    assert result.merged_into == {}
    assert result.split_from == {}


def test_inherit_keys_rewritten_paragraph_is_new() -> None:
    rewritten = "Regional bodies will be formed where volunteers ask for them."

    result = inherit_keys([("hub", HUB)], [rewritten], counter())

    assert (result.keys, result.change, result.removed) == (["new1"], ["new"], ["hub"])


def test_inherit_keys_split_larger_part_keeps_the_key() -> None:
    first, second = COUNCIL.split(". ", 1)

    result = inherit_keys(OLD, [HUB, AFFILIATES, first + ".", second, SHORT], counter())

    # The second sentence carries more of the old text.
    assert result.keys == ["hub", "aff", "new1", "council", "short"]
    assert result.change == ["same", "same", "new", "edited", "same"]
    assert result.split_from == {2: "council"}
    assert result.removed == []


def test_inherit_keys_split_in_three_keeps_the_key_on_the_largest_part() -> None:
    old = [("p", "alpha beta gamma. delta epsilon zeta eta theta iota. kappa lambda mu.")]
    new = ["alpha beta gamma.", "delta epsilon zeta eta theta iota.", "kappa lambda mu."]

    result = inherit_keys(old, new, counter())

    assert result.keys == ["new1", "p", "new2"]
    assert result.split_from == {0: "p", 2: "p"}


def test_inherit_keys_merge_keeps_one_key_and_removes_the_other() -> None:
    merged = HUB + " " + AFFILIATES

    result = inherit_keys(OLD, [merged, COUNCIL, SHORT], counter())

    assert result.keys[1:] == ["council", "short"]
    assert result.keys[0] in {"hub", "aff"}
    other = "aff" if result.keys[0] == "hub" else "hub"
    assert result.change == ["edited", "same", "same"]
    assert result.removed == [other]
    assert result.merged_into == {other: result.keys[0]}


def test_inherit_keys_merge_the_larger_contribution_gives_the_key() -> None:
    merged = COUNCIL + " " + SHORT

    result = inherit_keys(OLD, [HUB, AFFILIATES, merged], counter())

    assert result.keys == ["hub", "aff", "council"]
    assert result.merged_into == {"short": "council"}
    assert result.removed == ["short"]


def test_inherit_keys_duplicates_follow_the_longest_run_kept_in_order() -> None:
    old = [("a", "Yes."), ("b", "Middle text."), ("c", "Yes.")]

    result = inherit_keys(old, ["Yes.", "Yes.", "Middle text."], counter())

    # "Yes. / Middle text." stayed together, so the first "Yes." is the one that moved.
    assert result.keys == ["c", "a", "b"]
    assert result.change == ["same", "same", "same"]


def test_inherit_keys_heading_renamed_a_little_keeps_its_key() -> None:
    old = [("h", "== Roles ==")]

    result = inherit_keys(old, ["== Roles and responsibilities =="], counter())

    assert (result.keys, result.change) == (["h"], ["edited"])


def test_inherit_keys_short_quote_of_a_long_paragraph_does_not_take_its_key() -> None:
    quote = "It also reviews every hub."

    result = inherit_keys([("council", COUNCIL)], [quote], counter())

    assert result.keys == ["new1"]
    assert result.removed == ["council"]


def test_inherit_keys_empty_sides() -> None:
    assert inherit_keys([], ["A.", "B."], counter()).keys == ["new1", "new2"]
    result = inherit_keys(OLD, [], counter())
    assert (result.keys, result.removed) == ([], ["hub", "aff", "council", "short"])


def test_inherit_keys_blocks_without_words_match_only_exactly() -> None:
    result = inherit_keys([("rule", "* * *"), ("dash", "—")], ["—", "- - -"], counter())

    assert result.keys == ["dash", "new1"]
    assert result.removed == ["rule"]


def test_inherit_keys_new_key_called_in_order_once_per_new_block() -> None:
    calls: list[str] = []

    def new_key() -> str:
        calls.append(f"k{len(calls)}")
        return calls[-1]

    result = inherit_keys([("a", HUB)], ["First new thing.", HUB, "Second new thing."], new_key)

    assert result.keys == ["k0", "a", "k1"]
    assert calls == ["k0", "k1"]


_SENTENCES = st.lists(
    st.text(alphabet="abcdefgh ", min_size=1, max_size=40).filter(str.strip),
    min_size=1,
    max_size=12,
    unique_by=lambda text: " ".join(text.split()),
)


@given(_SENTENCES, st.randoms(use_true_random=False))
def test_inherit_keys_any_permutation_keeps_every_key(texts: list[str], rng: object) -> None:
    old = [(f"k{index}", text) for index, text in enumerate(texts)]
    shuffled = old[:]
    rng.shuffle(shuffled)  # type: ignore[attr-defined]

    result = inherit_keys(old, [text for _key, text in shuffled], counter())

    assert result.keys == [key for key, _text in shuffled]
    assert result.change == ["same"] * len(old)
    assert result.removed == []


@given(_SENTENCES, _SENTENCES)
def test_inherit_keys_every_old_key_is_carried_once_or_removed(
    before: list[str], after: list[str]
) -> None:
    old = [(f"k{index}", text) for index, text in enumerate(before)]

    result = inherit_keys(old, after, counter())

    carried = [key for key in result.keys if not key.startswith("new")]
    assert len(carried) == len(set(carried))
    assert sorted(carried + result.removed) == sorted(key for key, _text in old)
    assert set(result.merged_into) <= set(result.removed)
    assert set(result.merged_into.values()) <= set(result.keys)
    assert all(result.keys[index].startswith("new") for index in result.split_from)
    assert set(result.split_from.values()) <= set(carried)
    assert len(result.change) == len(after)


@settings(max_examples=200, deadline=None)
@given(before=draft, edits=st.lists(edit, max_size=8))
def test_inherit_keys_redraft_keeps_the_key_of_every_unique_unchanged_paragraph(
    before: list[list[str]], edits: list[tuple[str, int, int, list[str]]]
) -> None:
    old_texts = [" ".join(words) for words in before]
    old = [(f"old{index}", text) for index, text in enumerate(old_texts)]
    after = [words[:] for words in before]
    apply(after, edits)
    new_texts = [" ".join(words) for words in after]

    result = inherit_keys(old, new_texts, counter())

    for key, text in old:
        if old_texts.count(text) == 1 and new_texts.count(text) == 1:
            index = new_texts.index(text)
            assert (result.keys[index], result.change[index]) == (key, "same")
    for index, change in enumerate(result.change):
        assert (change == "new") == result.keys[index].startswith("new")


def _distinct_draft(sizes: list[int]) -> list[tuple[str, str]]:
    return [
        (f"k{index}", " ".join(f"w{index}x{word}" for word in range(size)))
        for index, size in enumerate(sizes)
    ]


_SIZES = st.lists(st.integers(min_value=2, max_value=30), min_size=1, max_size=8)


@given(_SIZES, st.data())
def test_inherit_keys_split_the_larger_part_keeps_the_key(
    sizes: list[int], data: st.DataObject
) -> None:
    old = _distinct_draft(sizes)
    at = data.draw(st.integers(0, len(old) - 1))
    words = old[at][1].split()
    cut = data.draw(st.integers(1, len(words) - 1))
    first, second = " ".join(words[:cut]), " ".join(words[cut:])
    new = [text for _key, text in old[:at]] + [first, second] + [t for _k, t in old[at + 1 :]]

    result = inherit_keys(old, new, counter())

    keeper, other = (at, at + 1) if cut > len(words) - cut else (at + 1, at)
    if cut * 2 == len(words):  # equal halves: either may keep it
        keeper, other = (at, at + 1) if result.keys[at] == old[at][0] else (at + 1, at)
    assert result.keys[keeper] == old[at][0]
    assert result.split_from == {other: old[at][0]}
    assert result.removed == []


@given(_SIZES.filter(lambda sizes: len(sizes) > 1), st.data())
def test_inherit_keys_merge_the_larger_part_gives_the_key(
    sizes: list[int], data: st.DataObject
) -> None:
    old = _distinct_draft(sizes)
    at = data.draw(st.integers(0, len(old) - 2))
    merged = old[at][1] + " " + old[at + 1][1]
    new = [text for _key, text in old[:at]] + [merged] + [t for _k, t in old[at + 2 :]]

    result = inherit_keys(old, new, counter())

    larger, smaller = (at, at + 1) if sizes[at] >= sizes[at + 1] else (at + 1, at)
    if sizes[at] == sizes[at + 1]:  # equal parts: either may give it
        larger, smaller = (at, at + 1) if result.keys[at] == old[at][0] else (at + 1, at)
    assert result.keys[at] == old[larger][0]
    assert result.removed == [old[smaller][0]]
    assert result.merged_into == {old[smaller][0]: old[larger][0]}
