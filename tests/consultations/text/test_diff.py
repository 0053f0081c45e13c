"""diff_words: a paragraph's change, word by word."""

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from convene.consultations.text import diff_words


def test_diff_words_replacement_reads_as_one_change() -> None:
    runs = diff_words(
        "The hub shall coordinate regional activity.",
        "The hub must lead regional activity.",
    )

    assert runs == [
        ("same", "The hub "),
        ("del", "shall coordinate "),
        ("ins", "must lead "),
        ("same", "regional activity."),
    ]


def test_diff_words_whitespace_change_keeps_the_words() -> None:
    assert diff_words("a\nb  c", "a b c") == [
        ("same", "a"),
        ("del", "\n"),
        ("ins", " "),
        ("same", "b"),
        ("del", "  "),
        ("ins", " "),
        ("same", "c"),
    ]


def test_diff_words_long_repetitive_paragraphs_rebuild_the_old_text() -> None:
    old = " ".join(f"w{index % 97}" for index in range(3000))
    new = " ".join(f"w{index % 89}" for index in range(3000))

    runs = diff_words(old, new)

    assert "".join(text for op, text in runs if op != "ins") == old


def test_diff_words_insertion_and_deletion() -> None:
    assert diff_words("a b c", "a x b") == [
        ("same", "a "),
        ("ins", "x "),
        ("same", "b"),
        ("del", " c"),
    ]


def test_diff_words_punctuation_is_its_own_token() -> None:
    assert diff_words("Yes.", "Yes!") == [("same", "Yes"), ("del", "."), ("ins", "!")]


def test_diff_words_identical_and_empty() -> None:
    assert diff_words("same text", "same text") == [("same", "same text")]
    assert diff_words("", "") == []
    assert diff_words("", "new") == [("ins", "new")]
    assert diff_words("old", "") == [("del", "old")]


_TEXT = st.lists(
    st.sampled_from(["hub", "council", "the", " ", "  ", "\n", ".", ",", "é", "région"]),
    max_size=30,
).map("".join)


@given(_TEXT, _TEXT)
def test_diff_words_rebuilds_both_texts(old: str, new: str) -> None:
    runs = diff_words(old, new)

    assert "".join(text for op, text in runs if op != "ins") == old
    assert "".join(text for op, text in runs if op != "del") == new
    assert all(text for _op, text in runs)
    assert all(first[0] != second[0] for first, second in pairwise(runs))
