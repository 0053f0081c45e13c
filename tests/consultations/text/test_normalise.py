"""Whitespace normalisation keeps a map back to the source text."""

from hypothesis import given
from hypothesis import strategies as st

from convene.consultations.text.normalise import collapse, normalise, words


@given(st.text(alphabet=st.sampled_from(list("ab é\t\n\u00a0\u2003x")), max_size=40))
def test_normalise_is_collapse_with_offsets_into_the_source(source: str) -> None:
    normal = normalise(source)

    assert normal.text == collapse(source)
    assert len(normal.offsets) == len(normal.text) + 1
    for index, char in enumerate(normal.text):
        if char == " ":
            assert source[normal.offsets[index]].isspace()
        else:
            assert source[normal.offsets[index]] == char
    assert normal.offsets == sorted(normal.offsets)


def test_normalise_examples() -> None:
    normal = normalise("  a \n b ")

    assert (normal.text, normal.offsets) == ("a b", [2, 5, 6, 7])


def test_words_casefolds_and_drops_markup() -> None:
    assert words("'''Straße''' [[Hubs|hub]]s, 2022!") == ["strasse", "hubs", "hub", "s", "2022"]
