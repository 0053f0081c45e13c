"""Writing notes back: conventions, escaping of hostile text, and round trips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import HealthCheck, example, given, settings
from markdown_it import MarkdownIt
from mwparserfromhell.nodes import Comment, ExternalLink, Heading, Tag, Template, Text, Wikilink

from convene.notes.parsing import (
    Answer,
    Item,
    generate_sample_items,
    generate_sample_notes,
    parse,
)
from convene.notes.rendering import (
    escape_markdown,
    escape_wikitext,
    render_markdown,
    render_text,
    render_wikitext,
)
from tests.notes.strategies import item_lists

SEED = Path(__file__).parents[3] / "shared" / "seeds" / "000_e076bbaee2e5badf.txt"

Render = Callable[[list[Item]], str]

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

NOTES = [
    Item(
        "question",
        "How will hubs be funded?",
        (Answer(None, "Through grants."), Answer("MCDC", "Not decided yet.\nSee the FAQ.")),
        (
            Item(
                "question",
                "And thematic hubs?",
                (Answer(None, "See the previous answer.", refers_to_previous=True),),
            ),
            Item("comment", "Thanks."),
        ),
    ),
    Item("comment", "Great session!", (Answer("Support staff", "Thank you."),)),
    Item("question", "A: is this a question?"),
]

HOSTILE = [
    "{{subst:Delete}} this",
    "[[Main Page]] or [[File:X.png]]",
    "signed ~~~~",
    "*starts like a bullet",
    "#starts like a number",
    ":starts like an indent",
    "<script>alert(1)</script>",
    "'''bold''' and ''italic''",
    "</nowiki>{{x}}<nowiki>",
    "&lt;b&gt; and &amp;",
    "[https://example.org link] https://example.org",
    "__NOTOC__ == heading ==",
    "{| table |}",
    "a | b = c",
    "-{ zh }-",
    "<!-- hidden -->",
    "----",
    # Free links start at a word boundary: any non-word character opens one.
    "+mailto:a@example.org",
    "a.mailto:b@example.org and x-tel:123 and é geo:1,2",
]


# ---------------------------------------------------------------------------
# Conventions
# ---------------------------------------------------------------------------


def test_render_wikitext_writes_the_notes_conventions() -> None:
    assert render_wikitext(NOTES) == (
        "* How will hubs be funded?\n"
        "** Response: Through grants.\n"
        "** MCDC response: Not decided yet.<br />See the FAQ.\n"
        "** Follow up question: And thematic hubs?\n"
        "*** Response: See the previous answer.\n"
        "** Follow up comment: Thanks.\n"
        "* C: Great session!\n"
        "** Support staff response: Thank you.\n"
        "* Q: A: is this a question?\n"
    )


def test_render_markdown_writes_the_notes_conventions() -> None:
    assert render_markdown(NOTES) == (
        "- How will hubs be funded?\n"
        "  - Response: Through grants.\n"
        "  - MCDC response: Not decided yet.\\\n"
        "    See the FAQ.\n"
        "  - Follow up question: And thematic hubs?\n"
        "    - Response: See the previous answer.\n"
        "  - Follow up comment: Thanks.\n"
        "- C: Great session!\n"
        "  - Support staff response: Thank you.\n"
        "- Q: A: is this a question?\n"
    )


def test_render_text_writes_glyph_bullets_like_the_seed() -> None:
    assert render_text(NOTES[1:]) == (
        "  • C: Great session!\n"
        "    ◦ Support staff response: Thank you.\n"
        "  • Q: A: is this a question?\n"
    )


def test_render_empty_list_is_empty_text() -> None:
    assert (render_wikitext([]), render_markdown([]), render_text([])) == ("", "", "")


# ---------------------------------------------------------------------------
# Escaping
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text, it's fine", "plain text, it's fine"),
        ("{{x}}", "<nowiki>{{x}}</nowiki>"),
        ("</nowiki>", "<nowiki>&lt;/nowiki></nowiki>"),
        ("a & b &amp;", "<nowiki>a &amp; b &amp;amp;</nowiki>"),
        ("one\n[[two]]", "one<br /><nowiki>[[two]]</nowiki>"),
    ],
)
def test_escape_wikitext_wraps_risky_paragraphs_in_nowiki(text: str, expected: str) -> None:
    assert escape_wikitext(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text, it's fine.", "plain text, it's fine."),
        ("**bold** [link](x) <b>", "\\*\\*bold\\*\\* \\[link\\](x) \\<b\\>"),
        ("# heading", "\\# heading"),
        ("1. item", "1\\. item"),
        ("- item", "\\- item"),
        ("a\\b & c", "a\\\\b \\& c"),
        ("one\n> two", "one\\\n  \\> two"),
    ],
)
def test_escape_markdown_backslashes_specials(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def user_wiki_nodes(wikitext: str) -> list[str]:
    """Node kinds in rendered wikitext other than list markers, text, nowiki and br."""
    code = mwparserfromhell.parse(wikitext, skip_style_tags=False)
    found = []
    for node in code.nodes:
        if isinstance(node, Text):
            continue
        if isinstance(node, Tag) and (
            str(node.tag) in ("nowiki", "br") or node.wiki_markup in ("*", "#", ":")
        ):
            continue
        found.append(type(node).__name__)
    return found


@pytest.mark.parametrize("text", HOSTILE)
def test_render_wikitext_hostile_text_makes_no_markup(text: str) -> None:
    items = [Item("question", text, (Answer("MCDC", text),), (Item("comment", text),))]

    wikitext = render_wikitext(items)

    assert user_wiki_nodes(wikitext) == []
    assert [line.split(" ", 1)[0] for line in wikitext.splitlines()] == ["*", "**", "**"]
    assert parse(wikitext, "wikitext").items == items


def test_render_wikitext_markup_classes_absent_for_hostile_text() -> None:
    wikitext = render_wikitext([Item("question", text) for text in HOSTILE])

    code = mwparserfromhell.parse(wikitext, skip_style_tags=False)

    kinds = (Template, Wikilink, ExternalLink, Comment, Heading)
    assert code.filter(recursive=True, forcetype=kinds) == []


def markdown_token_kinds(markdown: str) -> set[str]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    kinds = {t.type for t in tokens}
    for token in tokens:
        kinds.update(child.type for child in token.children or [])
    return kinds


@pytest.mark.parametrize("text", [*HOSTILE, "# h", "> q", "1. n", "`c`", "*e*", "<b>", "[a](b)"])
def test_render_markdown_hostile_text_makes_no_markup(text: str) -> None:
    items = [Item("question", text, (Answer("MCDC", text),), (Item("comment", text),))]

    markdown = render_markdown(items)

    assert markdown_token_kinds(markdown) <= {
        "bullet_list_open",
        "bullet_list_close",
        "list_item_open",
        "list_item_close",
        "paragraph_open",
        "paragraph_close",
        "inline",
        "text",
        "text_special",
    }
    assert parse(markdown, "markdown").items == items


# ---------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------


@FUZZ
@given(item_lists())
def test_render_wikitext_round_trips_any_items(items: list[Item]) -> None:
    wikitext = render_wikitext(items)

    result = parse(wikitext, "wikitext")

    assert (result.items, result.problems) == (items, [])


@FUZZ
@given(item_lists())
@example([Item("question", "+mailto:a@example.org")])  # found by hypothesis: was a link
def test_render_wikitext_user_text_never_becomes_markup(items: list[Item]) -> None:
    assert user_wiki_nodes(render_wikitext(items)) == []


@FUZZ
@given(item_lists())
def test_render_markdown_round_trips_any_items(items: list[Item]) -> None:
    markdown = render_markdown(items)

    result = parse(markdown, "markdown")

    assert (result.items, result.problems) == (items, [])


@pytest.mark.parametrize("render", [render_wikitext, render_markdown, render_text])
def test_render_sample_items_round_trip_with_auto_detection(render: Render) -> None:
    items = generate_sample_items(200)

    assert parse(render(items)).items == items


@pytest.mark.parametrize(
    ("render", "fmt"),
    [(render_wikitext, "wikitext"), (render_markdown, "markdown"), (render_text, "text")],
)
def test_generate_sample_notes_matches_the_renderers(render: Render, fmt: str) -> None:
    assert generate_sample_notes(50, fmt) == render(generate_sample_items(50))


@pytest.mark.skipif(not SEED.exists(), reason=f"seed file not found at {SEED}")
@pytest.mark.parametrize(
    ("render", "fmt"), [(render_wikitext, "wikitext"), (render_markdown, "markdown")]
)
def test_render_seed_notes_round_trip(render: Render, fmt: str) -> None:
    items = parse(SEED.read_text(encoding="utf-8")).items

    assert parse(render(items), fmt).items == items
