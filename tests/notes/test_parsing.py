"""Reading session notes: the seed, fixtures in every format, prefixes, problems, fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convene.notes.parsing import (
    Answer,
    Item,
    Label,
    ParseResult,
    Problem,
    classify,
    detect_format,
    generate_sample_items,
    generate_sample_notes,
    is_pointer,
    is_valid_by,
    items_from_json,
    normalize_text,
    parse,
)
from tests.notes.strategies import HOSTILE_FRAGMENTS, item_lists

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).parents[3] / "shared" / "seeds" / "000_e076bbaee2e5badf.txt"

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read(name: str) -> str:
    # newline="" keeps CRLF as it is on disk, so the parser sees what a user pasted.
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return f.read()


def all_items(items: list[Item] | tuple[Item, ...]) -> list[Item]:
    """Every item, follow-ups included, depth first."""
    out: list[Item] = []
    for item in items:
        out.append(item)
        out.extend(all_items(item.followups))
    return out


# ---------------------------------------------------------------------------
# The seed
# ---------------------------------------------------------------------------

needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"seed file not found at {SEED}")


@needs_seed
def test_parse_seed_counts_questions_answers_and_followups() -> None:
    result = parse(SEED.read_text(encoding="utf-8"))

    questions = [i for i in all_items(result.items) if i.kind == "question"]
    answers = [a for i in all_items(result.items) for a in i.answers]
    counts = {
        "format": result.fmt,
        "top_level_questions": sum(1 for i in result.items if i.kind == "question"),
        "questions": len(questions),
        "followups": sum(len(i.followups) for i in all_items(result.items)),
        "answers": len(answers),
        "refers_to_previous": sum(1 for a in answers if a.refers_to_previous),
        "unanswered": [q.text for q in questions if not q.answers],
        "problems": result.problems,
    }

    assert counts == {
        "format": "text",
        "top_level_questions": 10,
        "questions": 12,
        "followups": 2,
        "answers": 13,
        "refers_to_previous": 1,
        "unanswered": [
            (
                "if we want to discuss strategy in India, and need to plan a meet up for that. "
                "Can we request a grant for such a meetup?"
            )
        ],
        "problems": [],
    }


@needs_seed
def test_parse_seed_nests_followup_with_its_pointing_back_answer() -> None:
    result = parse(SEED.read_text(encoding="utf-8"))

    hubs = result.items[3]

    assert [a.by for a in hubs.answers] == [None, None, None]
    assert hubs.answers[2].text == (
        "MCDC is in the process of considering how Hubs will connect with future movement "
        "governance. The closing comment on this question was not to rush the creation of hubs."
    )
    assert hubs.followups == (
        Item(
            "question",
            "To whom the hubs are going to be responsible or answerable ? There should be "
            "clarity on the social dynamics and relevant process across the wikimedia movements.",
            (Answer(None, "See the previous answer.", refers_to_previous=True),),
        ),
    )


@needs_seed
def test_parse_seed_skips_text_outside_the_list() -> None:
    result = parse(SEED.read_text(encoding="utf-8"))

    assert result.items[0].text.startswith("Are the non-affiliate organized wikimedia groups")
    assert result.items[-1] == Item(
        "question",
        "What is the issue with grants to Bangladesh?",
        (
            Answer(
                None,
                "There are various institutional challenges in disbursing grants in "
                "Bangladesh. Work is ongoing to find a solution.",
            ),
        ),
    )


# ---------------------------------------------------------------------------
# Fixtures in each format
# ---------------------------------------------------------------------------

SESSION_ITEMS = [
    Item(
        "question",
        "Will the charter cover Hubs?",
        (
            Answer(
                "MCDC",
                "Yes; see the hubs page and Example's summary.\n"
                "The drafting group will publish it in 2023.",
            ),
        ),
        (
            Item(
                "question",
                "Who approves a hub?",
                (Answer(None, "See the previous answer.", refers_to_previous=True),),
            ),
        ),
    ),
    Item(
        "question",
        "What about {{templates}} and italic text?",
        (
            Answer(
                "Support staff",
                "They are shown as written.\nA second paragraph.\n"
                "It was discussed for a long time.",
            ),
        ),
    ),
    Item("comment", "Thank you all & goodbye!", (), (Item("comment", "Agreed."),)),
    Item("question", "Numbered question?", (Answer(None, "Numbered answer."),)),
]


@pytest.mark.parametrize(
    ("name", "fmt"), [("session_notes.wiki", "wikitext"), ("session_notes.md", "markdown")]
)
def test_parse_session_fixture_reduces_markup(name: str, fmt: str) -> None:
    result = parse(read(name))

    assert (result.fmt, result.items, result.problems) == (fmt, SESSION_ITEMS, [])


def test_parse_crlf_reads_like_lf() -> None:
    text = read("crlf_notes.txt")

    result = parse(text)

    assert "\r\n" in text
    assert result.items == parse(text.replace("\r\n", "\n")).items
    assert result.items == [
        Item("question", "First question?", (Answer(None, "First answer."),)),
        Item("question", "Second question?", (Answer("MCDC", "Second answer."),)),
    ]


def test_parse_rtl_and_emoji_kept_as_written() -> None:
    result = parse(read("rtl_emoji.txt"))

    assert result.items == [
        Item(
            "question",
            "هل سيتم ترجمة الميثاق إلى العربية؟ 🌍",
            (Answer(None, "نعم، يعمل السفراء على ذلك. ✅"),),
        ),
        Item(
            "question",
            "האם יהיה מפגש אזורי בישראל?",
            (Answer("MCDC", "כן 👍🏽"),),
            (
                Item(
                    "question",
                    "מתי? 👩🏽\u200d💻",
                    (Answer(None, "Same as above", refers_to_previous=True),),
                ),
            ),
        ),
    ]


def test_parse_flat_prefixed_lines_without_bullets() -> None:
    result = parse(read("flat_prefixes.txt"))

    assert result.items == [
        Item(
            "question", "How are hubs funded?", (Answer(None, "Through Movement Strategy grants."),)
        ),
        Item(
            "comment",
            "The grants page needs translating.",
            (Answer("Support staff", "We will ask the ambassadors."),),
        ),
        Item(
            "question",
            "Is there a deadline?",
            (),
            (Item("question", "And for translations?", (Answer(None, "Not yet."),)),),
        ),
    ]


def test_parse_unplaceable_lines_reported_with_line_numbers() -> None:
    result = parse(read("problems.wiki"))

    assert result.items == [
        Item("question", "A follow-up before any question."),
        Item("question", "A real question?", (Answer(None, "Much too deep."),)),
    ]
    assert [(p.line, p.message) for p in result.problems] == [
        (2, "nested deeper than the bullet above it; placed one level below it"),
        (2, "answer with no question before it; skipped"),
        (3, "follow-up with nothing before it; kept as a question"),
        (5, "nested deeper than the bullet above it; placed one level below it"),
    ]
    assert result.problems[3] == Problem(
        5, "nested deeper than the bullet above it; placed one level below it", "*** Much too deep."
    )


# ---------------------------------------------------------------------------
# Wikitext and Markdown details
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wikitext", "expected"),
    [
        ("* [[Hubs|hub]] and [[Hubs]]", "hub and Hubs"),
        (
            "* [https://example.org the site] [https://example.org/bare]",
            "the site https://example.org/bare",
        ),
        ("* {{u|Ziko}} said {{citation needed}} it", "Ziko said it"),
        ("* '''bold''' and ''italic'' and '''''both'''''", "bold and italic and both"),
        ("* <nowiki>[[not a link]] {{nor this}}</nowiki>", "[[not a link]] {{nor this}}"),
        ("* <nowiki>&lt;/nowiki> &amp;amp;</nowiki>", "</nowiki> &amp;"),
        ("* text<ref>a footnote</ref> [[Category:Notes]]", "text"),
        ("* {{lang|fr|bonjour}} &mdash; ok", "bonjour — ok"),
        ("* a <!-- hidden\n* comment --> b", "a b"),
    ],
)
def test_parse_wikitext_markup_reduced_to_readable_text(wikitext: str, expected: str) -> None:
    result = parse(wikitext, "wikitext")

    assert result.items == [Item("question", expected)]


def test_parse_wikitext_ordered_and_continuation_markers() -> None:
    text = "# Question one?\n#* Answer one.\n#*: More of it.\n#: A note on the question.\n# Two?"

    result = parse(text, "wikitext")

    assert result.items == [
        Item(
            "question",
            "Question one?\nA note on the question.",
            (Answer(None, "Answer one.\nMore of it."),),
        ),
        Item("question", "Two?"),
    ]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("- **bold** and *em* and `code`", "bold and em and code"),
        ("- [text](https://example.org) and <https://example.org>", "text and https://example.org"),
        ("- \\*not emphasis\\* \\[nor link\\]", "*not emphasis* [nor link]"),
        ("- &amp; &copy; \\&amp;", "& © &amp;"),
        ("+ plus\n\n1) numbered", "plus"),
    ],
)
def test_parse_markdown_inline_reduced_to_readable_text(markdown: str, expected: str) -> None:
    result = parse(markdown, "markdown")

    assert result.items[0] == Item("question", expected)


def test_parse_markdown_skips_fenced_code_and_rules() -> None:
    text = "```\n- not a note\n```\n\n* * *\n\n- A note?\n  - Yes.\n"

    result = parse(text, "markdown")

    assert result.items == [Item("question", "A note?", (Answer(None, "Yes."),))]


def test_parse_blank_lines_inside_list_keep_nesting() -> None:
    text = "* Q one?\n\n** Response: A.\n\n\n** Follow up question: Q two?\n\n*** Response: B."

    result = parse(text, "wikitext")

    assert result.items == [
        Item(
            "question",
            "Q one?",
            (Answer(None, "A."),),
            (Item("question", "Q two?", (Answer(None, "B."),)),),
        )
    ]


def test_parse_answer_under_answer_goes_to_the_question() -> None:
    text = "- Q?\n  - Response: one.\n    - MCDC response: two.\n    - Follow up question: three?"

    result = parse(text, "markdown")

    assert result.items == [
        Item(
            "question",
            "Q?",
            (Answer(None, "one."), Answer("MCDC", "two.")),
            (Item("question", "three?"),),
        )
    ]


def test_parse_deep_followups_nest() -> None:
    depth = 30
    lines = ["* Q0?"] + [f"{'*' * (d + 1)} Follow up question: Q{d}?" for d in range(1, depth)]

    result = parse("\n".join(lines), "wikitext")

    chain = []
    item = result.items[0]
    while True:
        chain.append(item.text)
        if not item.followups:
            break
        item = item.followups[0]
    assert chain == [f"Q{d}?" for d in range(depth)]
    assert result.problems == []


def test_parse_nesting_beyond_limit_reported_not_raised() -> None:
    count = 200
    lines = ["* Q0?"] + [f"{'*' * (d + 1)} Q: Q{d}?" for d in range(1, count)]

    result = parse("\n".join(lines), "wikitext")

    assert len(all_items(result.items)) == count
    assert result.problems[0].message == "nested over 40 levels; placed beside the one above"


# ---------------------------------------------------------------------------
# Prefixes, pointers, normalisation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q: text", Label("question", None, "text")),
        ("question:text", Label("question", None, "text")),
        ("'''Q:''' text", Label("question", None, "text")),
        ("**Q**: text", Label("question", None, "text")),
        ("C: text", Label("comment", None, "text")),
        ("Comment: text", Label("comment", None, "text")),
        ("Response: text", Label("answer", None, "text")),
        ("answer: text", Label("answer", None, "text")),
        ("A: text", Label("answer", None, "text")),
        ("MCDC response: text", Label("answer", "MCDC", "text")),
        ("'''Support staff response:''' text", Label("answer", "Support staff", "text")),
        ("Follow up question: text", Label("followup_question", None, "text")),
        ("Follow-up question: text", Label("followup_question", None, "text")),
        ("Followup question: text", Label("followup_question", None, "text")),
        ("Follow Up Comment: text", Label("followup_comment", None, "text")),
        ("What was the response: good?", None),
        ("Dear all, here is our response: thanks", None),
        ("Notes (see the etherpad):", None),
        ("Q. text", None),
        ("Quick question: text", None),
    ],
)
def test_classify_prefix_decides_role(text: str, expected: Label | None) -> None:
    assert classify(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See the previous answer.", True),
        ("See previous answer.", True),
        ("Same as above", True),
        ("See the answer above", True),
        ("see the previous response!", True),
        ("As above.", True),
        ("See the previous answer about hubs, and also the grants page.", False),
        ("Yes.", False),
    ],
)
def test_is_pointer_only_for_whole_pointing_back_answers(text: str, expected: bool) -> None:
    assert is_pointer(text) is expected


@pytest.mark.parametrize(
    ("by", "expected"),
    [("MCDC", True), ("Support staff", True), ("Q", True), ("What", False), ("a: b", False)],
)
def test_is_valid_by_matches_what_parses_back(by: str, expected: bool) -> None:
    assert is_valid_by(by) is expected


def test_normalize_text_collapses_whitespace_and_empty_paragraphs() -> None:
    text = "  a\u00a0\t b \r\n\r\n\n c\x00d \u2028 e  "

    assert normalize_text(text) == "a b\ncd\ne"


def test_item_normalizes_text_and_rejects_unknown_kind() -> None:
    assert Item("question", " a  b ", [Answer(" X  Y ", "c")]) == Item(
        "question", "a b", (Answer("X Y", "c"),)
    )
    with pytest.raises(ValueError, match="kind must be"):
        Item("statement", "x")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Formats, JSON, robustness, size
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Intro\n\n  • a\n    ◦ Response: b", "text"),
        ("* a\n** Response: b", "wikitext"),
        ("* '''Q:''' a", "wikitext"),
        ("- a\n  - Response: b", "markdown"),
        ("* a\n  * **Response:** b", "markdown"),
        ("1. a\n2. b", "markdown"),
        ("* a\n* b", "wikitext"),
        ("Just a paragraph.", "text"),
        ("", "text"),
    ],
)
def test_detect_format_picks_the_notes_dialect(text: str, expected: str) -> None:
    assert detect_format(text) == expected


def test_parse_unknown_format_raises_value_error() -> None:
    with pytest.raises(ValueError, match="unknown notes format 'html'"):
        parse("* a", "html")


def test_to_json_gives_the_notes_json_shape() -> None:
    result = ParseResult(
        items=[Item("question", "Q?", (Answer("MCDC", "A."),), (Item("comment", "C."),))]
    )

    assert result.to_json() == {
        "items": [
            {
                "kind": "question",
                "text": "Q?",
                "answers": [{"by": "MCDC", "text": "A.", "refers_to_previous": False}],
                "followups": [{"kind": "comment", "text": "C.", "answers": [], "followups": []}],
            }
        ]
    }


@FUZZ
@given(item_lists())
def test_items_from_json_inverts_to_json(items: list[Item]) -> None:
    assert items_from_json(ParseResult(items=items).to_json()) == items


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"items": "x"}, "items: expected a list"),
        ({"items": [{"kind": "poll", "text": "x"}]}, r"items\[0\].kind"),
        ({"items": [{"kind": "question", "text": 1}]}, r"items\[0\].text"),
        ({"items": [{"kind": "question", "text": "x", "answers": [{"by": 2, "text": "y"}]}]}, "by"),
    ],
)
def test_items_from_json_rejects_bad_shapes(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        items_from_json(data)


@FUZZ
@given(
    st.one_of(
        st.text(),
        st.lists(st.one_of(st.text(max_size=5), st.sampled_from(HOSTILE_FRAGMENTS))).map("".join),
        st.lists(st.sampled_from(("*", "#", ":", ";", " ", "  ", "-", "•", "\n", "Q: ", "x"))).map(
            "".join
        ),
    ),
    st.sampled_from(("auto", "text", "wikitext", "markdown")),
)
def test_parse_arbitrary_text_never_raises(text: str, fmt: str) -> None:
    result = parse(text, fmt)

    line_count = len(text.splitlines()) + 1
    assert all(1 <= p.line <= line_count for p in result.problems)


@pytest.mark.parametrize("fmt", ["text", "wikitext", "markdown"])
def test_generate_sample_notes_10k_parses_back(fmt: str) -> None:
    size = 10_000
    notes = generate_sample_notes(size, fmt)

    result = parse(notes)

    assert (result.fmt, result.problems) == (fmt, [])
    assert result.items == generate_sample_items(size)
    assert len(result.items) == size
