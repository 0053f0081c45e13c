"""parse_talk_page on real-looking wikitext: signatures, replies, unsigned comments."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convene.consultations.text import TalkComment, parse_talk_page

DATA = Path(__file__).parent / "data"


def at(day: int, month: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2022, month, day, hour, minute, tzinfo=dt.UTC)


def test_parse_talk_page_sample_file() -> None:
    comments = parse_talk_page((DATA / "talk_roles.wiki").read_text(encoding="utf-8"))

    hubs, council = "Hubs and non-affiliated groups", "Roles of the Global Council"
    assert [comment.section for comment in comments] == [hubs] * 6 + [council] * 8 + [
        "Glossary"
    ] * 2
    assert [(comment.line, comment.depth) for comment in comments] == [
        (10, 0), (11, 1), (12, 2), (14, 3),
        (15, 4),  # after {{outdent}}: a reply to the comment above, one level deeper
        (16, 5), (19, 0), (22, 1), (23, 0), (24, 1), (25, 1), (26, 1), (27, 1), (28, 1),
        (31, 0), (34, 0),
    ]  # fmt: skip
    assert [(comment.author, comment.signed_at) for comment in comments] == [
        ("Amara K", at(21, 11, 9, 15)),
        ("Jonas Weber (MCDC)", at(21, 11, 10, 2)),
        ("Tiwa", at(21, 11, 14, 40)),
        ("Lin Mei", at(22, 11, 2, 11)),
        ("2001:db8::7", at(22, 11, 18, 30)),
        ("Jonas Weber (MCDC)", at(23, 11, 8, 0)),
        ("Kleiner Bär", at(24, 11, 20, 5)),
        ("Amara K", at(24, 11, 21, 0)),
        (None, None),  # unsigned
        ("Lin Mei", at(5, 12, 3, 30)),  # American date order
        ("198.51.100.4", at(5, 12, 11, 11)),  # substituted {{unsigned}}
        ("Ravi Menon", at(6, 12, 16, 20)),  # {{unsigned|name|date}}
        ("Pedro.Alves", at(6, 12, 17, 45)),  # {{unsigned2|date|name}}
        ("Élodie", None),  # a timestamp in another zone ends the comment, without a date
        (None, None),
        ("Tiwa", None),  # signed without a date
    ]
    assert [comment.text for comment in comments] == [
        (
            "How will hubs work with groups that are not affiliates? In our region most of the "
            "activity comes from informal groups."
        ),
        (
            "Thanks for asking. The draft says a hub ''may'' include them, but we have not decided "
            "how."
        ),
        (
            "That is not enough. Informal groups do most of the work here.\n"
            "They should have a seat, not an invitation."
        ),
        "I agree with [[User:Tiwa|Tiwa]].",
        "Could the committee publish the options it considered?",
        "We will, in the next draft.",
        (
            "The council's role in approving budgets is unclear.\n\n"
            "It could mean an annual review or a veto on each grant. Which one is meant?"
        ),
        "An annual review, as I read it.",
        "I think the council should not approve budgets at all.",
        "'''Support''' an annual review.",
        "'''Oppose''' any approval by the council.",
        "Neutral, the wording is what matters.",
        "Same as Ravi.",
        "Annual review, please.",
        (
            'We need a glossary for "hub", "affiliate" and "movement body".\n'
            "Especially for translators."
        ),
        "Signed without a date.",
    ]


def test_parse_talk_page_empty_and_furniture_only() -> None:
    assert parse_talk_page("") == []
    assert parse_talk_page("{{Talk header}}\n{{WikiProject|\n|class=B\n}}\n__TOC__\n") == []


def test_parse_talk_page_comment_before_any_section() -> None:
    text = "Hello all. [[User:Ana|Ana]] 10:00, 1 December 2022 (UTC)\n== Later ==\n"

    assert parse_talk_page(text) == [TalkComment("", "Ana", at(1, 12, 10, 0), "Hello all.", 0, 1)]


def test_parse_talk_page_section_title_without_markup() -> None:
    text = (
        "=== '''Roles''' <small>(draft 2)</small> ===\nText. [[User:Ana]] 10:00, 1 May 2022 (UTC)"
    )

    assert parse_talk_page(text)[0].section == "Roles (draft 2)"


def test_parse_talk_page_user_name_normalised() -> None:
    text = "Text. [[user:ana_maria_lópez|me]] 10:00, 1 December 2022 (UTC)"

    assert parse_talk_page(text)[0].author == "Ana maria lópez"


def test_parse_talk_page_mention_is_not_the_author() -> None:
    text = (
        "As [[User:Bo|Bo]] said. [[User:Ana|Ana]] ([[User talk:Ana|talk]]) 10:00, 1 May 2022 (UTC)"
    )

    [comment] = parse_talk_page(text)

    assert (comment.author, comment.text) == ("Ana", "As [[User:Bo|Bo]] said.")


def test_parse_talk_page_mentioned_user_in_the_middle_does_not_sign() -> None:
    text = "I asked [[User:Bo|Bo]] about it yesterday and got no answer"

    [comment] = parse_talk_page(text)

    assert (comment.author, comment.signed_at) == (None, None)


def test_parse_talk_page_timestamp_alone_signs_without_author() -> None:
    [comment] = parse_talk_page("Anonymous point. 10:00, 1 December 2022 (UTC)")

    assert comment == TalkComment("", None, at(1, 12, 10, 0), "Anonymous point.", 0, 1)


def test_parse_talk_page_bad_date_is_kept_as_a_signature_without_date() -> None:
    [comment] = parse_talk_page("Odd. [[User:Ana|Ana]] 10:00, 31 February 2022 (UTC)")

    assert (comment.author, comment.signed_at, comment.text) == ("Ana", None, "Odd.")


def test_parse_talk_page_outdent_on_its_own_line() -> None:
    text = (
        "Start. [[User:Ana|Ana]] 10:00, 1 December 2022 (UTC)\n"
        ":Reply. [[User:Bo|Bo]] 11:00, 1 December 2022 (UTC)\n"
        "{{od}}\n"
        "Outdented. [[User:Cy|Cy]] 12:00, 1 December 2022 (UTC)\n"
        ":Under it. [[User:Ana|Ana]] 13:00, 1 December 2022 (UTC)\n"
    )

    depths = [(comment.author, comment.depth) for comment in parse_talk_page(text)]

    assert depths == [("Ana", 0), ("Bo", 1), ("Cy", 2), ("Ana", 3)]


def test_parse_talk_page_unsigned_lines_form_one_item_until_the_indent_changes() -> None:
    text = (
        "First unsigned line.\n"
        "Second unsigned line.\n"
        ":A reply, unsigned too.\n"
        "::A signed reply. [[User:Bo|Bo]] 11:00, 1 December 2022 (UTC)\n"
    )

    comments = parse_talk_page(text)

    assert [(c.author, c.depth, c.line, c.text) for c in comments] == [
        (None, 0, 1, "First unsigned line.\nSecond unsigned line."),
        (None, 1, 3, "A reply, unsigned too."),
        ("Bo", 2, 4, "A signed reply."),
    ]


def test_parse_talk_page_hidden_comment_keeps_line_numbers() -> None:
    text = "<!-- hidden\nover\nlines -->\nVisible. [[User:Ana|Ana]] 10:00, 1 December 2022 (UTC)"

    [comment] = parse_talk_page(text)

    assert (comment.line, comment.text) == (4, "Visible.")


def test_parse_talk_page_crlf() -> None:
    text = "== A ==\r\nOne. [[User:Ana|Ana]] 10:00, 1 December 2022 (UTC)\r\n"

    assert parse_talk_page(text) == [TalkComment("A", "Ana", at(1, 12, 10, 0), "One.", 0, 2)]


@pytest.mark.parametrize(
    ("signature", "author"),
    [
        ("[[Benutzer:Kleiner Bär|KB]] ([[Benutzer Diskussion:Kleiner Bär|D]])", "Kleiner Bär"),
        ("[[:en:User:Ana|Ana]]", "Ana"),
        ("[[w:de:Benutzer:Ana|Ana]]", "Ana"),
        ("[[User talk:Ana#top|Ana]]", "Ana"),
        ("[[User:Ana/sig|Ana]]", "Ana"),
        ("[[Special:Contributions/203.0.113.9|203.0.113.9]]", "203.0.113.9"),
        ("'''[[User:Ana|<span style=\"color:red\">Ana</span>]]'''", "Ana"),
        ("{{unsigned IP|203.0.113.9}}", "203.0.113.9"),
    ],
)
def test_parse_talk_page_signature_forms(signature: str, author: str) -> None:
    [comment] = parse_talk_page(f"Point. {signature} 10:00, 1 December 2022 (UTC)")

    assert (comment.author, comment.signed_at, comment.text) == (author, at(1, 12, 10, 0), "Point.")


_NAMES = st.sampled_from(["Ana", "Bo Lee", "Kleiner Bär", "203.0.113.9", "Jonas (MCDC)"])
_WORDS = st.lists(
    st.sampled_from(["hubs", "council", "agree", "why?", "''not''", "[[Charter]]", "2022"]),
    min_size=1,
    max_size=8,
).map(" ".join)
# Hypothesis takes naive bounds and adds the zone itself.
_WHEN = st.datetimes(
    min_value=dt.datetime(2001, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
).map(lambda moment: moment.replace(second=0, microsecond=0))


def _signature(name: str, when: dt.datetime, style: int) -> str:
    stamp = f"{when:%H:%M}, {when.day} {when:%B %Y} (UTC)"
    if name[0].isdigit():
        return f"[[Special:Contributions/{name}|{name}]] {stamp}"
    if style == 0:
        return f"[[User:{name}|{name}]] ([[User talk:{name}|talk]]) {stamp}"
    if style == 1:
        return f"—[[User:{name.replace(' ', '_')}|<b>{name}</b>]] {stamp}"
    return f"{{{{unsigned|{name}|{stamp}}}}}"


@given(
    st.lists(
        st.tuples(_NAMES, _WORDS, st.integers(0, 4), _WHEN, st.integers(0, 2)),
        min_size=1,
        max_size=10,
    )
)
def test_parse_talk_page_reads_back_a_written_thread(
    thread: list[tuple[str, str, int, dt.datetime, int]],
) -> None:
    lines = ["== Thread =="] + [
        f"{':' * depth}{text} {_signature(name, when, style)}"
        for name, text, depth, when, style in thread
    ]

    comments = parse_talk_page("\n".join(lines))

    assert comments == [
        TalkComment("Thread", name, when, text, depth, number)
        for number, (name, text, depth, when, _style) in enumerate(thread, start=2)
    ]


@given(st.text(alphabet=st.sampled_from(list("=:*#{}[]|<>-~ \nabUser:(UTC)12,")), max_size=200))
def test_parse_talk_page_any_text_gives_ordered_comments(text: str) -> None:
    comments = parse_talk_page(text)

    assert [comment.line for comment in comments] == sorted(comment.line for comment in comments)
    assert all(1 <= comment.line <= text.count("\n") + 1 for comment in comments)
    assert all(comment.depth >= 0 for comment in comments)


def test_parse_talk_page_heading_links_and_templates() -> None:
    text = "== {{anchor|r}}About [[Hub|hubs]] and [[Regions]] ==\nText. [[User:Ana]]"

    assert parse_talk_page(text)[0].section == "About hubs and Regions"


def test_parse_talk_page_abbreviated_month() -> None:
    [comment] = parse_talk_page("Point. [[User:Ana|Ana]] 09:05, 3 Sep 2022 (UTC)")

    assert comment.signed_at == dt.datetime(2022, 9, 3, 9, 5, tzinfo=dt.UTC)
