"""split_text: a version's text as blocks, in Markdown and wikitext."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convene.consultations.text import Block, TextError, split_text


def test_split_text_empty_is_no_blocks() -> None:
    assert split_text("", "markdown") == []
    assert split_text("\n  \n\n", "wikitext") == []


def test_split_text_markdown_headings_and_paragraphs() -> None:
    text = "# Preamble\n\nWe, the members\nof the movement.\n\n## Values\nWe value openness.\n"

    blocks = split_text(text, "markdown")

    assert blocks == [
        Block("heading", "# Preamble", 1),
        Block("paragraph", "We, the members\nof the movement."),
        Block("heading", "## Values", 2),
        Block("paragraph", "We value openness."),
    ]


def test_split_text_markdown_setext_heading() -> None:
    blocks = split_text("Roles\n=====\n\nHubs\n----\nText.", "markdown")

    assert blocks == [
        Block("heading", "Roles\n=====", 1),
        Block("heading", "Hubs\n----", 2),
        Block("paragraph", "Text."),
    ]


def test_split_text_markdown_list_is_one_block_across_blank_lines() -> None:
    text = "Intro:\n- one\n- two\n  continued\n\n- three\n\nAfter."

    blocks = split_text(text, "markdown")

    assert blocks == [
        Block("paragraph", "Intro:"),
        Block("list", "- one\n- two\n  continued\n\n- three"),
        Block("paragraph", "After."),
    ]


def test_split_text_markdown_numbered_list() -> None:
    assert split_text("1. first\n2) second", "markdown") == [Block("list", "1. first\n2) second")]


def test_split_text_markdown_quote_with_lazy_line() -> None:
    blocks = split_text("> quoted\n> more\nlazy\n\n> another", "markdown")

    assert blocks == [Block("quote", "> quoted\n> more\nlazy"), Block("quote", "> another")]


def test_split_text_markdown_code_fence_keeps_blank_lines() -> None:
    text = "Before.\n```python\nx = 1\n\n# not a heading\n```\nAfter."

    blocks = split_text(text, "markdown")

    assert blocks == [
        Block("paragraph", "Before."),
        Block("code", "```python\nx = 1\n\n# not a heading\n```"),
        Block("paragraph", "After."),
    ]


def test_split_text_markdown_tilde_fence_needs_as_long_a_close() -> None:
    blocks = split_text("~~~~\n~~~\n~~~~", "markdown")

    assert blocks == [Block("code", "~~~~\n~~~\n~~~~")]


def test_split_text_markdown_table() -> None:
    text = "| Role | Who |\n|---|:--:|\n| Hub | Region |\n\nAfter."

    blocks = split_text(text, "markdown")

    assert blocks == [
        Block("table", "| Role | Who |\n|---|:--:|\n| Hub | Region |"),
        Block("paragraph", "After."),
    ]


def test_split_text_markdown_pipe_without_delimiter_is_a_paragraph() -> None:
    assert split_text("a | b", "markdown") == [Block("paragraph", "a | b")]


def test_split_text_markdown_thematic_break_separates() -> None:
    assert split_text("One.\n\n***\nTwo.", "markdown") == [
        Block("paragraph", "One."),
        Block("paragraph", "Two."),
    ]


def test_split_text_markdown_comment_over_blank_lines_stays_in_paragraph() -> None:
    blocks = split_text("Text <!-- a\n\nb --> end.\n\nNext.", "markdown")

    assert blocks == [Block("paragraph", "Text <!-- a\n\nb --> end."), Block("paragraph", "Next.")]


def test_split_text_crlf_line_endings() -> None:
    assert split_text("# A\r\n\r\nB\r\nC\r\n", "markdown") == [
        Block("heading", "# A", 1),
        Block("paragraph", "B\nC"),
    ]


def test_split_text_wikitext_headings_paragraphs_lists() -> None:
    text = "== Preamble ==\nWe agree.\nMore.\n* a\n** b\n# c\n: indented\n\n=== Sub ===\nEnd."

    blocks = split_text(text, "wikitext")

    assert blocks == [
        Block("heading", "== Preamble ==", 2),
        Block("paragraph", "We agree.\nMore."),
        Block("list", "* a\n** b\n# c\n: indented"),
        Block("heading", "=== Sub ===", 3),
        Block("paragraph", "End."),
    ]


def test_split_text_wikitext_heading_with_comment_and_uneven_equals() -> None:
    blocks = split_text("== Roles === <!-- x -->\n", "wikitext")

    assert blocks == [Block("heading", "== Roles === <!-- x -->", 2)]


def test_split_text_wikitext_nested_table_is_one_block() -> None:
    text = '{| class="wikitable"\n|-\n| a || b\n{|\n| nested\n|}\n\n|}\nAfter.'

    blocks = split_text(text, "wikitext")

    assert blocks == [
        Block("table", '{| class="wikitable"\n|-\n| a || b\n{|\n| nested\n|}\n\n|}'),
        Block("paragraph", "After."),
    ]


def test_split_text_wikitext_code_pre_and_leading_space() -> None:
    text = "<pre>\ncode\n\nmore\n</pre>\n pre line\n pre two\nText."

    blocks = split_text(text, "wikitext")

    assert blocks == [
        Block("code", "<pre>\ncode\n\nmore\n</pre>"),
        Block("code", " pre line\n pre two"),
        Block("paragraph", "Text."),
    ]


def test_split_text_wikitext_quotes() -> None:
    text = "{{quote|text\nthat\n\nspans}}\n<blockquote>Q\n\nR</blockquote>\nPara."

    blocks = split_text(text, "wikitext")

    assert blocks == [
        Block("quote", "{{quote|text\nthat\n\nspans}}"),
        Block("quote", "<blockquote>Q\n\nR</blockquote>"),
        Block("paragraph", "Para."),
    ]


def test_split_text_wikitext_template_over_blank_lines_stays_in_paragraph() -> None:
    blocks = split_text("Para {{tmpl|a\n\nb}} end.\n\n----\nNext.", "wikitext")

    assert blocks == [Block("paragraph", "Para {{tmpl|a\n\nb}} end."), Block("paragraph", "Next.")]


@pytest.mark.parametrize(
    ("fmt", "text", "line", "fragment"),
    [
        ("markdown", "Intro.\n\n```\ncode\n", 3, "code fence"),
        ("markdown", "Intro <!-- never\n\nclosed", 1, "comment"),
        ("wikitext", "Intro.\n{|\n| x\n", 2, "table"),
        ("wikitext", "Intro.\n\n|}\n", 3, "table end"),
        ("wikitext", "<pre>\nx\n", 1, "<pre>"),
        ("wikitext", "<syntaxhighlight lang=python>\nx\n", 1, "<syntaxhighlight>"),
        ("wikitext", "A\n<blockquote>\nx\n", 2, "<blockquote>"),
        ("wikitext", "Para {{tmpl|\n\nnever closed", 1, "template"),
    ],
)
def test_split_text_unclosed_is_an_error_naming_the_line(
    fmt: str, text: str, line: int, fragment: str
) -> None:
    with pytest.raises(TextError) as raised:
        split_text(text, fmt)  # type: ignore[arg-type]

    assert raised.value.line == line
    assert fragment in raised.value.message
    assert str(raised.value).startswith(f"line {line}: ")


def test_split_text_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="format"):
        split_text("x", "rst")  # type: ignore[arg-type]


_LINES = st.lists(
    st.sampled_from(
        [
            "",
            "Plain words here.",
            "# Heading",
            "== Heading ==",
            "- item",
            "* item",
            "> quote",
            ": indent",
            "| a | b |",
            "|---|---|",
            "  indented",
            "---",
            "----",
            "Text with {{tmpl}} inside.",
        ]
    ),
    max_size=30,
)


@given(_LINES, st.sampled_from(["markdown", "wikitext"]))
def test_split_text_blocks_are_trimmed_and_keep_every_word(lines: list[str], fmt: str) -> None:
    text = "\n".join(lines)

    blocks = split_text(text, fmt)  # type: ignore[arg-type]

    for block in blocks:
        # A code block keeps its leading spaces (in wikitext they are its markup).
        trimmed = block.text.strip("\n").rstrip() if block.kind == "code" else block.text.strip()
        assert block.text
        assert block.text == trimmed
    assert all((block.level > 0) == (block.kind == "heading") for block in blocks)
    kept = " ".join(block.text for block in blocks)
    for word in ("Plain", "item", "quote", "indent", "inside"):
        assert (word in text) == (word in kept)


@pytest.mark.parametrize(
    ("fmt", "text", "kinds"),
    [
        (
            "markdown",
            "Text\n| a | b |\n|---|---|\nMore\n# Heading\nLast\n> quote",
            ["paragraph", "table", "paragraph", "heading", "paragraph", "quote"],
        ),
        (
            "wikitext",
            "Text\n== Heading ==\nMore\n{|\n| x\n|}\nAfter\n pre",
            ["paragraph", "heading", "paragraph", "table", "paragraph", "code"],
        ),
    ],
)
def test_split_text_block_interrupts_a_paragraph(fmt: str, text: str, kinds: list[str]) -> None:
    assert [block.kind for block in split_text(text, fmt)] == kinds  # type: ignore[arg-type]


def test_split_text_wikitext_translation_markup_is_not_a_block() -> None:
    text = (
        "<languages/>\n<translate>\n<!--T:1-->\n== Preamble ==\n\n<!--T:2-->\n"
        "We, the members of the movement,\nagree to this charter.\n\n<!--T:3-->\n* one\n* two\n"
        "</translate>\n__NOTOC__\n[[Category:Movement Charter]]\n"
    )

    assert split_text(text, "wikitext") == [
        Block("heading", "== Preamble ==", 2),
        Block("paragraph", "We, the members of the movement,\nagree to this charter."),
        Block("list", "* one\n* two"),
        Block("paragraph", "[[Category:Movement Charter]]"),
    ]


def test_split_text_markdown_comment_alone_on_a_line_separates() -> None:
    assert split_text("<!-- note -->\nPara\n<!-- a --> <!-- b -->\nNext", "markdown") == [
        Block("paragraph", "Para"),
        Block("paragraph", "Next"),
    ]


def test_split_text_wikitext_inline_code_starts_a_paragraph() -> None:
    text = "<code>hub_add_role</code> adds a role.\nMore."

    assert split_text(text, "wikitext") == [Block("paragraph", text)]
